// Gives each new capture its clip: waits until the buffer holds `after` seconds past the capture,
// then cuts [time - before, time + after] from it.
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { ClipConfig } from '../capture/config';
import type { CaptureClip } from '../domain/events';
import type { PrivacyMask } from '../privacy/config';
import { CUT_LIMIT_MS, cutClip } from './cut';
import { writeMaskLayers, type MaskLayers, type PictureSize } from './mask-burn';
import type { SegmentBuffer } from './segment-buffer';

export type ClipTiming = Pick<ClipConfig, 'beforeSeconds' | 'afterSeconds' | 'segmentSeconds'>;

/** How often a waiting cut looks whether the buffer has caught up. */
const POLL_MS = 250;
/**
 * How long past time + after a cut waits for the buffer to catch up: a segment closes at the first
 * keyframe after its length, and cameras send keyframes up to ~10 s apart. Later than that the
 * recording has stopped, and the clip is cut from what there is.
 */
const LATE_MS = 12_000;

/** How long past time + after a cut waits for segments that close late. */
const lateMsOf = (timing: Pick<ClipTiming, 'segmentSeconds'>) => Math.max(LATE_MS, 3 * timing.segmentSeconds * 1000);

/** Why a capture whose clip was still owed by a worker that is gone has none. */
export const WORKER_STOPPED = 'no clip: the camera worker stopped before the clip was cut';

/** Time for a cut clip to reach the archive (worker, host, bus). */
const DELIVERY_MS = 5000;

/**
 * The longest a capture's clip can take from the capture time, with a live worker: the seconds
 * after it, the wait for late segments, the cut, the way to the archive. A clip still missing
 * past that will not come.
 */
export function clipMaxWaitMs(timing: Pick<ClipTiming, 'afterSeconds' | 'segmentSeconds'>): number {
  return timing.afterSeconds * 1000 + lateMsOf(timing) + CUT_LIMIT_MS + DELIVERY_MS;
}

export class ClipMaker {
  private stopping = false;
  /** The mask layers by picture size, written once (a camera keeps its size, bar a change of stream). */
  private readonly layers = new Map<string, Promise<MaskLayers>>();

  constructor(
    private readonly buffer: SegmentBuffer,
    private readonly timing: ClipTiming,
    /** Where clips (and the mask layers) are written before their bytes go out with the capture. */
    private readonly workDir: string,
    /** The camera's privacy masks: with any, clips are re-encoded with them burned in. */
    private readonly masks: readonly PrivacyMask[] = [],
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
      const deadline = Date.now() + CUT_LIMIT_MS;
      const format = await this.buffer.formatOf(segments[0], deadline);
      const masks = this.masks.length ? await this.layersFor(format) : undefined;
      const startMs = await cutClip(segments, toMs, file, { codec: format.codec, deadline, masks });
      return { mp4: await fs.readFile(file), startMs };
    } catch (err) {
      return { error: `clip cut failed: ${(err as Error).message}` };
    } finally {
      this.buffer.release(segments);
      await fs.rm(file, { force: true });
    }
  }

  private layersFor(size: PictureSize): Promise<MaskLayers> {
    const key = `${size.width}x${size.height}`;
    let layers = this.layers.get(key);
    if (!layers) {
      layers = writeMaskLayers(this.masks, size, this.workDir);
      this.layers.set(key, layers);
      layers.catch(() => this.layers.delete(key)); // written again by the next cut
    }
    return layers;
  }

  /** Cuts still waiting go ahead with what is recorded (the worker is exiting). */
  finishNow(): void {
    this.stopping = true;
  }

  private async waitForCoverage(toMs: number): Promise<void> {
    const giveUpAt = toMs + lateMsOf(this.timing);
    while (!this.stopping && this.buffer.coveredUntil < toMs && Date.now() < giveUpAt) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}
