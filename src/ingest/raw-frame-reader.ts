import type { FramePool } from './frame-pool';

/**
 * Cuts ffmpeg's `rawvideo` byte stream into whole frames of exactly `pool.frameBytes` bytes.
 *
 * Pipe chunks (64 KiB) do not line up with frames, so each chunk is copied straight into the frame
 * being assembled, in a buffer from the pool; nothing else is allocated per chunk. A full buffer
 * is handed to `onFrame`, which owns it from then on: the reader never writes to it again (the
 * next frame is assembled in another buffer, taken from the pool after that call).
 */
export class RawFrameReader {
  private target: Buffer | undefined;
  private filled = 0;

  constructor(
    private readonly pool: FramePool,
    private readonly onFrame: (data: Buffer) => void,
  ) {}

  push(chunk: Buffer): void {
    const { frameBytes } = this.pool;
    let offset = 0;
    while (offset < chunk.length) {
      this.target ??= this.pool.acquire();
      const target = this.target;
      const n = Math.min(chunk.length - offset, frameBytes - this.filled);
      chunk.copy(target, this.filled, offset, offset + n);
      this.filled += n;
      offset += n;
      if (this.filled === frameBytes) {
        this.filled = 0;
        this.target = undefined;
        this.onFrame(target);
      }
    }
  }

  /** Forgets a partly received frame (the ffmpeg that was writing it is gone). */
  reset(): void {
    this.filled = 0;
  }
}
