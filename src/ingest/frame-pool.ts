import type { LentFrame } from '../domain/detection';

/**
 * The frame buffers of one source. Each buffer has one owner at a time: the pool (free), the
 * reader filling it, or whoever holds the frame it was lent as, until they release it. A buffer
 * is filled again only after its release, so no stage copies a frame to protect it from the next
 * one. When every buffer is out the pool allocates another and keeps it: a steady stream settles
 * at as many buffers as frames are held at once, and then allocates nothing.
 */
export class FramePool {
  private readonly free: Buffer[] = [];
  /** Buffers allocated so far, free or out. */
  allocated = 0;

  constructor(readonly frameBytes: number) {}

  /** A buffer to fill; the caller's until it lends it as a frame or recycles it. */
  acquire(): Buffer {
    const reused = this.free.pop();
    if (reused) return reused;
    this.allocated++;
    return Buffer.allocUnsafe(this.frameBytes);
  }

  /** A buffer acquired from this pool and not lent (e.g. a frame not delivered) is free again. */
  recycle(data: Buffer): void {
    if (data.length === this.frameBytes) this.free.push(data);
  }

  /** Lends an acquired, filled buffer as a frame; releasing the frame recycles the buffer. */
  lend(data: Buffer, width: number, height: number, seq: number, time: number): LentFrame {
    return new PooledFrame(this, data, width, height, seq, time);
  }
}

class PooledFrame implements LentFrame {
  // Private fields stay out of copies such as `{ ...frame, data }`.
  readonly #pool: FramePool;
  #released = false;

  constructor(
    pool: FramePool,
    readonly data: Buffer,
    readonly width: number,
    readonly height: number,
    readonly seq: number,
    readonly time: number,
  ) {
    this.#pool = pool;
  }

  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.#pool.recycle(this.data);
  }
}
