import type { EventEmitter } from 'node:events';
import type { Bus } from '../../bus/types';
import type { CaptureRecord } from '../../store/captures';
import { captureJson } from '../capture-json';
import type { CameraService } from '../cameras';
import type { ApiRouter } from '../router';
import { SseClient } from '../sse';

export interface EventRouteDeps {
  /** The server's live changes (see ServerDeps.live). */
  live: EventEmitter;
  bus: Bus;
  cameras: CameraService;
}

/** The live changes as server-sent events, for the dashboard. */
export function registerEventRoutes(api: ApiRouter, { live, bus, cameras }: EventRouteDeps): void {
  api.route({
    method: 'GET',
    url: '/api/events',
    tag: 'events',
    summary: 'Server-sent events: capture, capture-updated, capture-removed, camera, camera-removed',
    access: 'viewer',
    responses: { 200: { description: 'text/event-stream', contentType: 'text/event-stream' } },
    handler: (req, reply) => {
      reply.hijack();
      const client = new SseClient(reply.raw);
      const listeners: Array<[string, (data: any) => void]> = [
        ['capture', (c: CaptureRecord) => client.send('capture', captureJson(c))],
        ['capture-updated', (c: CaptureRecord) => client.send('capture-updated', captureJson(c))],
        ['capture-removed', (d: { id: string }) => client.send('capture-removed', d)],
        ['camera', (c: unknown) => client.send('camera', c)],
        ['camera-removed', (d: { id: string }) => client.send('camera-removed', d)],
      ];
      for (const [event, fn] of listeners) live.on(event, fn);
      const unsubscribe = bus.onStatus((status) => {
        const camera = cameras.get(status.cameraId);
        if (camera) client.send('camera', camera);
      });
      req.raw.on('close', () => {
        for (const [event, fn] of listeners) live.off(event, fn);
        unsubscribe();
      });
    },
  });
}
