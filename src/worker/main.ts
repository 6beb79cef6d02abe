// A camera worker process: reads one camera, runs the pipeline, reports to its host (over IPC, or
// a local socket when PM2 started it: see host-channel.ts).
// Stateless compute: everything it must not forget (captures, dedup memory) lives with the host.
import { DETECTOR_RECONNECTING, NO_STATS, type CameraState } from '../domain/events';
import { PpeCatalogue } from '../domain/ppe-items';
import { decodedCatalogue } from '../ppe/config';
import { createThreadedDetector } from '../detect/detector-thread';
import type { RegionDetector } from '../detect/detector';
import { DetectorFailed } from '../detect/detector-failed';
import { connectRemoteDetector, DetectorReconnecting, RemoteDetector } from '../engine/remote-detector';
import { isZeroScoreError } from '../detect/export-check';
import { tilingOptionsOf, withTiles } from '../detect/tiled-detector';
import { createFrameSource, type FrameSource } from '../ingest/frame-source';
import { ScheduleGate } from '../schedule/schedule';
import type { Logger } from 'pino';
import { createLogger } from '../log';
import { maskUrl } from '../ingest/mask-url';
import { CameraPipeline } from './pipeline';
import { CaptureOutbox } from './capture-outbox';
import type { CameraConfig } from '../config/schema';
import { connectToHost } from './host-channel';
import type { HostMessage, WorkerMessage, WorkerSettings } from './protocol';

// Once the host is gone the worker is shutting down (see 'disconnect'); a message that can no
// longer be delivered is dropped.
const host = connectToHost();
const send = (msg: WorkerMessage) => host.send(msg);

/** How long an exiting worker waits for the host to confirm the captures and clips it sent are saved. */
const CAPTURE_SAVE_WAIT_MS = 5000;
/** An exit that cannot finish cleanly (a stuck detection) is forced after this long. */
const EXIT_LIMIT_MS = CAPTURE_SAVE_WAIT_MS + 5000;

/**
 * The wall clock, shifted by CCTV_CLOCK_OFFSET_MS when set: lets a test put a worker just before
 * a schedule boundary and watch it switch mode.
 */
function clockFromEnv(): () => Date {
  const offset = Number(process.env.CCTV_CLOCK_OFFSET_MS ?? 0);
  return () => new Date(Date.now() + offset);
}

/**
 * Reports the camera's state and figures to the host; returns the report, also sent on every state
 * change. While the host's inference engine is away the camera streams, saying so.
 */
function statusReporter(source: FrameSource, pipeline: CameraPipeline, engine: RegionDetector): () => void {
  let sourceState: CameraState = 'connecting';
  let lastError: string | undefined;
  const reportStatus = () => {
    const stats = source.stats();
    const figures = pipeline.stats(Date.now());
    const streaming = sourceState === 'streaming';
    const reconnecting = engine instanceof RemoteDetector && engine.reconnecting;
    const error = reconnecting && streaming ? DETECTOR_RECONNECTING : lastError;
    send({
      type: 'status',
      state: streaming && pipeline.detecting && !reconnecting ? 'detecting' : sourceState,
      detecting: pipeline.detecting,
      stats: { inputFps: stats.inputFps, droppedFrames: stats.framesDropped, ...figures },
      ...(error ? { lastError: error } : {}),
    });
  };
  source.onState((state, detail) => {
    sourceState = state;
    if (detail) lastError = detail;
    if (state === 'streaming') lastError = undefined;
    reportStatus();
  });
  return reportStatus;
}

/** The camera's detector: through the host's inference engine, or the model loaded on a thread of this worker. */
function cameraDetector(settings: WorkerSettings, catalogue: PpeCatalogue, log: Logger): Promise<RegionDetector> {
  const decoded = decodedCatalogue(catalogue, settings.camera.ppe);
  if (!settings.engineSocket) return createThreadedDetector(settings.model, log, decoded);
  return connectRemoteDetector({
    socketPath: settings.engineSocket,
    cameraId: settings.camera.id,
    model: settings.model,
    items: decoded.items,
    log,
  });
}

/** Schedules switch detection on and off without restarting the worker (dual mode); returns the check to repeat. */
function scheduleCheck(camera: CameraConfig, pipeline: CameraPipeline, log: Logger): () => void {
  const gate = new ScheduleGate(camera.schedule, clockFromEnv());
  pipeline.detecting = gate.detecting;
  return () => {
    if (!gate.update()) return;
    pipeline.detecting = gate.detecting;
    log.info(
      { detecting: gate.detecting },
      gate.detecting ? 'detection window opened' : 'outside detection window: streaming only',
    );
  };
}

/**
 * A stream that delivers nothing for watchdogSeconds is stuck, and so is a pipeline that takes
 * no frame for as long while the stream delivers: `restart` then exits, for the host to restart us.
 */
