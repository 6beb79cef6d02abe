import type { Box, ViolationKind } from '../domain/detection';
import type { Sighting } from '../domain/events';

/**
 * Remembers which tracks have been captured and, at most once per interval, lists where they
 * are now, so the dedup memory can follow them (see DedupMemory.refresh). Tracks not seen for a
 * minute are forgotten, so memory stays bounded.
 */
export class CapturedPeople {
  private readonly tracks = new Map<number, { captures: Map<ViolationKind, string>; lastSeen: number }>();
  private lastReport = -Infinity;

  constructor(private readonly intervalMs = 500) {}

  captured(trackId: number, kind: ViolationKind, captureId: string, time: number): void {
    const track = this.tracks.get(trackId) ?? { captures: new Map(), lastSeen: time };
    track.captures.set(kind, captureId);
    this.tracks.set(trackId, track);
  }

  /** The capture already made of a track's person, if any. */
  captureOf(trackId: number): string | undefined {
    const captures = this.tracks.get(trackId)?.captures;
    return captures ? captures.values().next().value : undefined;
  }

  /** Sightings of captured people among `people`, or [] between reports. */
  sightings(people: readonly { trackId: number; box: Box }[], now: number): Sighting[] {
    if (this.tracks.size === 0 || now - this.lastReport < this.intervalMs) return [];
    this.lastReport = now;
    const out: Sighting[] = [];
    for (const p of people) {
      const track = this.tracks.get(p.trackId);
      if (!track) continue;
      track.lastSeen = now;
      for (const [kind, captureId] of track.captures) out.push({ captureId, kind, box: p.box });
    }
    for (const [id, t] of this.tracks) if (now - t.lastSeen > 60_000) this.tracks.delete(id);
    return out;
  }
}
