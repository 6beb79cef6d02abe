import { randomUUID } from 'node:crypto';
import type { CameraConfig, AppConfig } from '../config/schema';
import type { CameraStats, CaptureEvent, Sighting } from '../domain/events';
import type { Frame, LentFrame, ViolationKind } from '../domain/detection';
import type { PpeCatalogue } from '../domain/ppe-items';
import type { Detector, FrameDetections } from '../detect/detector';
import { ppeAtRate, trackerConfigOf } from '../ppe/config';
import { createViolationMonitor } from '../ppe/create-monitor';
import type { ConfirmedViolation, PersonView, ViolationMonitor } from '../ppe/monitor';
import { createTracker } from '../track';
import { frameSettings } from '../track/tracker';
import { MotionGate } from '../detect/motion';
import { renderAnnotatedFrame, renderCrop, type Annotation } from '../capture/render';
import { RateMeter } from './rate-meter';
import { CapturedPeople } from '../capture/sightings';
import { PrivacyMasker } from '../privacy/raster';

/** Where a camera pipeline's output goes: the live preview and confirmed violations. */
export interface PipelineSink {
  /** `frameTime`: when the frame left the source (previews are encoded beside the next detection). */
  preview(jpeg: Buffer, frameTime: number): void;
  /** A preview could not be encoded; the pipeline carries on with the next frame. */
  previewFailed(err: Error): void;
  /** A frame could not be detected or handled; the pipeline carries on with the next frame. */
  frameFailed(err: Error): void;
  capture(event: CaptureEvent): void;
  /** Where already captured people are now (about twice a second). */
  sightings(time: number, sightings: Sighting[]): void;
}

/** An exponential moving average, starting at the first value. */
const smoothed = (average: number, value: number) => (average === 0 ? value : average * 0.9 + value * 0.1);

/** Without viewers a preview is still refreshed now and then, for snapshots and thumbnails. */
const IDLE_PREVIEW_INTERVAL_MS = 2000;

/** How a kind reads on a box: "NO HELMET", "NO EAR PROTECTION" (the raw kind for an item not configured). */
function kindLabel(kind: ViolationKind, catalogue: PpeCatalogue): string {
  const item = catalogue.itemOfKind(kind);
  return item ? `NO ${item.name.toUpperCase()}` : kind;
}

/** The label of a person's box while violating, on the preview and on captures: "#3 NO HELMET + NO MASK". */
function violationLabel(trackId: number, kinds: readonly ViolationKind[], catalogue: PpeCatalogue): string {
  return `#${trackId} ${kinds.map((k) => kindLabel(k, catalogue)).join(' + ')}`;
}

export function personAnnotation(p: PersonView, catalogue: PpeCatalogue): Annotation {
  if (p.violations.length > 0)
    return { box: p.box, tone: 'violation', label: violationLabel(p.trackId, p.violations, catalogue) };
  return { box: p.box, tone: p.compliant === true ? 'compliant' : 'unknown', label: `#${p.trackId} ${p.label}` };
}

/**
 * Counts distinct people the rules could judge (compliant or violating, not "unknown"). Ids are
 * forgotten a minute after they were last seen, so memory stays bounded over days.
 */
export class PeopleCounter {
  judged = 0;
  /** Of the people judged, those with a confirmed violation (each person once, whatever the kinds). */
  violating = 0;
  private readonly seen = new Map<number, { at: number; violating: boolean }>();

  observe(people: readonly PersonView[], now: number): void {
    for (const p of people) {
      const violating = p.violations.length > 0;
      if (p.compliant === 'unknown' && !violating) continue;
      const known = this.seen.get(p.trackId);
      if (!known) this.judged++;
      if (violating && !known?.violating) this.violating++;
      this.seen.set(p.trackId, { at: now, violating: violating || !!known?.violating });
    }
    for (const [id, s] of this.seen) if (now - s.at > 60_000) this.seen.delete(id);
  }
}

/**
 * The frame a capture will be taken from, kept while its violation is confirmed: that outlasts
 * the loan of the source's frame (and the preview draws on the lent pixels).
 */
const copyFrame = (f: Frame): Frame => ({ ...f, data: Buffer.from(f.data) });