function watchdog(
  source: FrameSource,
  seconds: number,
  lastTakenAt: () => number,
  log: Logger,
  restart: () => void,
): NodeJS.Timeout {
  const limitMs = seconds * 1000;
  const startedAt = Date.now();
  return setInterval(() => {
    const last = source.stats().lastFrameAt ?? startedAt;
    if (Date.now() - last > limitMs) {
      log.error({ seconds }, 'no frame from the camera: watchdog restart');
      restart();
    } else if (Date.now() - lastTakenAt() > limitMs) {
      log.error({ seconds }, 'frames arrive but none was processed: watchdog restart');
      restart();
    }
  }, 1000);
}

async function run(settings: WorkerSettings, log: Logger): Promise<void> {
  const { camera } = settings;
  log.info({ url: maskUrl(camera.url), fps: camera.fps, tiles: camera.detect.tiles }, 'camera worker starting');

  const catalogue = new PpeCatalogue(settings.items);
  const engine = await cameraDetector(settings, catalogue, log);
  const detector = withTiles(engine, camera.detect.tiles, tilingOptionsOf(settings.model));
  const outbox = await CaptureOutbox.open(host, settings);
  const pipeline = new CameraPipeline(camera, detector, catalogue, settings.preview, {
    preview: (jpeg) => send({ type: 'frame', jpeg }),
    previewFailed: (err) => log.error({ err: err.message }, 'live preview encode failed'),
    frameFailed: (err) => {
      // Frames while the engine restarts are dropped; the status says so, the log said it once.
      if (err instanceof DetectorReconnecting) return;
      log.error({ err: err.message }, 'frame processing failed');
      // Without its detector thread (or engine) the worker cannot detect again: exit and be restarted.
      if (err instanceof DetectorFailed) void shutdown(1);
      // A broken export never detects anything: the camera stops, saying why.
      if (isZeroScoreError(err)) {
        send({ type: 'status', state: 'failed', detecting: false, stats: NO_STATS, lastError: err.message });
        void shutdown(1);
      }
    },
    capture: (event) => outbox.capture(event),
    sightings: (time, sightings) => send({ type: 'sightings', time, sightings }),
  });
  const source = createFrameSource({
    url: camera.url,
    fps: camera.fps,
    rtspTransport: camera.rtspTransport,
    reconnect: settings.reconnect,
    log,
    recording: outbox.recording,
  });
  const reportStatus = statusReporter(source, pipeline, engine);
  // Frames of another size cannot be letterboxed, masked or tracked as before: the host restarts
  // this camera alone, and the new worker probes the new size.
  source.onPictureChange((detail) => {
    log.warn({}, `${detail}: restarting the camera`);
    send({ type: 'status', state: 'offline', detecting: false, stats: NO_STATS, lastError: detail });
    void shutdown(4);
  });
  const updateSchedule = scheduleCheck(camera, pipeline, log);

  host.on('message', (msg: HostMessage) => {
    if (msg.type === 'watch') pipeline.watched = msg.watched;
  });

  let lastTakenAt = Date.now();
  const timers = [
    setInterval(reportStatus, 1000),
    setInterval(updateSchedule, 1000),
    watchdog(
      source,
      settings.watchdogSeconds,
      () => lastTakenAt,
      log,
      () => void shutdown(3),
    ),
  ];

  let stopping = false;
  let frameLoop = Promise.resolve();
  async function shutdown(code: number): Promise<void> {
    if (stopping) return;
    stopping = true;
    timers.forEach(clearInterval);
    setTimeout(() => process.exit(code), EXIT_LIMIT_MS).unref();
    await source.stop(); // ends the frame loop once the frame in hand is processed
    await frameLoop;
    await outbox.finish(CAPTURE_SAVE_WAIT_MS, log);
    await detector.close();
    process.exit(code);
  }
  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGINT', () => void shutdown(0));
  host.on('disconnect', () => void shutdown(0)); // the host is gone

  source.start();
  // Latest-frame loop: a slow detector never falls behind the stream; skipped frames are counted.
  frameLoop = (async () => {
    for (let frame = await source.nextFrame(); frame; frame = await source.nextFrame()) {
      lastTakenAt = Date.now();
      await pipeline.process(frame);
    }
    await pipeline.flush();
  })();
  await frameLoop;
}

host.once('message', (msg: HostMessage) => {
  if (msg.type !== 'start') return;
  const log = createLogger('worker', { camera: msg.settings.camera.id });
  run(msg.settings, log).catch((err: Error) => {
    // What stopped the camera (a model that cannot load, a source it cannot read) may quote a URL.
    const reason = maskUrl(err.message);
    send({ type: 'status', state: 'failed', detecting: false, stats: NO_STATS, lastError: reason });
    log.fatal({ err: reason }, 'camera worker failed');
    // Give the status message time to leave before exiting.
    setTimeout(() => process.exit(1), 200);
  });
});
