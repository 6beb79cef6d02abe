// Per-camera PPE monitor: detections → tracked subjects → per-frame verdicts → confirmed
// violations (each kind at most once per subject), with the best frame kept for the capture.
import type { Box, Detection, ViolationKind } from '../domain/detection';
import { boxArea, boxHeight, unionBox } from '../domain/box';
import { createTracker, type Track, type Tracker } from '../track';
import type { PpeConfig, ZoneConfig } from './config';
import { ViolationVotes } from './confirm';
import {
  assignItems,
  judge,
  pairHeadsWithTorsos,
  personFromHead,
  personFromTorso,
  suppressOverlaps,
  type KindEvidence,
} from './rules';
import { zoneOf } from './zones';

/** One subject as the live preview draws it. */
export interface PersonView {
  trackId: number;
  box: Box;
  /** Short status text without the id: "no-helmet + no-vest", "ok", "too small" or "?". */
  label: string;
  /** Confirmed and still active violations. */
  violations: ViolationKind[];
  /** true: every required item seen; 'unknown': not enough evidence (or too small to judge). */
  compliant: boolean | 'unknown';
  zone?: string;
}

export interface ConfirmedViolation<F> {
  trackId: number;
  /** Kinds newly confirmed for this subject in this frame. */
  kinds: ViolationKind[];
  /** Box, score, frame and time of the best frame (largest × most confident) of the confirmation. */
  box: Box;
  score: number;
  frame: F;
  time: number;
  zone?: string;
}

export interface MonitorOptions<F> {
  /** The model detects whole people; otherwise subjects are heads and torsos. */
  hasPersonClass: boolean;
  /** Copies a frame that must outlive the call (the source reuses its buffers). */
  snapshot: (frame: F) => F;
}

interface BestFrame<F> {
  /** Update count of the frame, to tell when it left the confirmation window. */
  generation: number;
  frame: F;
  box: Box;
  score: number;
  time: number;
  zone?: string;
  quality: number;
}

/** A tracked thing that votes: a person track, or (without a person class) a head or torso track. */
interface Subject<F> {
  id: number;
  /** Update count of the last frame its track was detected in (figure slots count only these). */
  observedAt: number;
  /** The person this subject is part of (a head and a torso once paired share one). */
  figure: Figure;
  /** Update count of the last frame the tracker still reported its track; else it is dropped. */
  listedAt: number;
  votes: Partial<Record<ViolationKind, ViolationVotes>>;
  best: Partial<Record<ViolationKind, BestFrame<F>>>;
}

/**
 * The person a subject belongs to: its id is the one shown and captured, and a kind it raised
 * is never raised again — even by a new torso track after the old one was lost in a crowd.
 * A figure holds one head and one torso, so two people seen at once can never merge.
 */
interface Figure {
  id: number;
  raised: Set<ViolationKind>;
  head?: Subject<unknown>;
  torso?: Subject<unknown>;
}

/** What one frame says about a subject. */
interface Observation {
  /** Box recorded for a capture (for a head or torso, the whole head + torso figure). */
  box: Box;
  /** Area of the subject's own box, for picking the best frame. */
  area: number;
  zone?: string;
  verdicts: Partial<Record<ViolationKind, { violating: boolean | null; score: number }>>;
}

interface Scope {
  zone?: ZoneConfig;
  required: readonly ViolationKind[];
}

const HEAD_ROLES = new Set<Detection['role']>(['helmet', 'no-helmet']);
const TORSO_ROLES = new Set<Detection['role']>(['vest', 'no-vest']);
const ITEM_ROLES = new Set<Detection['role']>(['helmet', 'no-helmet', 'vest', 'no-vest']);
const BOTH: readonly ViolationKind[] = ['no-helmet', 'no-vest'];

/**
 * Turns each frame's detections into the people to draw and the violations to capture.
 * `people` lists the subjects detected in this frame; `confirmed` the newly confirmed
 * violations, each carrying a copy (opts.snapshot) of the best frame of its confirmation window.
 */
export class ViolationMonitor<F> {
  private readonly trackers: Tracker[];
  /** Per tracker: its track id → subject. Entries die with their tracks, so memory stays bounded. */
  private readonly subjects: Map<number, Subject<F>>[];
  private nextSubjectId = 1;
  private generation = 0;
  // The current frame and its lazily taken copy: one copy per frame, however many subjects need it.
  private frame!: F;
  private copy: { frame: F } | null = null;
  private time = 0;

