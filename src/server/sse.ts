import type { ServerResponse } from 'node:http';

/** Server-sent events to one browser; a comment every 15 s keeps proxies from closing it. */
export class SseClient {
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private readonly res: ServerResponse) {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 3000\n\n');
    this.heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    res.on('close', () => clearInterval(this.heartbeat));
  }

  send(event: string, data: unknown): void {
    if (!this.res.destroyed) this.res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }
}
