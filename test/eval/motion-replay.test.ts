// Motion gating on real footage, through `cctv replay --json` with the default model: a camera that
// looks at an empty, still scene for long stretches runs the model rarely there, and the two men
// without vests who appear in it are captured at the same moments as with gating off.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { replayCommand } from '../../src/cli/replay';
import { sharedDir } from '../../src/config/paths';
import { captureConsole } from '../helpers/console';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-motion-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const { stdout, stderr } = captureConsole();

/** 8 s of an empty grey scene, then 10 s of a still photo of two workers without vests (pictor_8). */
function staticClip(): string {
  const file = path.join(tmp, 'still-then-workers.mp4');
  const photo = path.join(sharedDir(), 'media', 'pictor_8.jpg');
  const fit = 'scale=1280:720:force_original_aspect_ratio=decrease,pad=1280:720:(ow-iw)/2:(oh-ih)/2,setsar=1';
  execFileSync('ffmpeg', [
    ...['-v', 'error', '-f', 'lavfi', '-i', 'color=c=gray:s=1280x720:d=8:r=25'],
    ...['-loop', '1', '-t', '10', '-r', '25', '-i', photo],
    ...['-filter_complex', `[1:v]${fit}[b];[0:v][b]concat=n=2:v=1[v]`, '-map', '[v]'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', file],
  ]);
  return file;
}

async function replay(clip: string, motion: boolean) {
  const config = path.join(tmp, `motion-${motion}.json`);
  fs.writeFileSync(
    config,
    JSON.stringify({ cameras: [{ id: 'bay', name: 'Bay', url: clip, motion: { enabled: motion } }] }),
  );
  stdout.length = 0;
  stderr.length = 0;
  expect(await replayCommand([clip, '--config', config, '--camera', 'bay', '--json'])).toBe(0);
  const captures = stdout.map((line) => JSON.parse(line) as { offset: number; kinds: string[] });
  const detected = Number(/\((\d+) detected\)/.exec(stderr.join('\n'))?.[1]);
  return { captures: captures.map((c) => [c.offset, c.kinds]), detected };
}

describe('motion gating on a camera with long still stretches', () => {
  it('detects far fewer frames and captures the same people at the same moments', async () => {
    const clip = staticClip();
    const off = await replay(clip, false);
    const on = await replay(clip, true);
    expect(off.captures.length).toBe(2); // two men without vests, each once
    expect(on.captures).toEqual(off.captures);
    expect(off.detected).toBe(90); // 18 s at 5 fps
    expect(on.detected).toBeLessThan(off.detected * 0.6);
  });
});
