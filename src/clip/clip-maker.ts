// Gives each new capture its clip: waits until the buffer holds `after` seconds past the capture,
// then cuts [time - before, time + after] from it.
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { CaptureClip } from '../domain/events';
import { cutClip } from './cut';
import type { SegmentBuffer } from './segment-buffer';

export interface ClipTiming {
  beforeSeconds: number;
  afterSeconds: number;
  segmentSeconds: number;
}

/** How often a waiting cut looks whether the buffer has caught up. */
const POLL_MS = 250;
/** Past time + after, a buffer that has not caught up in this many segments is stuck (keyframes far apart, recorder gone). */
const LATE_SEGMENTS = 3;

export class ClipMaker {
  private stopping = false;

  constructor(
    private readonly buffer: SegmentBuffer,
    private readonly timing: ClipTiming,
    /** Where clips are written before their bytes go out with the capture. */
    private readonly workDir: string,
  ) {}

  /** The clip of a capture at `timeMs`, or why there is none; never rejects. */
  async clipAt(timeMs: number): Promise<CaptureClip> {
    const fromMs = timeMs - this.timing.beforeSeconds * 1000;
    const toMs = timeMs + this.timing.afterSeconds * 1000;
    await this.waitForCoverage(toMs);
    const segments = this.buffer.take(fromMs, toMs);
    const file = path.join(this.workDir, `clip-${randomUUID()}.mp4`);
    try {
      if (!segments.some((s) => s.startMs <= timeMs && s.endMs >= timeMs))
        return { error: this.buffer.problem ?? 'no recorded video around the capture time' };
      const startMs = await cutClip(segments, toMs, file);
      return { mp4: await fs.readFile(file), startMs };
    } catch (err) {
      return { error: `clip cut failed: ${(err as Error).message}` };
    } finally {
      this.buffer.release(segments);
      await fs.rm(file, { force: true });
    }
  }

  /** Cuts still waiting go ahead with what is recorded (the worker is exiting). */
  finishNow(): void {
    this.stopping = true;
  }

  private async waitForCoverage(toMs: number): Promise<void> {
    const giveUpAt = toMs + LATE_SEGMENTS * this.timing.segmentSeconds * 1000;
    while (!this.stopping && this.buffer.coveredUntil < toMs && Date.now() < giveUpAt) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}