/**
 * One camera's per-frame work: detection (inside the schedule), tracking and PPE rules,
 * captures of confirmed violations, and the annotated live preview.
 */
export class CameraPipeline {
  /** Inside the detection schedule; outside it frames only feed the preview. */
  detecting = true;
  /** Someone is watching the live stream: encode every frame. */
  watched = false;
  /** Frames handed to the detector since the start. */
  framesDetected = 0;

  private readonly monitor: ViolationMonitor<Frame>;
  /** Which frames are detected: all while the picture moves, few while it is still. */
  private readonly motion: MotionGate;
  private readonly masker: PrivacyMasker;
  private readonly detectRate = new RateMeter();
  private inferenceMs = 0;
  private passesPerFrame = 0;
  private lastPreviewAt = 0;
  /** Time of the last frame detected and judged. */
  private lastJudgedAt = 0;
  private people: PersonView[] = [];
  private readonly judged = new PeopleCounter();
  private readonly captured = new CapturedPeople();
  /** Settles once the last frame taken is handled. */
  private lastHandled: Promise<void> = Promise.resolve();
  /** The preview being encoded while the next frame is detected; at most one at a time. */
  private previewDone: Promise<void> = Promise.resolve();

  constructor(
    private readonly camera: CameraConfig,
    private readonly detector: Detector,
    /** The items the detector's classes were mapped with. */
    private readonly catalogue: PpeCatalogue,
    private readonly previewOptions: AppConfig['preview'],
    private readonly sink: PipelineSink,
  ) {
    const tracking = trackerConfigOf(camera.ppe, camera.fps);
    const newTracker = () => createTracker(tracking);
    const rules = ppeAtRate(camera.ppe, camera.fps);
    this.monitor = createViolationMonitor(rules, detector.hasPersonClass, newTracker, {
      snapshot: copyFrame,
      catalogue,
    });
    // Motion counts where the rules look: inside the zones, when there are any. After motion, a
    // newcomer needs minHits frames (at the camera's fps) to be tracked and a confirmation window to be judged.
    const settle = frameSettings(tracking).minHits + rules.confirm.window;
    this.masker = new PrivacyMasker(camera.privacyMasks);
    this.motion = new MotionGate(
      camera.motion,
      camera.ppe.zones.map((z) => z.polygon),
      settle,
    );
  }

  /**
   * Takes a frame and returns once the frame before it is fully handled, while this one is still
   * being detected: the caller fetches the next frame meanwhile, and a detector on a thread of its
   * own (createThreadedDetector) gets it before it finishes this one, so the hand-off between
   * frames costs it nothing. Frames are handled in order; failures go to `sink.frameFailed`.
   * The frame is the pipeline's until it releases it: once detected, judged and previewed.
   * Its privacy masks are burned in first, so motion, detection, previews and captures all see
   * the masked picture.
   */
  async process(frame: LentFrame): Promise<void> {
    this.masker.apply(frame);
    const previous = this.lastHandled;
    const detect = this.detecting && this.motion.wants(frame, this.monitor.deciding);
    if (detect) this.framesDetected++;
    const detected = detect ? this.detector.detect(frame) : undefined;
    const handled = this.handle(frame, detected, previous).catch((err: Error) => this.sink.frameFailed(err));
    this.lastHandled = handled;
    // Without detection the frame is handled before returning.
    await (detected ? previous : handled);
  }

  /**
   * The stream ended: resolves once every frame taken is handled, the captures the rules still
   * held back (waiting for a person's other kinds) are out, and the last preview was delivered.
   */
  async flush(): Promise<void> {
    await this.lastHandled;
    await this.emitCaptures(this.monitor.finish(), this.people, this.lastJudgedAt);
    await this.previewDone;
  }

  private async handle(
    frame: LentFrame,
    detected: Promise<FrameDetections> | undefined,
    previous: Promise<void>,
  ): Promise<void> {
    let previewing = false;
    try {
      await previous; // tracking, captures and previews follow the frames' order
      await this.judge(frame, detected);
      if (this.watched || frame.time - this.lastPreviewAt >= IDLE_PREVIEW_INTERVAL_MS) {
        this.lastPreviewAt = frame.time;
        await this.previewDone;
        this.previewDone = this.encodePreview(
          frame,
          this.people.map((p) => personAnnotation(p, this.catalogue)),
        );
        previewing = true;
      }
    } finally {
      if (!previewing) frame.release(); // else released once its preview is encoded
    }
  }

