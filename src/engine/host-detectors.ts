// The detectors of the host's inference engine: one per distinct model settings and PPE items
// (cameras with other required items map the classes differently), all of them sharing one
// onnxruntime session per model file, so a model is loaded once per host however many cameras
// use it. Thread counts are the host's, not a worker's.
import { createDetector, type DetectionEngine, type DetectorLog } from '../detect/detector';
import type { ModelConfigInput } from '../detect/config';
import { SharedSessions } from '../detect/sessions';
import { PpeCatalogue, type PpeItem } from '../domain/ppe-items';
import { createThreadedDetector } from '../detect/detector-thread';
import { LanedDetector } from './lanes';

export class HostDetectors {
  private readonly sessions = new SharedSessions();
  private readonly byKey = new Map<string, Promise<DetectionEngine>>();

  constructor(
    /** onnxruntime intra-op threads for every session (per lane); undefined: a thread per core. */
    private readonly threads: number | undefined,
    private readonly log: DetectorLog,
    /** Passes run side by side, each on a thread and session of its own (lanes.ts); 1: on the engine's thread. */
    readonly lanes = 1,
  ) {}

  /** The detector for these settings: loaded by the first camera that asks, shared by the others. */
  detector(model: ModelConfigInput, items: readonly PpeItem[]): Promise<DetectionEngine> {
    const config: ModelConfigInput = { ...model, threads: this.threads };
    const key = JSON.stringify([config, items]);
    let detector = this.byKey.get(key);
    if (!detector) {
      const catalogue = new PpeCatalogue(items);
      detector =
        this.lanes > 1
          ? Promise.all(
              Array.from({ length: this.lanes }, () => createThreadedDetector(config, this.log, catalogue)),
            ).then((lanes) => new LanedDetector(lanes))
          : createDetector(config, this.log, { catalogue, sessions: this.sessions });
      this.byKey.set(key, detector);
      // A model that cannot be loaded is tried again when a camera next asks: the file may be fixed.
      detector.catch(() => this.byKey.delete(key));
    }
    return detector;
  }

  /** onnxruntime sessions loaded: one per model file in use, or with lanes one per lane and detector. */
  get sessionCount(): number {
    return this.lanes > 1 ? this.byKey.size * this.lanes : this.sessions.size;
  }

  async close(): Promise<void> {
    const detectors = await Promise.allSettled(this.byKey.values());
    this.byKey.clear();
    for (const d of detectors) if (d.status === 'fulfilled') await d.value.close();
  }
}