  constructor(
    private readonly cfg: PpeConfig,
    private readonly opts: MonitorOptions<F>,
  ) {
    const count = opts.hasPersonClass ? 1 : 2; // person | heads + torsos
    const trackerCfg = { algorithm: cfg.tracker, ...cfg.tracking };
    this.trackers = Array.from({ length: count }, () => createTracker(trackerCfg));
    this.subjects = Array.from({ length: count }, () => new Map());
  }

  update(
    frame: F,
    frameSize: { width: number; height: number },
    dets: readonly Detection[],
    time: number,
  ): { people: PersonView[]; confirmed: ConfirmedViolation<F>[] } {
    this.generation++;
    this.frame = frame;
    this.copy = null;
    this.time = time;
    const out = { people: [] as PersonView[], confirmed: [] as ConfirmedViolation<F>[] };
    if (this.opts.hasPersonClass) this.updatePeople(frameSize, dets, out);
    else this.updateHeadsAndTorsos(frameSize, dets, out);
    for (const table of this.subjects) {
      for (const [trackId, s] of table) if (s.listedAt !== this.generation) this.drop(table, trackId, s);
    }
    this.copy = null; // do not hold a frame copy beyond what pending violations keep
    return out;
  }

  /** Person models: track people; helmets, vests and their negatives are evidence inside each box. */
  private updatePeople(
    frameSize: { width: number; height: number },
    dets: readonly Detection[],
    out: { people: PersonView[]; confirmed: ConfirmedViolation<F>[] },
  ): void {
    const { minScore, inferMissing } = this.cfg;
    const people: Detection[] = [];
    const items: Detection[] = [];
    for (const d of dets) {
      if (d.role === 'person') {
        if (this.trackerTakes(d)) people.push(d);
      } else if (ITEM_ROLES.has(d.role) && d.score >= minScore) {
        items.push(d);
      }
    }
    const tracks = this.trackers[0].update(people, this.time, frameSize);
    const seen = tracks.filter((t) => t.timeSinceUpdate === 0);
    const evidence = assignItems(
      seen.map((t) => t.box),
      items,
    );
    let i = -1; // index into `seen`, which keeps the order of `tracks`
    for (const t of tracks) {
      const s = this.subject(0, t.id, BOTH);
      const detected = t.timeSinceUpdate === 0;
      if (detected) i++;
      const scope = detected ? this.scope(t.box, frameSize) : null;
      if (!scope) {
        this.step(s, null);
        continue;
      }
      const tooSmall = boxHeight(t.box) < this.cfg.minPersonHeight;
      const verdicts: Observation['verdicts'] = {};
      if (!tooSmall) {
        for (const kind of scope.required) verdicts[kind] = verdictOf(evidence[i][kind], inferMissing, t.score);
      }
      const raised = this.step(s, { box: t.box, area: boxArea(t.box), zone: scope.zone?.name, verdicts });
      if (raised.length > 0) out.confirmed.push(this.confirmation(s.figure.id, [[s, raised]]));
      out.people.push(view(s.figure.id, t.box, [s], scope, tooSmall));
    }
  }

  /**
   * Models without a person class: bare heads / helmets and no-vest torsos / vests are tracked
   * themselves (class-agnostically within each group, so a helmet flickering to "head" stays one
   * track), and a head is paired with the torso below it into one figure.
   */
  private updateHeadsAndTorsos(
    frameSize: { width: number; height: number },
    dets: readonly Detection[],
    out: { people: PersonView[]; confirmed: ConfirmedViolation<F>[] },
  ): void {
    const heads: Detection[] = [];
    const torsos: Detection[] = [];
    for (const d of dets) {
      if (!this.trackerTakes(d)) continue;
      if (HEAD_ROLES.has(d.role)) heads.push(d);
      else if (TORSO_ROLES.has(d.role)) torsos.push(d);
    }
    const headTracks = this.trackers[0].update(suppressOverlaps(heads), this.time, frameSize);
    const torsoTracks = this.trackers[1].update(suppressOverlaps(torsos), this.time, frameSize);
    const seenHeads = headTracks.filter((t) => t.timeSinceUpdate === 0);
    const seenTorsos = torsoTracks.filter((t) => t.timeSinceUpdate === 0);
    for (const t of seenHeads) this.subject(0, t.id, ['no-helmet']).observedAt = this.generation;
    for (const t of seenTorsos) this.subject(1, t.id, ['no-vest']).observedAt = this.generation;
    const pairs = pairHeadsWithTorsos(
      seenHeads.map((t) => t.box),
      seenTorsos.map((t) => t.box),
    );
    const torsoPaired = new Uint8Array(seenTorsos.length);
    for (let h = 0; h < seenHeads.length; h++) {
      const p = pairs[h];
      if (p >= 0) torsoPaired[p] = 1;
      this.figure(seenHeads[h], p >= 0 ? seenTorsos[p] : undefined, frameSize, out);
    }
    for (let t = 0; t < seenTorsos.length; t++) {
      if (!torsoPaired[t]) this.figure(undefined, seenTorsos[t], frameSize, out);
    }
    // Coasting (undetected) tracks keep their subject but vote nothing.
    for (const t of headTracks) if (t.timeSinceUpdate > 0) this.step(this.subject(0, t.id, ['no-helmet']), null);
    for (const t of torsoTracks) if (t.timeSinceUpdate > 0) this.step(this.subject(1, t.id, ['no-vest']), null);
  }