  /** Detections → tracking and rules → captures of confirmed violations and where captured people are. */
  private async judge(frame: Frame, detected: Promise<FrameDetections> | undefined): Promise<void> {
    if (detected) {
      const { detections, timings: t, passes } = await detected;
      // Smoothed so the dashboard figures do not jump around.
      this.inferenceMs = smoothed(this.inferenceMs, t.inferenceMs);
      this.passesPerFrame = smoothed(this.passesPerFrame, passes ?? 1);
      this.detectRate.tick(frame.time);
      this.lastJudgedAt = frame.time;
      const seen = this.masker.active ? detections.filter((d) => !this.masker.hides(d.box)) : detections;
      const { people, confirmed } = this.monitor.update(frame, frame, seen, frame.time);
      this.people = people;
      this.judged.observe(people, frame.time);
      await this.emitCaptures(confirmed, people, frame.time);
    } else if (!this.detecting) {
      this.people = []; // outside the schedule; a still frame skipped by motion keeps the last boxes
    }
  }

  /** Captures of confirmed violations, then where already captured people are now. */
  private async emitCaptures(confirmed: ConfirmedViolation<Frame>[], people: PersonView[], now: number): Promise<void> {
    for (const violation of confirmed) {
      const event = await this.captureEvent(violation, this.captured.captureOf(violation.trackId));
      for (const kind of event.kinds) this.captured.captured(violation.trackId, kind, event.id, now);
      this.sink.capture(event);
    }
    const sightings = this.captured.sightings(people, now);
    if (sightings.length) this.sink.sightings(now, sightings);
  }

  /**
   * Encodes on sharp's threads while `process` returns and the next frame is detected (the encode
   * cost ~20 % of a frame's time when awaited; bench/results.md). Every preview due is encoded,
   * in order: the next one waits for this one. The boxes are drawn on the frame's own pixels
   * (nothing reads them after the preview), and the frame is released once it is encoded.
   */
  private encodePreview(frame: LentFrame, annotations: Annotation[]): Promise<void> {
    const { maxWidth, quality } = this.previewOptions;
    return renderAnnotatedFrame(frame, annotations, { maxWidth, quality, live: true })
      .then(
        (jpeg) => this.sink.preview(jpeg, frame.time),
        (err: Error) => this.sink.previewFailed(err),
      )
      .finally(() => frame.release());
  }

  stats(now: number): Omit<CameraStats, 'inputFps' | 'droppedFrames'> {
    return {
      idle: this.detecting && this.motion.idle,
      detectFps: this.detecting ? this.detectRate.rate(now) : 0,
      inferenceMs: Math.round(this.inferenceMs * 10) / 10,
      passesPerFrame: Math.round(this.passesPerFrame * 10) / 10,
      peopleJudged: this.judged.judged,
      peopleViolating: this.judged.violating,
    };
  }

  /** The capture of a confirmed violation; `earlier`: the capture already made of this person. */
  private async captureEvent(v: ConfirmedViolation<Frame>, earlier: string | undefined): Promise<CaptureEvent> {
    const label = violationLabel(v.trackId, v.kinds, this.catalogue);
    const annotation: Annotation = { box: v.box, tone: 'violation', label };
    const [crop, frame] = await Promise.all([
      renderCrop(v.frame, annotation),
      renderAnnotatedFrame(v.frame, [annotation], { quality: 90 }),
    ]);
    return {
      id: earlier ?? randomUUID(),
      ...(earlier ? { amendment: true } : {}),
      time: new Date(v.time).toISOString(),
      cameraId: this.camera.id,
      cameraName: this.camera.name,
      location: this.camera.location,
      trackId: v.trackId,
      kinds: v.kinds,
      confidence: Math.round(v.score * 1000) / 1000,
      box: v.box.map((n) => Math.round(n)) as CaptureEvent['box'],
      ...(v.zone ? { zone: v.zone } : {}),
      crop,
      frame,
    };
  }
}
