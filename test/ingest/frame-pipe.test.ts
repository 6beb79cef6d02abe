import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FramePool } from '../../src/ingest/frame-pool';
import { openFramePipe, readFrames } from '../../src/ingest/frame-pipe';
import { RawFrameReader } from '../../src/ingest/raw-frame-reader';

/** Runs `script` (node -e) with the pipe's write end as stdout; resolves with the frames read, once all is read. */
async function framesFrom(script: string, frameBytes: number) {
  const pool = new FramePool(frameBytes);
  const frames: Buffer[] = [];
  const reader = new RawFrameReader(pool, (data) => frames.push(data));
  const pipe = await openFramePipe();
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', pipe.writeFd, 'inherit'] });
  fs.closeSync(pipe.writeFd);
  await readFrames(pipe.readFd, reader);
  return { frames, child, pool };
}

describe('the pipe a camera frames come through', () => {
  it('delivers every frame the writer wrote, the last ones too, whatever the write sizes', async () => {
    // 40 frames of 100 kB (each filled with its number), written in odd pieces, then the writer exits.
    const script = `
      const frames = 40, size = 100000, all = Buffer.alloc(frames * size);
      for (let i = 0; i < frames; i++) all.fill(i, i * size, (i + 1) * size);
      let at = 0;
      const next = () => { if (at >= all.length) return; const n = 7919 + (at % 50000); process.stdout.write(all.subarray(at, at + n), next); at += n; };
      next();`;
    const { frames, child, pool } = await framesFrom(script, 100_000);
    expect(frames).toHaveLength(40);
    frames.forEach((f, i) => expect(f.every((byte) => byte === i)).toBe(true));
    // Read straight into the frames held: the only other buffer is the one the next frame would fill.
    expect(new Set(frames).size).toBe(40);
    expect(pool.allocated).toBe(41);
    expect(child.exitCode ?? (await new Promise((r) => child.once('exit', r)))).toBe(0);
  });

  it('ends when the writer dies mid-frame, without the partial frame', async () => {
    const script = `process.stdout.write(Buffer.alloc(250), () => process.kill(process.pid, 'SIGKILL'));`;
    const { frames } = await framesFrom(script, 100);
    expect(frames).toHaveLength(2);
  });

  it('ends when the writer could not even start', async () => {
    const pipe = await openFramePipe();
    const child = spawn('/nonexistent/ffmpeg', [], { stdio: ['ignore', pipe.writeFd, 'ignore'] });
    child.on('error', () => {});
    fs.closeSync(pipe.writeFd);
    const frames: Buffer[] = [];
    await readFrames(pipe.readFd, new RawFrameReader(new FramePool(10), (d) => frames.push(d)));
    expect(frames).toHaveLength(0);
  });
});
