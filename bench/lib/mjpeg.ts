// A minimal MJPEG viewer for the benches: connects to /api/cameras/:id/live.mjpeg and reports
// every JPEG part with the time its last byte arrived.
import http from 'node:http';

export interface MjpegClient {
  /** JPEG parts received so far. */
  readonly parts: number;
  readonly bytes: number;
  close(): void;
}

export function openMjpeg(url: string, onPart?: (jpeg: Buffer, arrivedAt: number) => void): Promise<MjpegClient> {
  return new Promise((resolve, reject) => {
    let parts = 0;
    let bytes = 0;
    const req = http.get(url, (res) => {
      const boundary = /boundary=([^;]+)/.exec(String(res.headers['content-type']))?.[1];
      if (res.statusCode !== 200 || !boundary) {
        reject(new Error(`MJPEG ${url}: status ${res.statusCode}`));
        res.resume();
        return;
      }
      const marker = Buffer.from(`--${boundary}\r\n`);
      let buffer: Buffer = Buffer.alloc(0);
      let tail: Buffer = Buffer.alloc(0);
      res.on('data', (chunk: Buffer) => {
        const arrivedAt = Date.now();
        bytes += chunk.length;
        if (!onPart) {
          // Counting only: a part starts at each boundary marker (one may straddle two chunks).
          const hay = tail.length ? Buffer.concat([tail, chunk]) : chunk;
          for (let i = hay.indexOf(marker); i >= 0; i = hay.indexOf(marker, i + 1)) parts++;
          tail = Buffer.from(hay.subarray(Math.max(0, hay.length - marker.length + 1)));
          return;
        }
        buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
        for (;;) {
          const start = buffer.indexOf(marker);
          const headerEnd = start < 0 ? -1 : buffer.indexOf('\r\n\r\n', start);
          if (headerEnd < 0) break;
          const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(start, headerEnd).toString())?.[1]);
          const bodyStart = headerEnd + 4;
          if (buffer.length < bodyStart + length) break;
          parts++;
          onPart(buffer.subarray(bodyStart, bodyStart + length), arrivedAt);
          buffer = buffer.subarray(bodyStart + length);
        }
      });
      resolve({
        get parts() {
          return parts;
        },
        get bytes() {
          return bytes;
        },
        close: () => req.destroy(),
      });
    });
    req.on('error', (err) => {
      if (!req.destroyed) reject(err);
    });
  });
}
