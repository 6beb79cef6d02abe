// Deterministic synthetic CCTV scenes for evaluating tracking and PPE confirmation.
// People walk across a perspective view (near = lower and bigger), some in pairs that cross each
// other, some pausing, some taking their helmet off halfway; pillars and nearer people hide
// them; the simulated detector misses boxes, jitters them, scores half-hidden ones low, and
// flickers compliant heads/torsos to the violation class 1 frame in N. Everything comes from one
// seeded PRNG, so a seed always gives the same scene (reusable by benchmarks).
import type { Box, Detection, PpeRole, ViolationKind } from '../../src/domain/detection';
import { boxArea, intersectionArea } from '../../src/domain/box';

export interface SceneOptions {
  seed: number;
  frames: number;
  fps: number;
  width: number;
  height: number;
  /** People entering over the scene (crossing partners included). */
  people: number;
  /** Share of people who come with a partner walking the other way, passing them midway. */
  crossingShare: number;
  /** One person in view at a time (no crossings): isolates per-person noise from crowd effects. */
  oneAtATime: boolean;
  /** Emit 'person' detections (a person model) besides the PPE items. */
  personClass: boolean;
  /** Chance that any one detection is missed in a frame. */
  missRate: number;
  /** Box noise: standard deviation as a share of the box's width / height. */
  jitter: number;
  /** A compliant head (torso) is detected as its violation class 1 frame in this many; 0 = never. */
  flickerEvery: number;
  /** Share of people without helmet, and (independently) without vest. */
  violatorShare: number;
  /** Share of helmet wearers who take it off halfway across (a violation starting mid-track). */
  removeHelmetShare: number;
  /** Share of people who stand still for a while. */
  pauseShare: number;
  /** Pillars hiding whoever walks behind them, in normalised x ranges (full height). */
  pillars: [number, number][];
  /** Expected false detections per frame (low scores, random places). */
  clutter: number;
}

export const DEFAULT_SCENE: SceneOptions = {
  seed: 1,
  frames: 1500,
  fps: 5,
  width: 1280,
  height: 720,
  people: 40,
  crossingShare: 0.5,
  oneAtATime: false,
  personClass: true,
  missRate: 0.1,
  jitter: 0.03,
  flickerEvery: 10,
  violatorShare: 0.35,
  removeHelmetShare: 0.15,
  pauseShare: 0.2,
  pillars: [
    [0.3, 0.34],
    [0.68, 0.71],
  ],
  clutter: 0.3,
};

/** Ground truth of one person in one frame. */
export interface TruthPerson {
  id: number;
  box: Box;
  head: Box;
  torso: Box;
  helmet: boolean;
  vest: boolean;
  /** Share of the body not hidden (by pillars, nearer people or the frame edge). */
  visibility: number;
}

export interface SceneFrame {
  index: number;
  /** ms */
  time: number;
  truth: TruthPerson[];
  dets: Detection[];
}

/** The frames in which one person lacks one item while at least half visible. */
export interface ViolationEpisode {
  personId: number;
  kind: ViolationKind;
  firstFrame: number;
  lastFrame: number;
  /** Frames of the episode in which the person was at least half visible. */
  visibleFrames: number;
}

export interface Scene {
  options: SceneOptions;
  frames: SceneFrame[];
  episodes: ViolationEpisode[];
}

/** mulberry32: small, fast, good enough for simulation. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Walker {
  id: number;
  enter: number;
  /** Feet y at entry (px) and its drift per frame. */
  feetY: number;
  driftY: number;
  /** +1 walks right, -1 left. */
  dir: number;
  /** Speed in body heights per frame. */
  pace: number;
  helmet: boolean;
  vest: boolean;
  helmetOffAt: number;
  pauseAt: number;
  pauseFrames: number;
  /** Flicker phases of the head and the torso detections. */
  headPhase: number;
  torsoPhase: number;
}

const CLASS = {
  head: { classId: 0, className: 'head', role: 'no-helmet' },
  helmet: { classId: 1, className: 'helmet', role: 'helmet' },
  'no-jacket': { classId: 2, className: 'no-jacket', role: 'no-vest' },
  'safety-jacket': { classId: 3, className: 'safety-jacket', role: 'vest' },
  person: { classId: 4, className: 'person', role: 'person' },
} as const satisfies Record<string, { classId: number; className: string; role: PpeRole }>;

