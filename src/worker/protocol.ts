import type { AppConfig, CameraConfig } from '../config/schema';
import type { CameraState, CameraStats, CaptureEvent, ClipEvent, Sighting } from '../domain/events';
import type { PpeItem } from '../domain/ppe-items';

/** Everything a camera worker needs to run, sent by whoever starts it. */
export interface WorkerSettings {
  camera: CameraConfig;
  model: AppConfig['model'];
  preview: AppConfig['preview'];
  /** The PPE catalogue: gives the model's classes their items, and names the kinds on labels. */
  items: readonly PpeItem[];
  watchdogSeconds: number;
  reconnect: AppConfig['reconnect'];
  /** The host's inference engine to detect through (absent: the worker loads the model itself). */
  engineSocket?: string;
  /** Clip settings, and where this camera's segment buffer lives (absent: no clips). */
  clip?: AppConfig['clip'] & { bufferDir: string };
}

/** Host (supervisor or node) → worker. */
export type HostMessage =
  | { type: 'start'; settings: WorkerSettings }
  | { type: 'watch'; watched: boolean }
  | { type: 'captureAck'; id: string }
  | { type: 'clipAck'; captureId: string };

/** Worker → host. */
export type WorkerMessage =
  | { type: 'frame'; jpeg: Buffer }
  | { type: 'status'; state: CameraState; detecting: boolean; stats: CameraStats; lastError?: string }
  | { type: 'capture'; event: CaptureEvent }
  /** A capture's clip, after the capture; or word that clips owed by earlier workers will not come. */
  | { type: 'clip'; event: ClipEvent }
  | { type: 'sightings'; time: number; sightings: Sighting[] };
