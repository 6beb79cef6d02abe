// Person mode, for models with a person class: people are tracked, and the items (and their
// negatives) found in each item's region of a person's box are the evidence for that person.
import { boxArea, boxHeight, containment } from '../domain/box';
import type { Box, Detection } from '../domain/detection';
import { BUILT_IN_CATALOGUE, roleEvidence, type PpeCatalogue } from '../domain/ppe-items';
import type { Tracker } from '../track';
import type { PpeConfig } from './config';
import { ViolationMonitor, type FrameSize, type MonitorOptions, type MonitorUpdate } from './monitor';
import { assignItems, judge, personRegions, type ItemRegions, type KindEvidence, type PersonEvidence } from './rules';
import { personView, type Observation, type Scope, type Verdict } from './subject';

/** Share of an item's region that must be in the frame for its absence to be inferred. */
const MIN_REGION_IN_FRAME = 0.9;

export class PersonMonitor<F> extends ViolationMonitor<F> {
  private readonly catalogue: PpeCatalogue;
  private readonly regions: ItemRegions;
  /** Kinds whose absence may be inferred from a person in view with no item of theirs. */
  private readonly inferable: ReadonlySet<string>;

  /** `people` tracks person boxes. */
  constructor(
    cfg: PpeConfig,
    private readonly people: Tracker,
    opts: MonitorOptions<F>,
  ) {
    const catalogue = opts.catalogue ?? BUILT_IN_CATALOGUE;
    super(cfg, [{ kinds: catalogue.kinds, slot: 'head' }], opts);
    this.catalogue = catalogue;
    this.regions = personRegions(catalogue);
    this.inferable = new Set(
      catalogue.items.filter((item) => cfg.inferMissing || item.inferAbsence).map((item) => `no-${item.id}`),
    );
  }

  protected observe(frameSize: FrameSize, dets: readonly Detection[], out: MonitorUpdate<F>): void {
    const people: Detection[] = [];
    const items: Detection[] = [];
    for (const d of dets) {
      if (d.role === 'person') {
        if (this.trackerTakes(d)) people.push(d);
      } else if (d.score >= this.cfg.minScore && roleEvidence(d.role)) {
        items.push(d);
      }
    }
    const tracks = this.people.update(people, this.time, frameSize);
    const seen = tracks.filter((t) => t.timeSinceUpdate === 0);
    const evidence = assignItems(
      seen.map((t) => t.box),
      items,
      this.regions,
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
      const verdicts = tooSmall ? {} : this.verdicts(evidence[i], scope, t.box, t.score, frameSize);
      const raised = this.step(s, { box: t.box, area: boxArea(t.box), zone: scope.zone?.name, verdicts });
      if (raised.length > 0) this.hold(s.figure, [[s, raised]]);
      out.people.push(personView(s.figure.id, t.box, [s], scope, tooSmall, this.catalogue.kinds));
    }
  }

  /** This frame's verdict on each kind required where the person stands. */
  private verdicts(
    evidence: PersonEvidence,
    scope: Scope,
    person: Box,
    personScore: number,
    frameSize: FrameSize,
  ): Observation['verdicts'] {
    const verdicts: Observation['verdicts'] = {};
    const frame: Box = [0, 0, frameSize.width, frameSize.height];
    for (const kind of scope.required) {
      const e = evidence[kind];
      const region = this.regions.get(kind);
      if (!e || !region) continue; // a kind of no configured item: nothing can show it
      // Absence is inferred only where the item would be seen: its region in the frame.
      const infer = this.inferable.has(kind) && containment(region(person), frame) >= MIN_REGION_IN_FRAME;
      verdicts[kind] = verdictOf(e, infer, personScore);
    }
    return verdicts;
  }
}

function verdictOf(e: KindEvidence, inferMissing: boolean, personScore: number): Verdict {
  const violating = judge(e, inferMissing);
  // An inferred violation has no item of its own: the person's score stands for it.
  return { violating, score: violating ? e.violation || personScore : e.clean };
}
