// Every Redis key and channel the product uses, named in one place under the `cctv:` namespace.
import type { ViolationKind } from '../domain/detection';

/** Latest preview JPEG of a camera (key) and its live updates (channel): `cctv:frame:<camera>`. */
export const FRAME_PREFIX = 'cctv:frame:';
/** Viewers watching a camera's preview on some server: `cctv:viewers:<camera>`. */
export const VIEWERS_PREFIX = 'cctv:viewers:';
/** Last reported status of a camera: `cctv:status:<camera>`. */
export const STATUS_PREFIX = 'cctv:status:';
export const STATUS_CHANNEL = 'cctv:status';
export const SIGHTINGS_CHANNEL = 'cctv:sightings';
/** Capture events, consumed by the server's group (at-least-once). */
export const CAPTURE_STREAM = 'cctv:captures';
/** The cameras the server wants run (JSON list), and the channel that says it changed. */
export const DESIRED_CAMERAS_KEY = 'cctv:cameras';
export const CAMERAS_CHANNEL = 'cctv:cameras:changed';
/** Which node runs a camera: `cctv:lease:<camera>` holds the node id, with an expiry. */
export const LEASE_PREFIX = 'cctv:lease:';
/** Live worker nodes: a sorted set of node ids scored by their last heartbeat (ms). */
export const NODES_KEY = 'cctv:nodes';

/** Admitted capture places of one camera and kind (the dedup memory). */
export function dedupKey(cameraId: string, kind: ViolationKind): string {
  return `cctv:dedup:${cameraId}:${kind}`;
}
