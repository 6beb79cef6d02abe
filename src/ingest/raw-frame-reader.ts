/**
 * Cuts ffmpeg's `rawvideo` byte stream into whole frames of exactly `frameBytes` bytes.
 *
 * Pipe chunks (64 KiB) do not line up with frames, so each chunk is copied straight into the frame
 * being assembled; nothing else is allocated per chunk. Frames alternate between two buffers: a
 * frame handed to `onFrame` stays intact while the next one is assembled in the other buffer and is
 * overwritten only after the next `onFrame` call. That is the whole lifetime promise to callers.
 */
export class RawFrameReader {
  private readonly pool: [Buffer, Buffer];
  private current = 0;
  private filled = 0;

  constructor(
    readonly frameBytes: number,
    private readonly onFrame: (data: Buffer) => void,
  ) {
    this.pool = [Buffer.allocUnsafe(frameBytes), Buffer.allocUnsafe(frameBytes)];
  }

  push(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      const target = this.pool[this.current];
      const n = Math.min(chunk.length - offset, this.frameBytes - this.filled);
      chunk.copy(target, this.filled, offset, offset + n);
      this.filled += n;
      offset += n;
      if (this.filled === this.frameBytes) {
        this.filled = 0;
        this.current ^= 1;
        this.onFrame(target);
      }
    }
  }

  /** Forgets a partly received frame (the ffmpeg that was writing it is gone). */
  reset(): void {
    this.filled = 0;
  }
}
