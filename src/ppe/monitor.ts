// Per-camera PPE monitor: detections → tracked subjects → per-frame verdicts → confirmed
// violations (each kind at most once per person), with the best frame kept for the capture.
// Two kinds: PersonMonitor for models with a person class, HeadTorsoMonitor for models without
// one; the caller makes their trackers (createTracker) and hands them in. Kinds are the
// catalogue's items (`no-<item>`); each subject votes on those of its table.
import type { Box, Detection, ViolationKind } from '../domain/detection';
import type { PpeCatalogue } from '../domain/ppe-items';
import { BestFrameKeeper, mergeHeld, type HeldCapture } from './best-frame';
import type { PpeConfig } from './config';
import { ViolationVotes } from './confirm';
import { membersOf, type Figure, type Observation, type Scope, type Subject } from './subject';
import { zoneOf } from './zones';

/** One person as the live preview draws it. */
export interface PersonView {
  trackId: number;
  box: Box;
  /** Short status text without the id: "no-helmet + no-mask", "ok", "too small" or "?". */
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
  /** Copies a frame that must outlive the call (the caller may reuse or release its pixels). */
  snapshot: (frame: F) => F;
  /** The items the camera's required kinds name; default the built-in ones. */
  catalogue?: PpeCatalogue;
}

export interface FrameSize {
  width: number;
  height: number;
}

/** What one update reports: the subjects detected in this frame and the newly confirmed violations. */
export interface MonitorUpdate<F> {
  people: PersonView[];
  confirmed: ConfirmedViolation<F>[];
}

/** A table of subjects, one per track of one tracker. */
export interface SubjectKinds {
  /** The kinds its subjects vote on. */
  kinds: readonly ViolationKind[];
  /** Where its subjects sit in their figure (a whole person takes the head slot; it does not matter there). */
  slot: 'head' | 'torso';
}

/**
 * Turns each frame's detections into the people to draw and the violations to capture.
 * `people` lists the subjects detected in this frame; `confirmed` the newly confirmed
 * violations, each carrying a copy (opts.snapshot) of the best frame of its confirmation window.
 */
export abstract class ViolationMonitor<F> {
  /** Per tracker: its track id → subject. Entries die with their tracks, so memory stays bounded. */
  protected readonly subjects: Map<number, Subject<F>>[];
  protected generation = 0;
  protected time = 0;
  private nextSubjectId = 1;
  private readonly bestFrames: BestFrameKeeper<F>;

  protected constructor(
    protected readonly cfg: PpeConfig,
    private readonly tables: readonly SubjectKinds[],
    opts: MonitorOptions<F>,
  ) {
    this.subjects = tables.map(() => new Map());
    this.bestFrames = new BestFrameKeeper(opts.snapshot, cfg.confirm.window);
  }

  update(frame: F, frameSize: FrameSize, dets: readonly Detection[], time: number): MonitorUpdate<F> {
    this.generation++;
    this.time = time;
    this.bestFrames.begin(frame, this.generation, time);
    const out: MonitorUpdate<F> = { people: [], confirmed: [] };
    this.observe(frameSize, dets, out);
    for (const table of this.subjects) {
      for (const [trackId, s] of table) {
        if (s.listedAt !== this.generation) this.drop(table, trackId, s);
        // After the figure's last member is seen (or dropped), nothing of it is left to wait for.
        this.releaseHeld(s.figure, out);
      }
    }
    this.bestFrames.end();
    return out;
  }

  /**
   * A violation is being confirmed (or a capture is held for a person's other kinds): every frame
   * counts now, so motion gating must not thin them out.
   */
  get deciding(): boolean {
    for (const table of this.subjects) {
      for (const s of table.values()) {
        if (s.figure.held) return true;
        for (const votes of Object.values(s.votes)) if (votes?.pending) return true;
      }
    }
    return false;
  }

  /** The stream ended: every capture still held back is released. */
  finish(): ConfirmedViolation<F>[] {
    const out: MonitorUpdate<F> = { people: [], confirmed: [] };
    for (const table of this.subjects) for (const s of table.values()) this.releaseHeld(s.figure, out, true);
    return out.confirmed;
  }

  /** Tracks this frame's detections and judges every subject, into `out`. */
  protected abstract observe(frameSize: FrameSize, dets: readonly Detection[], out: MonitorUpdate<F>): void;

  /** ByteTrack wants weak detections too (it only continues tracks with them); SORT does not. */
  protected trackerTakes(d: Detection): boolean {
    return this.cfg.tracker === 'bytetrack' || d.score >= this.cfg.minScore;
  }

  /** Where a person box stands and what it must wear there; null = outside every zone. */
  protected scope(body: Box, frameSize: FrameSize): Scope | null {
    if (this.cfg.zones.length === 0) return { required: this.cfg.required };
    const zone = zoneOf(body, frameSize, this.cfg.zones);
    return zone ? { zone, required: zone.required ?? this.cfg.required } : null;
  }

  /** The subject of a track of the tracker behind `table`, made on its first sighting. */
  protected subject(table: number, trackId: number): Subject<F> {
    const subjects = this.subjects[table];
    let s = subjects.get(trackId);
    if (!s) {
      const id = this.nextSubjectId++;
      s = { id, observedAt: 0, figure: { id, raised: new Set() }, listedAt: 0, votes: {}, best: {} };
      const { kinds, slot } = this.tables[table];
      s.figure[slot] = s;
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
  protected step(s: Subject<F>, obs: Observation | null): ViolationKind[] {
    const raised: ViolationKind[] = [];
    for (const kind of Object.keys(s.votes) as ViolationKind[]) {
      const votes = s.votes[kind];
      if (!votes) continue;
      const verdict = obs?.verdicts[kind];
      const violating = verdict?.violating ?? null;
      if (violating && !votes.raised) this.bestFrames.offer(s.best, kind, obs!, verdict!.score);
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
   * One capture for kinds raised in this frame (on one subject or a head + torso figure). It is
   * held back while another kind of the same person is being confirmed — for one confirmation
   * window at most — so that one person's kinds make one capture, not one capture each.
   */
  protected hold(figure: Figure, raised: [Subject<F>, ViolationKind[]][]): void {
    const capture = this.bestFrames.confirm(figure.id, raised, this.generation + this.cfg.confirm.window);
    const held = figure.held as HeldCapture<F> | undefined;
    figure.held = held ? mergeHeld(held, capture) : capture;
  }

  /** Moves the figure's held capture to `out` once nothing else is pending (or its time is up). */
  private releaseHeld(figure: Figure, out: MonitorUpdate<F>, now = false): void {
    const held = figure.held as HeldCapture<F> | undefined;
    if (!held) return;
    const members = membersOf(figure);
    const pending = members.some((m) =>
      Object.entries(m.votes).some(([kind, votes]) => votes?.pending && !figure.raised.has(kind as ViolationKind)),
    );
    if (pending && !now && this.generation < held.until) return;
    figure.held = undefined;
    out.confirmed.push(held.violation);
  }
}
