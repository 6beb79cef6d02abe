import { EventEmitter } from 'node:events';
import type { CameraStatus, Sightings } from '../domain/events';
import { CaptureWay, type CaptureWayEvent } from './capture-way';
import type { Bus, Unsubscribe } from './types';

/** One machine, one server process: the bus is an in-process event hub. */
export class EmbeddedBus extends CaptureWay implements Bus {
  private readonly events = new EventEmitter();
  private readonly latest = new Map<string, Buffer>();
  private consumer?: (event: CaptureWayEvent) => Promise<void>;
  private readonly pendingCaptures: Array<{ event: CaptureWayEvent; done: (err?: Error) => void }> = [];

  constructor() {
    super();
    // Every MJPEG viewer and SSE client is a listener; there is no leak to warn about.
    this.events.setMaxListeners(0);
  }

  publishFrame(cameraId: string, jpeg: Buffer): void {
    this.latest.set(cameraId, jpeg);
    this.events.emit(`frame:${cameraId}`, jpeg);
  }

  onFrame(cameraId: string, listener: (jpeg: Buffer) => void): Unsubscribe {
    this.events.on(`frame:${cameraId}`, listener);
    return () => this.events.off(`frame:${cameraId}`, listener);
  }

  latestFrame(cameraId: string): Buffer | undefined {
    return this.latest.get(cameraId);
  }

  viewerCount(cameraId: string): number {
    return this.events.listenerCount(`frame:${cameraId}`);
  }

  publishStatus(status: CameraStatus): void {
    this.events.emit('status', status);
  }

  onStatus(listener: (status: CameraStatus) => void): Unsubscribe {
    this.events.on('status', listener);
    return () => this.events.off('status', listener);
  }

  protected consume(handler: (event: CaptureWayEvent) => Promise<void>): void {
    this.consumer = handler;
    for (const { event, done } of this.pendingCaptures.splice(0)) handler(event).then(() => done(), done);
  }

  protected carry(event: CaptureWayEvent): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = (err?: Error) => (err ? reject(err) : resolve());
      if (this.consumer) this.consumer(event).then(() => done(), done);
      else this.pendingCaptures.push({ event, done }); // held until the server starts consuming
    });
  }

  publishSightings(report: Sightings): void {
    this.events.emit('sightings', report);
  }

  onSightings(listener: (report: Sightings) => void): Unsubscribe {
    this.events.on('sightings', listener);
    return () => this.events.off('sightings', listener);
  }

  async close(): Promise<void> {
    this.events.removeAllListeners();
    this.latest.clear();
  }
}
