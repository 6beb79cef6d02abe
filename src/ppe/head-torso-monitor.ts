// Head/torso mode, for models without a person class: heads (helmets, bare heads: the detections of
// head-region items) and torsos (vests, bare torsos: torso-region items) are tracked themselves
// (class-agnostically within each group, so a helmet flickering to "head" stays one track), and a
// head is paired with the torso below it into one figure. Face items (a mask, goggles) are judged
// on the head they lie on, whole-body items (a harness) on the torso; hand and foot items cannot be
// placed without a person box and stay unknown.
import { boxArea, boxHeight, unionBox } from '../domain/box';
import type { Box, Detection, ViolationKind } from '../domain/detection';
import { BUILT_IN_CATALOGUE, roleEvidence, type BodyRegion, type PpeCatalogue } from '../domain/ppe-items';
import type { Track, Tracker } from '../track';
import { mergeHeld } from './best-frame';
import type { PpeConfig } from './config';
import { ViolationMonitor, type FrameSize, type MonitorOptions, type MonitorUpdate } from './monitor';
import {
  assignItems,
  bodyOfTorso,
  faceOfHead,
  judge,
  pairHeadsWithTorsos,
  personFromHead,
  personFromTorso,
  suppressOverlaps,
  type ItemRegions,
  type PersonEvidence,
} from './rules';
import { personView, type Observation, type Subject } from './subject';

/** Subject tables: one per tracker. */
const HEADS = 0;
const TORSOS = 1;

/** What one group of subjects (heads, or torsos) is tracked from and judges. */
interface Group {
  /** Roles whose detections are the tracked boxes themselves. */
  tracked: ReadonlySet<string>;
  /** Items lying on a tracked box, by kind: where on it. */
  attached: ItemRegions;
  /** Every kind its subjects vote on, in catalogue order. */
  kinds: ViolationKind[];
}

/** Heads (torsos) are tracked from `own`-region items; `onIt`-region items lie on them, in `regionOnIt`. */
function group(catalogue: PpeCatalogue, own: BodyRegion, onIt: BodyRegion, regionOnIt: (box: Box) => Box): Group {
  const tracked = new Set<string>();
  const attached = new Map<ViolationKind, (box: Box) => Box>();
  const kinds: ViolationKind[] = [];
  for (const item of catalogue.items) {
    const kind: ViolationKind = `no-${item.id}`;
    if (item.region === own) {
      tracked.add(item.id).add(kind);
      kinds.push(kind);
    } else if (item.region === onIt) {
      attached.set(kind, regionOnIt);
      kinds.push(kind);
    }
  }
  return { tracked, attached, kinds };
}

export class HeadTorsoMonitor<F> extends ViolationMonitor<F> {
  private readonly heads: Group;
  private readonly torsos: Group;
  private readonly catalogue: PpeCatalogue;

  /** Two trackers of their own: `heads` tracks heads and helmets, `torsos` torsos and vests. */
  constructor(
    cfg: PpeConfig,
    private readonly trackers: { heads: Tracker; torsos: Tracker },
    opts: MonitorOptions<F>,
  ) {
    const catalogue = opts.catalogue ?? BUILT_IN_CATALOGUE;
    const heads = group(catalogue, 'head', 'face', faceOfHead);
    const torsos = group(catalogue, 'torso', 'body', bodyOfTorso);
    super(
      cfg,
      [
        { kinds: heads.kinds, slot: 'head' },
        { kinds: torsos.kinds, slot: 'torso' },
      ],
      opts,
    );
    this.heads = heads;
    this.torsos = torsos;
    this.catalogue = catalogue;
  }

