// Shared helpers for the ingest tests: waiting, sample clips, process checks and a stalling TCP proxy.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import type { FrameSource } from '../../src/ingest';

import { sampleVideo } from '../helpers/media';

export const SAMPLE = sampleVideo;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitFor(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await sleep(50);
  }
}

/** Stops every source a test made, even when the test failed half-way. */
export function sourceTracker() {
  const sources: FrameSource[] = [];
  return {
    track<T extends FrameSource>(source: T): T {
      sources.push(source);
      return source;
    },
    stopAll: () => Promise.all(sources.splice(0).map((source) => source.stop())),
  };
}

/** A short H.264 clip cut from the sample, with a keyframe every half second. */
export function makeClip(dir: string, seconds: number, size?: `${number}:${number}`): string {
  const file = join(dir, `clip-${seconds}s${size ? `-${size.replace(':', 'x')}` : ''}.mp4`);
  // A size is the picture's own (square pixels), not a stretch of the sample's aspect.
  const scale = size ? ['-vf', `scale=${size},setsar=1`] : [];
  execFileSync('ffmpeg', [
    ...['-v', 'error', '-y', '-i', SAMPLE, '-t', String(seconds), '-an', ...scale],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '15', file],
  ]);
  return file;
}

/** Random bytes from a fixed seed, so the "not a video" file is the same in every run. */
export function makeGarbageFile(dir: string, bytes = 256 * 1024): string {
  const file = join(dir, 'garbage.mp4');
  const data = Buffer.alloc(bytes);
  let state = 0x2545f491;
  for (let i = 0; i < bytes; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    data[i] = state & 0xff;
  }
  writeFileSync(file, data);
  return file;
}

/** ffmpeg/ffprobe processes, alive or zombie, whose parent is this test process. */
export function ffmpegChildren(): Array<{ pid: number; name: string; state: string }> {
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // "pid (comm) state ppid ..." — comm may contain spaces, so split after the last ')'.
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(ppid) === process.pid && (name === 'ffmpeg' || name === 'ffprobe')) {
      found.push({ pid: Number(entry), name, state });
    }
  }
  return found;
}

/**
 * A TCP proxy in front of a camera that can freeze: while frozen it forwards nothing in either
 * direction and new connections are accepted but get no answer — a link that died without a reset.
 */
export async function startStallableProxy(targetPort: number) {
  let frozen = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    if (frozen) return;
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(upstream);
    upstream.on('close', () => (sockets.delete(upstream), client.destroy()));
    upstream.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
    client.on('data', (data) => frozen || upstream.write(data));
    upstream.on('data', (data) => frozen || client.write(data));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    freeze: () => (frozen = true),
    thaw: () => (frozen = false),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
