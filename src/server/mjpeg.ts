import type { ServerResponse } from 'node:http';

const BOUNDARY = 'cctvframe';

export const MJPEG_CONTENT_TYPE = `multipart/x-mixed-replace; boundary=${BOUNDARY}`;

/**
 * Writes JPEGs to one MJPEG viewer. A viewer slower than the camera skips frames instead of
 * queueing them, so what it sees stays live.
 */
export class MjpegViewer {
  private draining = false;

  constructor(private readonly res: ServerResponse) {
    res.writeHead(200, {
      'Content-Type': MJPEG_CONTENT_TYPE,
      'Cache-Control': 'no-cache, no-store, must-revalidate',
      Pragma: 'no-cache',
      Connection: 'close',
      'X-Accel-Buffering': 'no',
    });
  }

  send(jpeg: Buffer): void {
    if (this.draining || this.res.destroyed) return;
    this.res.write(`--${BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`);
    this.res.write(jpeg);
    if (!this.res.write('\r\n')) {
      this.draining = true;
      this.res.once('drain', () => (this.draining = false));
    }
  }
}
