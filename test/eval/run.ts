// Runs a synthetic scene through the ViolationMonitor (tracker + PPE rules + confirmation) and,
// like the capture stage, through the place cooldown; scores tracking and captures against truth.
import type { ViolationKind } from '../../src/domain/detection';
import { PlaceCooldown } from '../../src/capture/dedup';
import { CapturedPeople } from '../../src/capture/sightings';
import { ppeConfigSchema, trackerConfigOf, type PpeConfigInput } from '../../src/ppe/config';
import { createViolationMonitor } from '../../src/ppe/create-monitor';
import type { ConfirmedViolation } from '../../src/ppe/monitor';
import { createTracker } from '../../src/track';
import { unionBox } from '../../src/domain/box';
import { evaluateMot, overlap, type MotFrame, type MotResult, type TruthObject } from './metrics';
import type { Scene, TruthPerson, ViolationEpisode } from './scene';

/** Ground truth visible at least this much must be tracked; less is "don't care". */
const MIN_VISIBILITY = 0.5;
/**
 * An episode seen for fewer frames (under 2 s at 5 fps) may be captured but is not required:
 * confirming takes the tracker's minHits plus M of N frames.
 */
export const MIN_EPISODE_FRAMES = 10;
/** A capture belongs to an episode up to this many frames before or after it (confirmation lag, flicker at its edge). */
const EPISODE_SLACK = 5;

export interface CaptureScore {
  /** Episodes that must be captured (seen for at least MIN_EPISODE_FRAMES). */
  episodes: number;
  /** Episodes with exactly one capture. */
  exactlyOnce: number;
  missed: number;
  /** Captures beyond the first for an episode. */
  duplicates: number;
  /** Captures matching no person, or a person not violating that kind at the time. */
  falseAlarms: number;
  captures: number;
}

export interface EvalResult {
  mot: MotResult;
  /** What the monitor confirmed. */
  monitor: CaptureScore;
  /** What would be saved after the cross-track place cooldown. */
  saved: CaptureScore;
}

/**
 * What a subject may be drawn as: the whole person; or, without a person class, head ∪ torso,
 * or the head or the torso alone when only one of them is detected.
 */
export function truthObject(p: TruthPerson, personClass: boolean): TruthObject {
  return { id: p.id, boxes: personClass ? [p.box] : [unionBox(p.head, p.torso), p.head, p.torso] };
}

/** How long a worker restart leaves the camera unwatched; measured restarts take 1.5–3 s. */
const RESTART_DOWNTIME_MS = 2000;

export interface EvalOptions {
  /** Frames at which the worker "restarts": a fresh monitor (new track ids, no memory) takes over. */
  restartAt?: number[];
  /** Cooldown of the place dedup, ms (default: PlaceCooldown's). */
  cooldownMs?: number;
  /** Report where captured people are, as workers do (default true); false: the place stays where they were captured. */
  followSightings?: boolean;
  /** Overlap that makes two places the same (default: PlaceCooldown's). */
  iou?: number;
}

export async function evaluateScene(
  scene: Scene,
  ppe: PpeConfigInput = {},
  opts: EvalOptions = {},
): Promise<EvalResult> {
  const { personClass, width, height, fps } = scene.options;
  const cfg = ppeConfigSchema.parse(ppe);
  const newTracker = () => createTracker(trackerConfigOf(cfg));
  const start = () => createViolationMonitor<number>(cfg, personClass, newTracker, { snapshot: (f) => f });
  let monitor = start();
  let captured = new CapturedPeople();
  let idBase = 0; // track ids restart with the worker; keep hypotheses distinct across restarts
  const motFrames: MotFrame[] = [];
  const confirmed: ConfirmedViolation<number>[] = [];
  // The capture stage as it runs live: dedup admits captures and follows captured people.
  const cooldown = new PlaceCooldown({ cooldownMs: opts.cooldownMs, iou: opts.iou });
  const saved: ConfirmedViolation<number>[] = [];
  const label = (p: TruthPerson) => truthObject(p, personClass);
  let downUntil = -1;
  for (const frame of scene.frames) {
    if (opts.restartAt?.includes(frame.index)) {
      monitor = start();
      captured = new CapturedPeople();
      idBase += 1_000_000;
      // A restarted worker sees nothing for a while (process start, model load, reconnect).
      downUntil = frame.index + Math.round((RESTART_DOWNTIME_MS / 1000) * fps);
    }
    if (frame.index < downUntil) continue;
    const out = monitor.update(frame.index, { width, height }, frame.dets, frame.time);
    motFrames.push({
      truth: frame.truth.filter((p) => p.visibility >= MIN_VISIBILITY).map(label),
      ignored: frame.truth.filter((p) => p.visibility < MIN_VISIBILITY).map(label),
      hyp: out.people.map((p) => ({ id: idBase + p.trackId, box: p.box })),
    });
    for (const c of out.confirmed) {
      confirmed.push(c);
      const kinds: ViolationKind[] = [];
      for (const kind of c.kinds) {
        const id = `${idBase + c.trackId}/${kind}`;
        captured.captured(c.trackId, kind, id, frame.time);
        if (await cooldown.admit({ id, cameraId: 'eval', kind, box: c.box, time: c.time })) kinds.push(kind);
      }
      if (kinds.length > 0) saved.push({ ...c, kinds });
    }
    if (opts.followSightings !== false) {
      for (const s of captured.sightings(out.people, frame.time)) {
        await cooldown.refresh({ id: s.captureId, cameraId: 'eval', kind: s.kind, box: s.box, time: frame.time });
      }
    }
  }
  return {
    mot: evaluateMot(motFrames),
    monitor: scoreCaptures(scene, confirmed, fps),
    saved: scoreCaptures(scene, saved, fps),
  };
}

/** Attributes each capture to the person it overlaps most in its frame, and to their episode of that kind. */
function scoreCaptures(scene: Scene, captures: readonly ConfirmedViolation<number>[], fps: number): CaptureScore {
  const { personClass } = scene.options;
  const count = new Map<ViolationEpisode, number>();
  let falseAlarms = 0;
  for (const c of captures) {
    const index = Math.round((c.time * fps) / 1000);
    let best: TruthPerson | undefined;
    let bestOverlap = 0.3;
    for (const p of scene.frames[index].truth) {
      const o = overlap(truthObject(p, personClass), c.box);
      if (o > bestOverlap) {
        best = p;
        bestOverlap = o;
      }
    }
    for (const kind of c.kinds) {
      const episode = scene.episodes.find(
        (e) =>
          e.personId === best?.id &&
          e.kind === kind &&
          index >= e.firstFrame - EPISODE_SLACK &&
          index <= e.lastFrame + EPISODE_SLACK,
      );
      if (episode) count.set(episode, (count.get(episode) ?? 0) + 1);
      else falseAlarms++;
    }
  }
  let episodes = 0;
  let exactlyOnce = 0;
  let missed = 0;
  let duplicates = 0;
  for (const e of scene.episodes) {
    const n = count.get(e) ?? 0;
    duplicates += Math.max(0, n - 1);
    if (e.visibleFrames < MIN_EPISODE_FRAMES) continue;
    episodes++;
    if (n === 0) missed++;
    else if (n === 1) exactlyOnce++;
  }
  return {
    episodes,
    exactlyOnce,
    missed,
    duplicates,
    falseAlarms,
    captures: captures.reduce((n, c) => n + c.kinds.length, 0),
  };
}