export function generateScene(overrides: Partial<SceneOptions> = {}): Scene {
  const o: SceneOptions = { ...DEFAULT_SCENE, ...overrides };
  const rand = prng(o.seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const walkers = makeWalkers(o, rand);
  const frames: SceneFrame[] = [];
  const episodeOf = new Map<string, ViolationEpisode>();

  for (let f = 0; f < o.frames; f++) {
    const truth: TruthPerson[] = [];
    for (const w of walkers) {
      const p = personAt(w, f, o);
      if (p) truth.push(p);
    }
    // Nearer people (feet lower in the frame) hide farther ones.
    const byDepth = [...truth].sort((a, b) => a.box[3] - b.box[3]);
    const pillarBoxes = o.pillars.map(([x1, x2]): Box => [x1 * o.width, 0, x2 * o.width, o.height]);
    const frameBox: Box = [0, 0, o.width, o.height];
    const hidden = (b: Box, self: TruthPerson) => {
      const nearer = byDepth.filter((q) => q.box[3] > self.box[3]).map((q) => q.box);
      return hiddenShare(b, [...pillarBoxes, ...nearer], frameBox);
    };
    const dets: Detection[] = [];
    for (const p of truth) {
      p.visibility = 1 - hidden(p.box, p);
      const w = walkers[p.id - 1];
      if (o.personClass) emit(dets, 'person', p.box, p.visibility);
      const flicker = (phase: number) => o.flickerEvery > 0 && (f + phase) % o.flickerEvery === 0;
      emit(dets, p.helmet !== flicker(w.headPhase) ? 'helmet' : 'head', p.head, 1 - hidden(p.head, p));
      emit(dets, p.vest !== flicker(w.torsoPhase) ? 'safety-jacket' : 'no-jacket', p.torso, 1 - hidden(p.torso, p));
      if (p.visibility >= 0.5) {
        if (!p.helmet) extendEpisode(episodeOf, p.id, 'no-helmet', f);
        if (!p.vest) extendEpisode(episodeOf, p.id, 'no-vest', f);
      }
    }
    for (let c = rand(); c < o.clutter; c += 1) {
      const h = 60 + rand() * 200;
      const x = rand() * (o.width - h / 2);
      const y = rand() * (o.height - h);
      const kind = o.personClass && rand() < 0.5 ? 'person' : rand() < 0.5 ? 'head' : 'no-jacket';
      const box: Box = kind === 'person' ? [x, y, x + h * 0.4, y + h] : [x, y, x + h * 0.15, y + h * 0.15];
      dets.push({ ...CLASS[kind], box, score: 0.1 + rand() * 0.3 });
    }
    frames.push({ index: f, time: Math.round((f * 1000) / o.fps), truth, dets });
  }
  return { options: o, frames, episodes: [...episodeOf.values()] };

  /** The simulated detector: misses, low scores when half hidden, jitter, clipped to the frame. */
  function emit(dets: Detection[], kind: keyof typeof CLASS, box: Box, visible: number): void {
    if (visible < 0.35 || rand() < o.missRate) return;
    const score = visible < 0.65 ? 0.15 + rand() * 0.3 : 0.55 + rand() * 0.4;
    const w = box[2] - box[0];
    const h = box[3] - box[1];
    const j = o.jitter;
    const noisy: Box = [
      clamp(box[0] + gauss() * j * w, 0, o.width),
      clamp(box[1] + gauss() * j * h, 0, o.height),
      clamp(box[2] + gauss() * j * w, 0, o.width),
      clamp(box[3] + gauss() * j * h, 0, o.height),
    ];
    if (noisy[2] - noisy[0] < 2 || noisy[3] - noisy[1] < 2) return;
    dets.push({ ...CLASS[kind], box: noisy, score });
  }
}

function makeWalkers(o: SceneOptions, rand: () => number): Walker[] {
  const walkers: Walker[] = [];
  const lastEnter = Math.max(1, o.frames - 120); // leave time to cross before the end
  const make = (enter: number, feetY: number, dir: number, pace: number): Walker => {
    const helmet = rand() >= o.violatorShare;
    return {
      id: walkers.length + 1,
      enter,
      feetY,
      driftY: (rand() - 0.5) * 1.5,
      dir,
      pace,
      helmet,
      vest: rand() >= o.violatorShare,
      helmetOffAt: helmet && rand() < o.removeHelmetShare ? enter + 15 + Math.floor(rand() * 20) : Infinity,
      pauseAt: rand() < o.pauseShare ? enter + 10 + Math.floor(rand() * 20) : Infinity,
      pauseFrames: 10 + Math.floor(rand() * 30),
      headPhase: Math.floor(rand() * 1000),
      torsoPhase: Math.floor(rand() * 1000),
    };
  };
  let nextFree = 0; // oneAtATime: first frame after the previous person has left
  while (walkers.length < o.people) {
    const enter = o.oneAtATime ? nextFree : Math.floor(rand() * lastEnter);
    const feetY = o.height * (0.45 + rand() * 0.5);
    const dir = rand() < 0.5 ? 1 : -1;
    const pace = 0.08 + rand() * 0.08; // 0.4–0.8 body heights per second at 5 fps: walking
    const w = make(enter, feetY, dir, pace);
    walkers.push(w);
    if (o.oneAtATime) {
      const h = heightAt(feetY, o);
      const crossing = (o.width + 0.76 * h) / (pace * h);
      nextFree = enter + Math.ceil(crossing) + (w.pauseAt < Infinity ? w.pauseFrames : 0) + 5;
      continue;
    }
    if (walkers.length < o.people && rand() < o.crossingShare) {
      // The partner enters from the other side at the same time, a step nearer or farther: they
      // pass each other midway, one hiding the other.
      const side = (20 + rand() * 40) * (rand() < 0.5 ? -1 : 1);
      walkers.push(make(enter, feetY + side, -dir, pace * (0.9 + rand() * 0.2)));
      walkers[walkers.length - 1].pauseAt = Infinity;
      walkers[walkers.length - 2].pauseAt = Infinity;
    }
  }
  return walkers;
}

/** Person height (px) for feet at y: 80 px at the horizon line, 300 px at the bottom. */
function heightAt(feetY: number, o: SceneOptions): number {
  return 80 + ((feetY - 0.45 * o.height) / (0.5 * o.height)) * 220;
}

function personAt(w: Walker, f: number, o: SceneOptions): TruthPerson | null {
  if (f < w.enter) return null;
  let t = f - w.enter;
  if (t > w.pauseAt - w.enter) t = Math.max(w.pauseAt - w.enter, t - w.pauseFrames);
  const feetY = w.feetY + w.driftY * t;
  const h = heightAt(feetY, o);
  const bw = 0.38 * h;
  const startX = w.dir > 0 ? -bw / 2 : o.width + bw / 2;
  // Pace is relative to the height at entry, so a person keeps a constant ground speed.
  const cx = startX + w.dir * w.pace * heightAt(w.feetY, o) * t;
  if (cx < -bw || cx > o.width + bw) return null; // walked out
  const box: Box = [cx - bw / 2, feetY - h, cx + bw / 2, feetY];
  return {
    id: w.id,
    box,
    head: [cx - 0.07 * h, box[1], cx + 0.07 * h, box[1] + 0.14 * h],
    torso: [box[0] + 0.05 * bw, box[1] + 0.17 * h, box[2] - 0.05 * bw, box[1] + 0.55 * h],
    helmet: w.helmet && f < w.helmetOffAt,
    vest: w.vest,
    visibility: 1,
  };
}

/** Share of a box hidden by occluders or outside the frame (overlaps summed, capped at 1). */
function hiddenShare(b: Box, occluders: readonly Box[], frame: Box): number {
  const area = boxArea(b);
  if (area === 0) return 1;
  let hidden = area - intersectionArea(b, frame);
  for (const o of occluders) hidden += intersectionArea(b, o);
  return Math.min(1, hidden / area);
}

function extendEpisode(map: Map<string, ViolationEpisode>, personId: number, kind: ViolationKind, f: number): void {
  const key = `${personId}/${kind}`;
  const e = map.get(key);
  if (e) {
    e.lastFrame = f;
    e.visibleFrames++;
  } else {
    map.set(key, { personId, kind, firstFrame: f, lastFrame: f, visibleFrames: 1 });
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
