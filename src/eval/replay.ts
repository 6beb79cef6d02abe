// Runs one camera's whole pipeline (detection, tracking, PPE rules, capture, dedup) over a
// recorded video as fast as the machine allows, with the camera's own settings. Frames are taken
// at the camera's fps from the file's timestamps, so a replay gives the same captures every run.
import { catalogueOf, type AppConfig, type CameraConfig } from '../config/schema';
import { PlaceCooldown, admittedKinds } from '../capture/dedup';
import type { Box, ViolationKind } from '../domain/detection';
import type { CaptureEvent } from '../domain/events';
import type { Detector } from '../detect/detector';
import { probeVideoFile, readVideoFrames } from '../ingest/video-file';
import { CameraPipeline } from '../worker/pipeline';

export interface ReplayCapture {
  /** Seconds into the video of the frame the capture was taken from. */
  offset: number;
  trackId: number;
  kinds: ViolationKind[];
  score: number;
  /** Source pixels. */
  box: Box;
  zone?: string;
  crop: Buffer;
  frame: Buffer;
}

export interface ReplayResult {
  width: number;
  height: number;
  /** Frames the pipeline took (at the camera's fps). */
  frames: number;
  /** Of those, frames the model ran on (fewer when motion gating skipped still ones). */
  detected: number;
  captures: ReplayCapture[];
  /** Captures the dedup memory refused as the same person again. */
  duplicatesRefused: number;
}

export interface ReplayOptions {
  file: string;
  camera: CameraConfig;
  config: Pick<AppConfig, 'preview' | 'dedup' | 'ppeItems'>;
  /** Made with the config's catalogue (catalogueOf). */
  detector: Detector;
}

export async function replayVideo(opts: ReplayOptions): Promise<ReplayResult> {
  const { file, camera, config, detector } = opts;
  const video = await probeVideoFile(file);
  const dedup = new PlaceCooldown({ cooldownMs: config.dedup.cooldownSeconds * 1000, iou: config.dedup.iou });
  const events: CaptureEvent[] = [];
  const refreshes: Promise<void>[] = [];
  let failure: Error | undefined;
  const pipeline = new CameraPipeline(camera, detector, catalogueOf(config), config.preview, {
    preview: () => {},
    previewFailed: () => {},
    frameFailed: (err) => (failure ??= err),
    capture: (event) => events.push(event),
    sightings: (time, sightings) => {
      for (const s of sightings) {
        refreshes.push(dedup.refresh({ id: s.captureId, cameraId: camera.id, kind: s.kind, box: s.box, time }));
      }
    },
  });

  // Dedup decisions follow the frames' order, as the server's single consumer takes them.
  const captures = new Map<string, ReplayCapture>();
  let duplicatesRefused = 0;
  let judged = 0;
  const admitPending = async () => {
    await Promise.all(refreshes.splice(0));
    for (const event of events.splice(0)) {
      const time = Date.parse(event.time);
      const earlier = captures.get(event.id); // later kinds of a person captured already
      const fresh = event.kinds.filter((k) => !earlier?.kinds.includes(k));
      const kinds = await admittedKinds(dedup, { ...event, kinds: fresh, time });
      if (kinds.length === 0) duplicatesRefused++;
      else if (earlier) earlier.kinds.push(...kinds);
      else captures.set(event.id, replayCapture(event, kinds, time));
    }
  };
  for await (const frame of readVideoFrames(file, video, { fps: camera.fps })) {
    await pipeline.process(frame);
    judged++;
    await admitPending();
    if (failure) break;
  }
  await pipeline.flush();
  await admitPending();
  if (failure) throw failure;
  return {
    width: video.width,
    height: video.height,
    frames: judged,
    detected: pipeline.framesDetected,
    captures: [...captures.values()],
    duplicatesRefused,
  };
}

function replayCapture(event: CaptureEvent, kinds: ViolationKind[], time: number): ReplayCapture {
  return {
    offset: time / 1000,
    trackId: event.trackId,
    kinds,
    score: event.confidence,
    box: event.box,
    ...(event.zone ? { zone: event.zone } : {}),
    crop: event.crop,
    frame: event.frame,
  };
}