  /** One person seen as a head, a torso, or both. */
  private figure(
    head: Track | undefined,
    torso: Track | undefined,
    frameSize: { width: number; height: number },
    out: { people: PersonView[]; confirmed: ConfirmedViolation<F>[] },
  ): void {
    const members: [Subject<F>, Track, ViolationKind][] = [];
    if (head) members.push([this.subject(0, head.id, ['no-helmet']), head, 'no-helmet']);
    if (torso) members.push([this.subject(1, torso.id, ['no-vest']), torso, 'no-vest']);
    // Joined first, so a re-acquired torso knows at once what its person has raised already.
    if (members.length === 2) joinFigures(members[0][0], members[1][0], this.generation);
    const box = head && torso ? unionBox(head.box, torso.box) : (head ?? torso)!.box;
    // The torso says more about where the feet are than the head does.
    const body = torso ? personFromTorso(torso.box) : personFromHead(head!.box);
    const scope = this.scope(body, frameSize);
    const tooSmall = boxHeight(body) < this.cfg.minPersonHeight;
    const raised: [Subject<F>, ViolationKind[]][] = [];
    for (const [s, t, kind] of members) {
      let obs: Observation | null = null;
      if (scope) {
        const judged = scope.required.includes(kind) && !tooSmall && t.score >= this.cfg.minScore;
        const verdicts: Observation['verdicts'] = judged
          ? { [kind]: { violating: t.role === kind, score: t.score } }
          : {};
        obs = { box, area: boxArea(t.box), zone: scope.zone?.name, verdicts };
      }
      const kinds = this.step(s, obs);
      if (kinds.length > 0) raised.push([s, kinds]);
    }
    const id = members[0][0].figure.id;
    if (raised.length > 0) out.confirmed.push(this.confirmation(id, raised));
    if (scope)
      out.people.push(
        view(
          id,
          box,
          members.map((m) => m[0]),
          scope,
          tooSmall,
        ),
      );
  }

  /** ByteTrack wants weak detections too (it only continues tracks with them); SORT does not. */
  private trackerTakes(d: Detection): boolean {
    return this.cfg.tracker === 'bytetrack' || d.score >= this.cfg.minScore;
  }

  /** Where a person box stands and what it must wear there; null = outside every zone. */
  private scope(body: Box, frameSize: { width: number; height: number }): Scope | null {
    if (this.cfg.zones.length === 0) return { required: this.cfg.required };
    const zone = zoneOf(body, frameSize, this.cfg.zones);
    return zone ? { zone, required: zone.required ?? this.cfg.required } : null;
  }

  private subject(table: number, trackId: number, kinds: readonly ViolationKind[]): Subject<F> {
    const subjects = this.subjects[table];
    let s = subjects.get(trackId);
    if (!s) {
      const id = this.nextSubjectId++;
      s = { id, observedAt: 0, figure: { id, raised: new Set() }, listedAt: 0, votes: {}, best: {} };
      // Table 1 holds torsos; table 0 heads (or whole people, where slots do not matter).
      if (table === 1) s.figure.torso = s;
      else s.figure.head = s;
      for (const kind of kinds) s.votes[kind] = new ViolationVotes(this.cfg.confirm);
      subjects.set(trackId, s);
    }
    s.listedAt = this.generation;
    return s;
  }

  /** Forgets a subject whose track is gone, unlinking it so its kept frames can be freed. */
  private drop(table: Map<number, Subject<F>>, trackId: number, s: Subject<F>): void {
    table.delete(trackId);
    if (s.figure.head === s) s.figure.head = undefined;
    if (s.figure.torso === s) s.figure.torso = undefined;
  }

