// Tunables of the dashboard.

/**
 * Most MJPEG streams the live grid keeps open at once; further tiles refresh snapshots instead.
 * Browsers allow about 6 concurrent HTTP/1.1 connections per server, shared by all tabs. One is the SSE
 * stream, and API calls and thumbnails need at least one more. (Over HTTP/2 this limit does not apply.)
 */
export const MAX_GRID_STREAMS = 4;

/** How often snapshot tiles refresh. */
export const SNAPSHOT_INTERVAL_MS = 1000;

/** Captures per page in the violations gallery. */
export const GALLERY_PAGE_SIZE = 24;

/** Captures shown in the camera view's side list. */
export const CAMERA_CAPTURES = 20;
