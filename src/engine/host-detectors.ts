// The detectors of the host's inference engine: one per distinct model settings and PPE items
// (cameras with other required items map the classes differently), all of them sharing one
// onnxruntime session per model file, so a model is loaded once per host however many cameras
// use it. Thread counts are the host's, not a worker's.
import { createDetector, type DetectionEngine, type DetectorLog } from '../detect/detector';
import type { ModelConfigInput } from '../detect/config';
import { SharedSessions } from '../detect/sessions';
import { PpeCatalogue, type PpeItem } from '../domain/ppe-items';

export class HostDetectors {
  private readonly sessions = new SharedSessions();
  private readonly byKey = new Map<string, Promise<DetectionEngine>>();

  constructor(
    /** onnxruntime intra-op threads for every session; undefined: a thread per core. */
    private readonly threads: number | undefined,
    private readonly log: DetectorLog,
  ) {}

  /** The detector for these settings: loaded by the first camera that asks, shared by the others. */
  detector(model: ModelConfigInput, items: readonly PpeItem[]): Promise<DetectionEngine> {
    const config: ModelConfigInput = { ...model, threads: this.threads };
    const key = JSON.stringify([config, items]);
    let detector = this.byKey.get(key);
    if (!detector) {
      detector = createDetector(config, this.log, { catalogue: new PpeCatalogue(items), sessions: this.sessions });
      this.byKey.set(key, detector);
      // A model that cannot be loaded is tried again when a camera next asks: the file may be fixed.
      detector.catch(() => this.byKey.delete(key));
    }
    return detector;
  }

  /** onnxruntime sessions loaded (one per model file in use). */
  get sessionCount(): number {
    return this.sessions.size;
  }

  async close(): Promise<void> {
    const detectors = await Promise.allSettled(this.byKey.values());
    this.byKey.clear();
    for (const d of detectors) if (d.status === 'fulfilled') await d.value.close();
  }
}