  /** Casts this frame's votes for a subject; returns the kinds raised by it. */
  private step(s: Subject<F>, obs: Observation | null): ViolationKind[] {
    const raised: ViolationKind[] = [];
    for (const kind of BOTH) {
      const votes = s.votes[kind];
      if (!votes) continue;
      const verdict = obs?.verdicts[kind];
      const violating = verdict?.violating ?? null;
      if (violating && !votes.raised) this.offerBest(s, kind, obs!, verdict!.score);
      if (votes.vote(violating) && !s.figure.raised.has(kind)) {
        s.figure.raised.add(kind);
        raised.push(kind);
      } else if (!votes.pending) {
        delete s.best[kind]; // window empty or raised already: release the frame copy
      }
    }
    return raised;
  }

  /**
   * Keeps this frame for a pending violation when it beats the best so far, or when that one has
   * left the confirmation window (a capture must show the frames that confirmed it, not, say,
   * an earlier one-frame flicker).
   */
  private offerBest(s: Subject<F>, kind: ViolationKind, obs: Observation, score: number): void {
    const quality = obs.area * score;
    const best = s.best[kind];
    const inWindow = best !== undefined && this.generation - best.generation < this.cfg.confirm.window;
    if (inWindow && best.quality >= quality) return;
    this.copy ??= { frame: this.opts.snapshot(this.frame) };
    s.best[kind] = {
      generation: this.generation,
      frame: this.copy.frame,
      box: obs.box,
      score,
      time: this.time,
      zone: obs.zone,
      quality,
    };
  }

  /** One capture for kinds raised in this frame (on one subject or a head + torso figure). */
  private confirmation(trackId: number, raised: [Subject<F>, ViolationKind[]][]): ConfirmedViolation<F> {
    let top: BestFrame<F> | undefined;
    const kinds: ViolationKind[] = [];
    for (const [s, ks] of raised) {
      for (const kind of ks) {
        const best = s.best[kind]!; // raising needs a violating frame, which offerBest() kept
        if (!top || best.quality > top.quality) top = best;
        kinds.push(kind);
        delete s.best[kind];
      }
    }
    const { frame, box, score, time, zone } = top!;
    return { trackId, kinds, box, score, frame, time, ...(zone !== undefined ? { zone } : {}) };
  }
}

/**
 * A head and a torso found to be one person share the older of their figures (and what either
 * raised) — unless either figure has another head or torso detected in this frame: then the
 * pairing is a passing coincidence in a crowd, and identities stay apart.
 */
function joinFigures<F>(head: Subject<F>, torso: Subject<F>, generation: number): void {
  const a = head.figure;
  const b = torso.figure;
  if (a === b) return;
  const free = (slot: Subject<unknown> | undefined, own: Subject<F>) =>
    slot === undefined || slot === own || slot.observedAt !== generation;
  if (!free(a.torso, torso) || !free(b.head, head)) return;
  const [keep, drop] = a.id < b.id ? [a, b] : [b, a];
  for (const kind of drop.raised) keep.raised.add(kind);
  keep.head = head;
  keep.torso = torso;
  head.figure = keep;
  torso.figure = keep;
}

function verdictOf(
  e: KindEvidence,
  inferMissing: boolean,
  personScore: number,
): { violating: boolean | null; score: number } {
  const violating = judge(e, inferMissing);
  // An inferred violation has no item of its own: the person's score stands for it.
  return { violating, score: violating ? e.violation || personScore : e.clean };
}

function view(
  trackId: number,
  box: Box,
  members: readonly Subject<unknown>[],
  scope: Scope,
  tooSmall: boolean,
): PersonView {
  const violations: ViolationKind[] = [];
  for (const kind of BOTH) if (members.some((m) => m.votes[kind]?.active)) violations.push(kind);
  let compliant: boolean | 'unknown' = false;
  if (violations.length === 0) {
    const allClean = scope.required.every((kind) => members.some((m) => m.votes[kind]?.clean));
    compliant = tooSmall || !allClean ? 'unknown' : true;
  }
  const label =
    violations.length > 0 ? violations.join(' + ') : compliant === true ? 'ok' : tooSmall ? 'too small' : '?';
  return { trackId, box, label, violations, compliant, ...(scope.zone ? { zone: scope.zone.name } : {}) };
}
