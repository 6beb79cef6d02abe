// Cross-restart duplicate suppression. The monitor already captures each track once per kind;
// this memory catches the same person again under a new track id (track lost and re-acquired,
// worker restarted): a capture is refused when one of the same camera and kind was admitted
// for an overlapping place shortly before.
import type { Box, ViolationKind } from '../domain.js';
import { iou } from '../track/box.js';

export interface DedupKey {
  cameraId: string;
  kind: ViolationKind;
  box: Box;
  /** ms since the epoch. */
  time: number;
}

export interface DedupMemory {
  /** True when the capture is new (and is remembered from now on); false for a duplicate. */
  admit(key: DedupKey): Promise<boolean>;
}

export interface CooldownOptions {
  /** How long an admitted capture blocks its place, ms (default 60 s). */
  cooldownMs?: number;
  /** Overlap (IoU) that makes two boxes the same place (default 0.3). */
  iou?: number;
  /** Admitted captures remembered per camera and kind; the oldest go first (default 256). */
  maxEntries?: number;
}

export const DEFAULT_COOLDOWN_MS = 60_000;
export const DEFAULT_PLACE_IOU = 0.3;

/** A remembered admitted capture: where and when. */
export interface PlaceRecord {
  box: Box;
  time: number;
}

/**
 * The duplicate rule, shared with any other DedupMemory (e.g. one in Redis): `next` repeats
 * `previous` (same camera and kind assumed) when it comes within the cooldown — either way
 * round, as clocks of different nodes may disagree — and overlaps its place.
 */
export function isDuplicate(
  previous: PlaceRecord,
  next: PlaceRecord,
  cooldownMs = DEFAULT_COOLDOWN_MS,
  minIou = DEFAULT_PLACE_IOU,
): boolean {
  return Math.abs(next.time - previous.time) < cooldownMs && iou(previous.box, next.box) >= minIou;
}

/** In-memory DedupMemory: a time-ordered list of admitted places per camera and kind. */
export class PlaceCooldown implements DedupMemory {
  private readonly cooldownMs: number;
  private readonly minIou: number;
  private readonly maxEntries: number;
  private readonly places = new Map<string, PlaceRecord[]>();

  constructor(opts: CooldownOptions = {}) {
    this.cooldownMs = opts.cooldownMs ?? DEFAULT_COOLDOWN_MS;
    this.minIou = opts.iou ?? DEFAULT_PLACE_IOU;
    this.maxEntries = opts.maxEntries ?? 256;
  }

  async admit({ cameraId, kind, box, time }: DedupKey): Promise<boolean> {
    this.expire(time);
    const id = `${cameraId}\u0000${kind}`;
    const list = this.places.get(id) ?? [];
    const next = { box, time };
    if (list.some((p) => isDuplicate(p, next, this.cooldownMs, this.minIou))) return false;
    list.push(next);
    if (list.length > this.maxEntries) list.shift(); // oldest admitted first
    this.places.set(id, list);
    return true;
  }

  /** Entries remembered (for tests and metrics). */
  get size(): number {
    let n = 0;
    for (const list of this.places.values()) n += list.length;
    return n;
  }

  /** Drops places whose cooldown is over, and keys left empty, so memory follows activity. */
  private expire(now: number): void {
    for (const [id, list] of this.places) {
      // Filtered rather than cut at the front: events from several workers may come out of order.
      const live = list.filter((p) => now - p.time < this.cooldownMs);
      if (live.length === 0) this.places.delete(id);
      else if (live.length < list.length) this.places.set(id, live);
    }
  }
}