  protected observe(frameSize: FrameSize, dets: readonly Detection[], out: MonitorUpdate<F>): void {
    const heads: Detection[] = [];
    const torsos: Detection[] = [];
    const attached: Detection[] = [];
    for (const d of dets) {
      if (this.heads.tracked.has(d.role) || this.torsos.tracked.has(d.role)) {
        if (!this.trackerTakes(d)) continue;
        (this.heads.tracked.has(d.role) ? heads : torsos).push(d);
      } else if (d.score >= this.cfg.minScore && roleEvidence(d.role)) {
        attached.push(d);
      }
    }
    const headTracks = this.trackers.heads.update(suppressOverlaps(heads), this.time, frameSize);
    const torsoTracks = this.trackers.torsos.update(suppressOverlaps(torsos), this.time, frameSize);
    const seenHeads = headTracks.filter((t) => t.timeSinceUpdate === 0);
    const seenTorsos = torsoTracks.filter((t) => t.timeSinceUpdate === 0);
    for (const t of seenHeads) this.subject(HEADS, t.id).observedAt = this.generation;
    for (const t of seenTorsos) this.subject(TORSOS, t.id).observedAt = this.generation;
    const onHeads = assignItems(
      seenHeads.map((t) => t.box),
      attached,
      this.heads.attached,
    );
    const onTorsos = assignItems(
      seenTorsos.map((t) => t.box),
      attached,
      this.torsos.attached,
    );
    const pairs = pairHeadsWithTorsos(
      seenHeads.map((t) => t.box),
      seenTorsos.map((t) => t.box),
    );
    const torsoPaired = new Uint8Array(seenTorsos.length);
    for (let h = 0; h < seenHeads.length; h++) {
      const p = pairs[h];
      if (p >= 0) torsoPaired[p] = 1;
      const head = { track: seenHeads[h], evidence: onHeads[h] };
      this.figure(head, p >= 0 ? { track: seenTorsos[p], evidence: onTorsos[p] } : undefined, frameSize, out);
    }
    for (let t = 0; t < seenTorsos.length; t++) {
      if (!torsoPaired[t]) this.figure(undefined, { track: seenTorsos[t], evidence: onTorsos[t] }, frameSize, out);
    }
    // Coasting (undetected) tracks keep their subject but vote nothing.
    for (const t of headTracks) if (t.timeSinceUpdate > 0) this.step(this.subject(HEADS, t.id), null);
    for (const t of torsoTracks) if (t.timeSinceUpdate > 0) this.step(this.subject(TORSOS, t.id), null);
  }

  /** One person seen as a head, a torso, or both. */
  private figure(head: Seen | undefined, torso: Seen | undefined, frameSize: FrameSize, out: MonitorUpdate<F>): void {
    const members: [Subject<F>, Seen][] = [];
    if (head) members.push([this.subject(HEADS, head.track.id), head]);
    if (torso) members.push([this.subject(TORSOS, torso.track.id), torso]);
    // Joined first, so a re-acquired torso knows at once what its person has raised already.
    if (members.length === 2) joinFigures(members[0][0], members[1][0], this.generation);
    const box = head && torso ? unionBox(head.track.box, torso.track.box) : (head ?? torso)!.track.box;
    // The torso says more about where the feet are than the head does.
    const body = torso ? personFromTorso(torso.track.box) : personFromHead(head!.track.box);
    const scope = this.scope(body, frameSize);
    const tooSmall = boxHeight(body) < this.cfg.minPersonHeight;
    const raised: [Subject<F>, ViolationKind[]][] = [];
    for (const [s, seen] of members) {
      let obs: Observation | null = null;
      if (scope) {
        const judged = !tooSmall && seen.track.score >= this.cfg.minScore;
        const verdicts = judged ? verdictsOf(seen, scope.required, Object.keys(s.votes)) : {};
        obs = { box, area: boxArea(seen.track.box), zone: scope.zone?.name, verdicts };
      }
      const kinds = this.step(s, obs);
      if (kinds.length > 0) raised.push([s, kinds]);
    }
    const id = members[0][0].figure.id;
    if (raised.length > 0) this.hold(members[0][0].figure, raised);
    if (scope)
      out.people.push(
        personView(
          id,
          box,
          members.map((m) => m[0]),
          scope,
          tooSmall,
          this.catalogue.kinds,
        ),
      );
  }
}

/** A tracked head or torso in this frame, with the items lying on it. */
interface Seen {
  track: Track;
  evidence: PersonEvidence;
}

/**
 * A head's (torso's) verdicts on the required kinds it votes on: its own class says whether its
 * item is worn (a helmet, a bare head), the items lying on it say the rest.
 */
function verdictsOf(seen: Seen, required: readonly ViolationKind[], voted: readonly string[]): Observation['verdicts'] {
  const verdicts: Observation['verdicts'] = {};
  const own = roleEvidence(seen.track.role);
  for (const kind of required) {
    if (!voted.includes(kind)) continue;
    if (own?.kind === kind) {
      verdicts[kind] = { violating: own.violation, score: seen.track.score };
      continue;
    }
    const e = seen.evidence[kind];
    const violating = e ? judge(e, false) : null;
    if (violating !== null) verdicts[kind] = { violating, score: violating ? e.violation : e.clean };
  }
  return verdicts;
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
  if (drop.held) {
    keep.held = keep.held ? mergeHeld(keep.held, drop.held) : drop.held;
    drop.held = undefined;
  }
  keep.head = head;
  keep.torso = torso;
  head.figure = keep;
  torso.figure = keep;
}
