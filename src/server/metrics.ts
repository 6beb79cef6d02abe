import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CameraStatus } from '../domain/events';

/** Prometheus metrics of the system: per camera rates, restarts, captures, storage. */
export class SystemMetrics {
  readonly registry = new Registry();
  private readonly inputFps = new Gauge({
    name: 'cctv_camera_input_fps',
    help: 'Frames per second read from the camera',
    labelNames: ['camera'],
    registers: [this.registry],
  });
  private readonly detectFps = new Gauge({
    name: 'cctv_camera_detect_fps',
    help: 'Frames per second run through the detector',
    labelNames: ['camera'],
    registers: [this.registry],
  });
  private readonly dropped = new Gauge({
    name: 'cctv_camera_dropped_frames',
    help: 'Frames skipped because detection was busy (latest-frame semantics)',
    labelNames: ['camera'],
    registers: [this.registry],
  });
  private readonly up = new Gauge({
    name: 'cctv_camera_up',
    help: '1 while the camera delivers frames',
    labelNames: ['camera'],
    registers: [this.registry],
  });
  private readonly idle = new Gauge({
    name: 'cctv_camera_idle',
    help: '1 while nothing moves in the picture and detection runs at the idle rate',
    labelNames: ['camera'],
    registers: [this.registry],
  });
  private readonly restarts = new Gauge({
    name: 'cctv_camera_worker_restarts',
    help: 'Worker restarts since the server started',
    labelNames: ['camera'],
    registers: [this.registry],
  });
  private readonly inference = new Histogram({
    name: 'cctv_inference_ms',
    help: 'Model inference time per frame (milliseconds, sampled once a second per camera)',
    labelNames: ['camera'],
    buckets: [2, 5, 10, 20, 40, 80, 160, 320, 640],
    registers: [this.registry],
  });
  private readonly captures = new Counter({
    name: 'cctv_captures_total',
    help: 'Violation captures saved',
    labelNames: ['camera', 'kind'],
    registers: [this.registry],
  });
  /** Per camera, the kinds counted in `captures` (a series is removed by its full label set). */
  private readonly capturedKinds = new Map<string, Set<string>>();
  readonly duplicates = new Counter({
    name: 'cctv_capture_duplicates_total',
    help: 'Capture events refused as duplicates',
    labelNames: ['camera'],
    registers: [this.registry],
  });
  readonly storageBytes = new Gauge({
    name: 'cctv_storage_bytes',
    help: 'Bytes used by capture images',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  observeStatus(s: CameraStatus): void {
    const camera = s.cameraId;
    this.inputFps.set({ camera }, s.stats.inputFps);
    this.detectFps.set({ camera }, s.stats.detectFps);
    this.dropped.set({ camera }, s.stats.droppedFrames);
    this.up.set({ camera }, s.state === 'streaming' || s.state === 'detecting' ? 1 : 0);
    this.restarts.set({ camera }, s.restarts);
    this.idle.set({ camera }, s.stats.idle ? 1 : 0);
    if (s.detecting && s.stats.inferenceMs > 0) this.inference.observe({ camera }, s.stats.inferenceMs);
  }

  /** Counts a saved capture under each of its kinds. */
  captureSaved(camera: string, kinds: readonly string[]): void {
    let counted = this.capturedKinds.get(camera);
    if (!counted) this.capturedKinds.set(camera, (counted = new Set()));
    for (const kind of kinds) {
      this.captures.inc({ camera, kind });
      counted.add(kind);
    }
  }

  /** Drops the per-camera series of a deleted camera. */
  forgetCamera(camera: string): void {
    for (const metric of [this.inputFps, this.detectFps, this.dropped, this.up, this.restarts, this.idle])
      metric.remove({ camera });
    this.inference.remove({ camera });
    this.duplicates.remove({ camera });
    for (const kind of this.capturedKinds.get(camera) ?? []) this.captures.remove({ camera, kind });
    this.capturedKinds.delete(camera);
  }
}
