// The pipe ffmpeg writes a camera's frames into. A child's ordinary stdout pipe is read in fresh
// 64 KiB chunks, each a new buffer: at 720p and 5 fps that is some 200 allocations a second per
// camera, then copied into the frame, and the garbage collector's work doubled a still camera's
// worker CPU (bench/results.md, sixth round). A named pipe opened here can be read with `onread`,
// straight into the frame being assembled: no allocation, no copy.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { RawFrameReader } from './raw-frame-reader';

const run = promisify(execFile);

/** Node documents `onread` for `new net.Socket()` too; @types/node has it only for connecting. */
type SocketWithOwnBuffers = net.SocketConstructorOpts & { onread: net.OnReadOpts };

/** Both ends of a pipe no other process can open: its name is gone once it is open. */
export interface FramePipe {
  /** For the child's stdout; close it here once the child is spawned, so the child's exit ends the stream. */
  writeFd: number;
  readFd: number;
}

export async function openFramePipe(): Promise<FramePipe> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'cctv-frames-'));
  const fifo = path.join(dir, 'frames');
  try {
    await run('mkfifo', ['-m', '600', fifo]);
    // The read end first, without blocking (there is no writer yet); then the write end, which
    // opens at once as a reader exists. The child gets a blocking write end: ffmpeg waits for us.
    const readFd = fs.openSync(fifo, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    const writeFd = fs.openSync(fifo, fs.constants.O_WRONLY);
    return { readFd, writeFd };
  } catch (err) {
    throw new Error(`could not make the pipe for the camera's frames: ${(err as Error).message}`);
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}

/**
 * Reads the pipe's frames into `reader` until every writer is gone; resolves then (the socket
 * closed, every byte written read). Reading errors end it the same way.
 */
export function readFrames(readFd: number, reader: RawFrameReader): Promise<void> {
  const options: SocketWithOwnBuffers = {
    fd: readFd,
    readable: true,
    writable: false,
    onread: {
      buffer: () => reader.space(),
      callback: (n: number) => {
        reader.wrote(n);
        return true;
      },
    },
  };
  const socket = new net.Socket(options);
  return new Promise<void>((resolve) => {
    socket.once('close', () => resolve());
    socket.on('error', () => socket.destroy());
  });
}
