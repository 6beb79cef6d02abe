import type { LentFrame } from '../domain/detection';

/**
 * Hands a slow consumer (the detector loop) only the newest frame.
 *
 * A producer `put`s every frame; the consumer pulls with `next()`. A frame that is replaced
 * before the consumer takes it is counted in `dropped`, released and never seen, so a consumer
 * slower than the stream works on fresh pictures instead of falling further and further behind.
 *
 * Nothing is copied: a frame put is the slot's until the consumer takes it, and the consumer's
 * from then on, to release when done with it. One consumer per slot.
 */
export class LatestFrameSlot {
  /** Frames replaced before the consumer took them. */
  dropped = 0;

  private pending: LentFrame | undefined;
  private waiter: ((frame: LentFrame | undefined) => void) | undefined;
  private closed = false;

  /** Takes over a frame; it replaces any frame the consumer has not taken yet. */
  put(frame: LentFrame): void {
    if (this.closed) {
      frame.release();
      return;
    }
    if (this.pending) {
      this.pending.release();
      this.dropped++;
    }
    this.pending = frame;
    if (this.waiter) {
      const resolve = this.waiter;
      this.waiter = undefined;
      resolve(this.take());
    }
  }

  /**
   * The newest frame not taken yet: at once if one is waiting, else the next one put.
   * Resolves `undefined` once the slot is closed (the source stopped or a file ended).
   */
  next(): Promise<LentFrame | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    const frame = this.take();
    if (frame) return Promise.resolve(frame);
    if (this.waiter) throw new Error('LatestFrameSlot has one consumer: next() called while a call is waiting');
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  /** Ends the slot: a frame not taken yet is released, a waiting and every later `next()` resolve `undefined`. */
  close(): void {
    this.closed = true;
    this.pending?.release();
    this.pending = undefined;
    const resolve = this.waiter;
    this.waiter = undefined;
    resolve?.(undefined);
  }

  private take(): LentFrame | undefined {
    const frame = this.pending;
    this.pending = undefined;
    return frame;
  }
}
