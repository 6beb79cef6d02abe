// Person mode, for models with a person class: people are tracked, and the helmets, vests and
// their negatives found inside a person's box are the evidence for that person.
import { boxArea, boxHeight } from '../domain/box';
import { VIOLATION_KINDS, type Detection } from '../domain/detection';
import type { Tracker } from '../track';
import type { PpeConfig } from './config';
import { ViolationMonitor, type FrameSize, type MonitorOptions, type MonitorUpdate } from './monitor';
import { assignItems, judge, type KindEvidence } from './rules';
import { personView, type Observation, type Verdict } from './subject';

const ITEM_ROLES = new Set<Detection['role']>(['helmet', 'no-helmet', 'vest', 'no-vest']);

export class PersonMonitor<F> extends ViolationMonitor<F> {
  /** `people` tracks person boxes. */
  constructor(
    cfg: PpeConfig,
    private readonly people: Tracker,
    opts: MonitorOptions<F>,
  ) {
    super(cfg, [{ kinds: VIOLATION_KINDS, slot: 'head' }], opts);
  }

  protected observe(frameSize: FrameSize, dets: readonly Detection[], out: MonitorUpdate<F>): void {
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
    const tracks = this.people.update(people, this.time, frameSize);
    const seen = tracks.filter((t) => t.timeSinceUpdate === 0);
    const evidence = assignItems(
      seen.map((t) => t.box),
      items,
    );
    let i = -1; // index into `seen`, which keeps the order of `tracks`
    for (const t of tracks) {
      const s = this.subject(0, t.id);
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
      if (raised.length > 0) this.hold(s.figure, [[s, raised]]);
      out.people.push(personView(s.figure.id, t.box, [s], scope, tooSmall));
    }
  }
}

function verdictOf(e: KindEvidence, inferMissing: boolean, personScore: number): Verdict {
  const violating = judge(e, inferMissing);
  // An inferred violation has no item of its own: the person's score stands for it.
  return { violating, score: violating ? e.violation || personScore : e.clean };
}
