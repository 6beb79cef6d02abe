// Cross-restart duplicate suppression. The monitor already captures each track once per kind;
// this memory catches the same person again under a new track id (track lost and re-acquired,
// worker restarted): a capture is refused when one of the same camera and kind was admitted
// for an overlapping place shortly before. Workers report where captured people still are
// (`refresh`), so the remembered place follows the person instead of blocking the spot where
// they were first captured — a newcomer there is not mistaken for them.
import type { Box, ViolationKind } from '../domain/detection';
import { centreX, centreY, iou } from '../domain/box';
import { DEFAULT_COOLDOWN_MS, DEFAULT_PLACE_IOU } from './config';

export interface DedupKey {
  /** The capture's id; sightings of the captured person refresh its place by this id. */
  id: string;
  cameraId: string;
  kind: ViolationKind;
  box: Box;
  /** ms since the epoch. */
  time: number;
}

export interface DedupMemory {
  /** True when the capture is new (and is remembered from now on); false for a duplicate. */
  admit(key: DedupKey): Promise<boolean>;
  /** The person of capture `key.id` was seen at `key.box` at `key.time`: move its place there. */
  refresh(key: DedupKey): Promise<void>;
}

/**
 * The kinds of a capture its dedup memory admits (each kind is remembered on its own); none
 * means the whole capture is a duplicate.
 */
export async function admittedKinds(
  dedup: DedupMemory,
  capture: { id: string; cameraId: string; kinds: readonly ViolationKind[]; box: Box; time: number },
): Promise<ViolationKind[]> {
  const kinds: ViolationKind[] = [];
  for (const kind of capture.kinds) {
    const { id, cameraId, box, time } = capture;
    if (await dedup.admit({ id, cameraId, kind, box, time })) kinds.push(kind);
  }
  return kinds;
}

export interface CooldownOptions {
  /** How long a captured person blocks their place after they were last seen, ms (default 30 s). */
  cooldownMs?: number;
  /** Overlap (IoU) that makes two boxes the same place (default 0.6: a person who stayed put). */
  iou?: number;
  /** Admitted captures remembered per camera and kind; the oldest go first (default 256). */
  maxEntries?: number;
}

/** A remembered admitted capture: where and when its person was last seen, and their heading. */
export interface PlaceRecord {
  box: Box;
  time: number;
  /** Box-centre pixels per ms between the last sightings; absent until the person was seen to move. */
  velocity?: [number, number];
  /** The admitted capture's id, and those of captures refused as the same person. */
  ids: string[];
}

/**
 * Workers report captured people every half second; one seen this recently is still in view
 * under their own track, so a new capture beside them is somebody else.
 */
export const STILL_IN_VIEW_MS = 1500;

/**
 * How far ahead a walking person's place is carried: about a worker restart plus a confirmation
 * window. Beyond it a heading says little, and only the last-seen place counts.
 */
export const MAX_HEADING_MS = 5000;

/** The record after its person was seen at `box` at `time`: new place, heading from the move. */
export function followSighting(record: PlaceRecord, box: Box, time: number): PlaceRecord {
  const dt = time - record.time;
  if (dt <= 0) return record;
  const step: [number, number] = [(centreX(box) - centreX(record.box)) / dt, (centreY(box) - centreY(record.box)) / dt];
  // Averaged with the previous heading: one jittery box should not send the place off.
  const velocity: [number, number] = record.velocity
    ? [(record.velocity[0] + step[0]) / 2, (record.velocity[1] + step[1]) / 2]
    : step;
  return { ...record, box, time, velocity };
}

/** Where the person of `record` would be at `time` had they kept their heading. */
function placeAt(record: Pick<PlaceRecord, 'box' | 'time' | 'velocity'>, time: number): Box {
  if (!record.velocity || time <= record.time) return record.box;
  const dt = Math.min(time - record.time, MAX_HEADING_MS);
  const dx = record.velocity[0] * dt;
  const dy = record.velocity[1] * dt;
  const [x1, y1, x2, y2] = record.box;
  return [x1 + dx, y1 + dy, x2 + dx, y2 + dy];
}

/**
 * The duplicate rule, shared with any other DedupMemory (e.g. one in Redis): `next` repeats
 * `previous` (same camera and kind assumed) when it overlaps the place where that person was
 * last seen, or the place their heading would have taken them to by now, after they dropped out of view (track lost, worker restarted) and within the
 * cooldown — either way round in time, as clocks of different nodes may disagree.
 */
export function isDuplicate(
  previous: Pick<PlaceRecord, 'box' | 'time' | 'velocity'>,
  next: Pick<PlaceRecord, 'box' | 'time'>,
  cooldownMs = DEFAULT_COOLDOWN_MS,
  minIou = DEFAULT_PLACE_IOU,
): boolean {
  const gap = Math.abs(next.time - previous.time);
  if (gap < STILL_IN_VIEW_MS || gap >= cooldownMs) return false;
  return iou(previous.box, next.box) >= minIou || iou(placeAt(previous, next.time), next.box) >= minIou;
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

  async admit({ id, cameraId, kind, box, time }: DedupKey): Promise<boolean> {
    this.expire(time);
    const slot = `${cameraId}\u0000${kind}`;
    const list = this.places.get(slot) ?? [];
    // A redelivered capture gets the answer it got the first time.
    const known = list.find((p) => p.ids.includes(id));
    if (known) return known.ids[0] === id;
    const next = { box, time };
    const same = list.find((p) => isDuplicate(p, next, this.cooldownMs, this.minIou));
    if (same) {
      // Later sightings under the refused capture's id are sightings of the same person.
      same.ids.push(id);
      if (same.ids.length > 8) same.ids.splice(1, 1);
      return false;
    }
    list.push({ ...next, ids: [id] });
    if (list.length > this.maxEntries) list.shift(); // oldest admitted first
    this.places.set(slot, list);
    return true;
  }

  async refresh({ id, cameraId, kind, box, time }: DedupKey): Promise<void> {
    const list = this.places.get(`${cameraId}\u0000${kind}`);
    const i = list?.findIndex((p) => p.ids.includes(id)) ?? -1;
    if (list && i >= 0) list[i] = followSighting(list[i], box, time);
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
