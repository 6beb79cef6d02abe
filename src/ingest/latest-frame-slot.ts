import type { Frame } from '../domain/detection';

/**
 * Hands a slow consumer (the detector, a JPEG encoder) only the newest frame.
 *
 * A producer `put`s every frame; the consumer pulls with `next()`. A frame that is overwritten
 * before the consumer takes it is counted in `dropped` and never seen, so a consumer slower than
 * the stream works on fresh pictures instead of falling further and further behind.
 *
 * Frames are copied in, because the producer reuses its buffers. The slot owns two buffers and
 * swaps them: a frame returned by `next()`/`take()` stays valid until the consumer's next call to
 * `next()`/`take()` — by calling again the consumer says it is done with the previous frame.
 * One consumer per slot.
 */
export class LatestFrameSlot {
  /** Frames overwritten before the consumer took them. */
  dropped = 0;

  private pending: Frame | undefined;
  /** Buffer of the frame the consumer is working on. */
  private held: Buffer | undefined;
  private spare: Buffer | undefined;
  private waiter: ((frame: Frame | undefined) => void) | undefined;
  private closed = false;

  /** Offers a frame; it replaces any frame the consumer has not taken yet. */
  put(frame: Frame): void {
    if (this.closed) return;
    if (this.pending) this.dropped++;
    const target = this.bufferFor(frame.data.length);
    frame.data.copy(target);
    this.pending = { ...frame, data: target };
    if (this.waiter) {
      const resolve = this.waiter;
      this.waiter = undefined;
      resolve(this.take());
    }
  }

  /** The newest frame not taken yet, if any, without waiting. */
  take(): Frame | undefined {
    const frame = this.pending;
    if (!frame) return undefined;
    if (this.held) this.spare = this.held;
    this.held = frame.data;
    this.pending = undefined;
    return frame;
  }

  /**
   * The newest frame not taken yet: at once if one is waiting, else the next one put.
   * Resolves `undefined` once the slot is closed (the source stopped or a file ended).
   */
  next(): Promise<Frame | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    const frame = this.take();
    if (frame) return Promise.resolve(frame);
    if (this.waiter) throw new Error('LatestFrameSlot has one consumer: next() called while a call is waiting');
    if (this.held) {
      this.spare = this.held;
      this.held = undefined;
    }
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  /** Ends the slot: a frame not taken yet is discarded, a waiting and every later `next()` resolve `undefined`. */
  close(): void {
    this.closed = true;
    this.pending = undefined;
    const resolve = this.waiter;
    this.waiter = undefined;
    resolve?.(undefined);
  }

  private bufferFor(bytes: number): Buffer {
    const reusable = this.pending?.data ?? this.spare;
    if (reusable === this.spare) this.spare = undefined;
    return reusable?.length === bytes ? reusable : Buffer.allocUnsafe(bytes);
  }
}
