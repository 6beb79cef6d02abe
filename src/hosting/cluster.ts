import type { Redis } from 'ioredis';
import type { CameraConfig } from '../config/schema';
import type { CameraStatus } from '../domain/events';
import type { RedisBus } from '../bus/redis';
import { CAMERAS_CHANNEL, DESIRED_CAMERAS_KEY } from '../bus/redis-keys';
import { cameraView, initialStatus, type CameraControl, type CameraView } from './supervisor';

/** A status older than this means its node stopped reporting (died or lost Redis). */
const STALE_STATUS_MS = 10_000;
/** The camera list is written again this often, so a Redis that restarted empty gets it back. */
const REPUBLISH_MS = 5_000;

/**
 * Scale-out camera control on the server: the desired cameras go to Redis, where worker nodes
 * claim them by lease; what the API shows comes from the status the nodes publish.
 */
export class ClusterCameras implements CameraControl {
  private cameras: CameraConfig[] = [];
  private readonly statuses = new Map<string, CameraStatus>();
  private readonly timer: NodeJS.Timeout;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly redis: Redis,
    bus: RedisBus,
  ) {
    this.unsubscribe = bus.onStatus((s) => this.statuses.set(s.cameraId, s));
    void bus.statuses().then(
      (all) => all.forEach((s) => this.statuses.has(s.cameraId) || this.statuses.set(s.cameraId, s)),
      () => {},
    );
    this.timer = setInterval(() => void this.publish(), REPUBLISH_MS);
  }

  apply(cameras: CameraConfig[]): void {
    this.cameras = cameras;
    void this.publish();
  }

  list(): CameraView[] {
    return this.cameras.map((c) => this.view(c));
  }

  get(id: string): CameraView | undefined {
    const camera = this.cameras.find((c) => c.id === id);
    return camera && this.view(camera);
  }

  /** Workers run on the nodes, not under this process. */
  enginePid(): undefined {
    return undefined;
  }

  workerPid(): undefined {
    return undefined;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.unsubscribe();
  }

  private view(camera: CameraConfig): CameraView {
    const status = this.statuses.get(camera.id);
    if (!status) return cameraView(camera, initialStatus(camera));
    if (Date.now() - Date.parse(status.updatedAt) > STALE_STATUS_MS && camera.enabled) {
      return cameraView(camera, {
        ...status,
        state: 'offline',
        detecting: false,
        lastError: `no report from node ${status.node ?? '?'}`,
      });
    }
    return cameraView(camera, status);
  }

  private async publish(): Promise<void> {
    try {
      await this.redis
        .multi()
        .set(DESIRED_CAMERAS_KEY, JSON.stringify(this.cameras))
        .publish(CAMERAS_CHANNEL, '1')
        .exec();
    } catch {
      // Redis is down: the next round writes it again.
    }
  }
}
