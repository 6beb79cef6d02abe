// Detection at the camera's resolution: a frame much larger than the model input is shrunk so far
// that a 20–40 px head becomes a few pixels the model cannot see. A tiled detector runs the model
// on the whole frame and on overlapping tiles at (near) the frame's own resolution, and merges
// the boxes (tiles.ts). Behind the Detector interface, so cameras, `cctv detect` and the photo
// evaluation tile alike.
import type { Frame, PpeRole } from '../domain/detection';
import type { ModelConfig } from './config';
import { DEFAULT_CONFLICT_RULE, resolveConflicts, type ConflictRule } from './conflicts';
import type { Detector, FrameDetections, RegionDetector, StageTimings } from './detector';
import { personRegions } from './person-regions';
import { mergeTiledDetections, regionLayout, tileGrid, tileLayout, type TileLayout, type TilesSetting } from './tiles';

export interface TilingOptions {
  /** NMS overlap across passes: the model's own `iou`. */
  iou: number;
  /** Applied again after merging (a tile's helmet against the whole frame's bare head); undefined: all kept. */
  conflictRule?: ConflictRule;
}

/** The options a detector made from this model config merges tiles with (its NMS overlap and conflict rule). */
export function tilingOptionsOf(model: ModelConfig): TilingOptions {
  return { iou: model.iou, conflictRule: model.resolveConflicts ? DEFAULT_CONFLICT_RULE : undefined };
}

/** `inner` itself when tiles are off, else a detector that also runs it on tiles. */
export function withTiles(inner: RegionDetector, setting: TilesSetting, opts: TilingOptions): Detector {
  return setting === 'off' ? inner : new TiledDetector(inner, setting, opts);
}

/**
 * People the whole frame found at least this sure are looked at again: the product's default
 * threshold, so a detector run at a lower floor (the photo evaluation's) picks the same people.
 */
const PERSON_MIN_SCORE = 0.25;

class TiledDetector implements Detector {
  readonly classNames: readonly string[];
  readonly roles: readonly PpeRole[];
  readonly hasPersonClass: boolean;
  /** The layout of the last frame size seen: a camera's frames keep their size. */
  private layout: { key: string; layout: TileLayout | undefined } | undefined;

  constructor(
    private readonly inner: RegionDetector,
    private readonly setting: TilesSetting,
    private readonly opts: TilingOptions,
  ) {
    this.classNames = inner.classNames;
    this.roles = inner.roles;
    this.hasPersonClass = inner.hasPersonClass;
  }

  async detect(frame: Frame): Promise<FrameDetections> {
    if (this.setting === 'people') return this.detectAroundPeople(frame);
    const layout = this.layoutFor(frame.width, frame.height);
    if (!layout) return this.inner.detect(frame);
    // Every pass is asked for at once: a threaded detector letterboxes the next tile while the
    // model runs on this one. They are answered in order, so the frame's calls stay together.
    const whole = this.inner.detect(frame);
    const tiles = layout.tiles.map((tile) => this.inner.detect(frame, tile));
    return this.merge(await Promise.all([whole, ...tiles]), layout);
  }

  /** The whole frame first, then again around the small people it found. */
  private async detectAroundPeople(frame: Frame): Promise<FrameDetections> {
    const whole = await this.inner.detect(frame);
    const people = whole.detections.filter((d) => d.role === 'person' && d.score >= PERSON_MIN_SCORE).map((d) => d.box);
    const input = this.inner.inputSizes[0];
    const regions = personRegions(people, frame.width, frame.height, input);
    if (!regions.length) return { ...whole, passes: 1 };
    const answers = await Promise.all(regions.map((region) => this.inner.detect(frame, region)));
    return this.merge([whole, ...answers], regionLayout(frame.width, frame.height, regions, input));
  }

  /** `answers`: the whole frame's, then one per tile of `layout`. */
  private merge(answers: FrameDetections[], layout: TileLayout): FrameDetections {
    const merged = mergeTiledDetections(
      answers[0].detections,
      answers.slice(1).map((a) => a.detections),
      layout,
      this.opts.iou,
    );
    const detections = this.opts.conflictRule ? resolveConflicts(merged, this.opts.conflictRule) : merged;
    return { detections, timings: sumTimings(answers.map((a) => a.timings)), passes: answers.length };
  }

  private layoutFor(width: number, height: number): TileLayout | undefined {
    const key = `${width}x${height}`;
    if (this.layout?.key !== key) {
      const input = this.inner.inputSizes[0];
      const grid = tileGrid(this.setting, width, height, input);
      this.layout = { key, layout: grid && tileLayout(width, height, grid, input) };
    }
    return this.layout.layout;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

function sumTimings(all: readonly StageTimings[]): StageTimings {
  const sum: StageTimings = { letterboxMs: 0, inferenceMs: 0, decodeMs: 0 };
  for (const t of all) {
    sum.letterboxMs += t.letterboxMs;
    sum.inferenceMs += t.inferenceMs;
    sum.decodeMs += t.decodeMs;
  }
  return sum;
}
