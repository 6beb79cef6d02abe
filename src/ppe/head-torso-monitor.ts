// Head/torso mode, for models without a person class: bare heads / helmets and no-vest torsos /
// vests are tracked themselves (class-agnostically within each group, so a helmet flickering to
// "head" stays one track), and a head is paired with the torso below it into one figure.
import { boxArea, boxHeight, unionBox } from '../domain/box';
import type { Detection, ViolationKind } from '../domain/detection';
import type { Track, Tracker } from '../track';
import { mergeHeld } from './best-frame';
import type { PpeConfig } from './config';
import { ViolationMonitor, type FrameSize, type MonitorOptions, type MonitorUpdate } from './monitor';
import { pairHeadsWithTorsos, personFromHead, personFromTorso, suppressOverlaps } from './rules';
import { personView, type Observation, type Subject } from './subject';

const HEAD_ROLES = new Set<Detection['role']>(['helmet', 'no-helmet']);
const TORSO_ROLES = new Set<Detection['role']>(['vest', 'no-vest']);
/** Subject tables: one per tracker. */
const HEADS = 0;
const TORSOS = 1;

export class HeadTorsoMonitor<F> extends ViolationMonitor<F> {
  /** Two trackers of their own: `heads` tracks heads and helmets, `torsos` torsos and vests. */
  constructor(
    cfg: PpeConfig,
    private readonly trackers: { heads: Tracker; torsos: Tracker },
    opts: MonitorOptions<F>,
  ) {
    super(
      cfg,
      [
        { kinds: ['no-helmet'], slot: 'head' },
        { kinds: ['no-vest'], slot: 'torso' },
      ],
      opts,
    );
  }

  protected observe(frameSize: FrameSize, dets: readonly Detection[], out: MonitorUpdate<F>): void {
    const heads: Detection[] = [];
    const torsos: Detection[] = [];
    for (const d of dets) {
      if (!this.trackerTakes(d)) continue;
      if (HEAD_ROLES.has(d.role)) heads.push(d);
      else if (TORSO_ROLES.has(d.role)) torsos.push(d);
    }
    const headTracks = this.trackers.heads.update(suppressOverlaps(heads), this.time, frameSize);
    const torsoTracks = this.trackers.torsos.update(suppressOverlaps(torsos), this.time, frameSize);
    const seenHeads = headTracks.filter((t) => t.timeSinceUpdate === 0);
    const seenTorsos = torsoTracks.filter((t) => t.timeSinceUpdate === 0);
    for (const t of seenHeads) this.subject(HEADS, t.id).observedAt = this.generation;
    for (const t of seenTorsos) this.subject(TORSOS, t.id).observedAt = this.generation;
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
    for (const t of headTracks) if (t.timeSinceUpdate > 0) this.step(this.subject(HEADS, t.id), null);
    for (const t of torsoTracks) if (t.timeSinceUpdate > 0) this.step(this.subject(TORSOS, t.id), null);
  }

  /** One person seen as a head, a torso, or both. */
  private figure(head: Track | undefined, torso: Track | undefined, frameSize: FrameSize, out: MonitorUpdate<F>): void {
    const members: [Subject<F>, Track, ViolationKind][] = [];
    if (head) members.push([this.subject(HEADS, head.id), head, 'no-helmet']);
    if (torso) members.push([this.subject(TORSOS, torso.id), torso, 'no-vest']);
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
    if (raised.length > 0) this.hold(members[0][0].figure, raised);
    if (scope)
      out.people.push(
        personView(
          id,
          box,
          members.map((m) => m[0]),
          scope,
          tooSmall,
        ),
      );
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
  if (drop.held) {
    keep.held = keep.held ? mergeHeld(keep.held, drop.held) : drop.held;
    drop.held = undefined;
  }
  keep.head = head;
  keep.torso = torso;
  head.figure = keep;
  torso.figure = keep;
}
