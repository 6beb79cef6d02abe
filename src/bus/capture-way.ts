// Captures, and the clip events that follow them, travel one ordered way to the server's single
// consumer, so a clip never overtakes its capture. Each bus says how it carries an event.
import { isCaptureEvent, type CaptureEvent, type ClipEvent } from '../domain/events';
import type { Bus } from './types';

export type CaptureWayEvent = CaptureEvent | ClipEvent;

export abstract class CaptureWay implements Pick<Bus, 'publishCapture' | 'publishClip' | 'consumeCaptures'> {
  publishCapture(event: CaptureEvent): Promise<void> {
    return this.carry(event);
  }

  publishClip(event: ClipEvent): Promise<void> {
    return this.carry(event);
  }

  consumeCaptures(
    onCapture: (event: CaptureEvent) => Promise<void>,
    onClip: (event: ClipEvent) => Promise<void> = async () => undefined,
  ): void {
    this.consume((event) => (isCaptureEvent(event) ? onCapture(event) : onClip(event)));
  }

  /** Hands the event on, after every event carried before it; resolves once it is persisted. */
  protected abstract carry(event: CaptureWayEvent): Promise<void>;
  /** Starts handing carried events to `handler`, in order. */
  protected abstract consume(handler: (event: CaptureWayEvent) => Promise<void>): void;
}
