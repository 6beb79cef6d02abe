// Who owns a model's onnxruntime session. A detector normally makes and releases its own; the
// host's inference engine shares one session per model file among the detectors of all cameras
// (cameras whose PPE settings differ map classes differently, but run the same model).
import type * as ort from 'onnxruntime-node';

export interface ModelSessions {
  /** The session for `key` (the model file and session options): `create`d, or one already shared. */
  acquire(key: string, create: () => Promise<ort.InferenceSession>): Promise<ort.InferenceSession>;
  /** The detector that acquired the session no longer needs it. */
  release(session: ort.InferenceSession): Promise<void>;
}

/** Each detector its own session. */
export const OWN_SESSIONS: ModelSessions = {
  acquire: (_key, create) => create(),
  release: (session) => session.release(),
};

/** One session per key, released once the last detector using it lets go. */
export class SharedSessions implements ModelSessions {
  private readonly byKey = new Map<string, { session: Promise<ort.InferenceSession>; users: number }>();

  async acquire(key: string, create: () => Promise<ort.InferenceSession>): Promise<ort.InferenceSession> {
    let entry = this.byKey.get(key);
    if (!entry) {
      entry = { session: create(), users: 0 };
      this.byKey.set(key, entry);
      // A model that fails to load is tried afresh by the next detector (the file may be fixed).
      entry.session.catch(() => this.byKey.delete(key));
    }
    entry.users++;
    return entry.session;
  }

  async release(session: ort.InferenceSession): Promise<void> {
    for (const [key, entry] of this.byKey) {
      if ((await entry.session.catch(() => undefined)) !== session) continue;
      if (--entry.users > 0) return;
      this.byKey.delete(key);
      await session.release();
      return;
    }
  }

  /** Sessions loaded now (one per model file in use). */
  get size(): number {
    return this.byKey.size;
  }
}
