import type { FramePool } from './frame-pool';

/**
 * Assembles ffmpeg's `rawvideo` byte stream into whole frames of exactly `pool.frameBytes` bytes,
 * each in a buffer from the pool. Reads go straight into the frame being assembled (`space`, then
 * `wrote`), so nothing is allocated or copied per chunk; `push` copies a chunk read elsewhere. A
 * full buffer is handed to `onFrame`, which owns it from then on: the reader never writes to it
 * again (the next frame is assembled in another buffer, taken from the pool after that call).
 */
export class RawFrameReader {
  private target: Buffer | undefined;
  private filled = 0;

  constructor(
    private readonly pool: FramePool,
    private readonly onFrame: (data: Buffer) => void,
  ) {}

  /** Where the next bytes go: the rest of the frame being assembled (never empty). */
  space(): Buffer {
    this.target ??= this.pool.acquire();
    return this.target.subarray(this.filled);
  }

  /** `n` bytes were written at the start of the last `space()`. */
  wrote(n: number): void {
    this.filled += n;
    if (this.filled < this.pool.frameBytes) return;
    const full = this.target!;
    this.filled = 0;
    this.target = undefined;
    this.onFrame(full);
  }

  push(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      const n = chunk.copy(this.space(), 0, offset);
      offset += n;
      this.wrote(n);
    }
  }

  /** Forgets a partly received frame (the ffmpeg that was writing it is gone). */
  reset(): void {
    this.filled = 0;
  }
}
