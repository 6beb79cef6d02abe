import type { ViolationKind } from '../domain/detection';

/** One saved violation as channels send it: the capture's fields, links and its two JPEGs. */
export interface ViolationAlert {
  type: 'violation';
  captureId: string;
  time: string;
  cameraId: string;
  cameraName: string;
  location: string;
  zone?: string;
  kinds: ViolationKind[];
  confidence: number;
  trackId: number;
  /** The capture in the dashboard. */
  link: string;
  cropUrl: string;
  frameUrl: string;
  crop: Buffer;
  frame: Buffer;
  /** Sent because the capture was still unreviewed after a rule's escalation delay. */
  escalated?: true;
}

/** Sent instead of the alerts a rate limit held back, or as a channel test. */
export interface NoticeAlert {
  type: 'summary' | 'test';
  time: string;
  text: string;
  /** Where to look (the filtered gallery for a summary). */
  link: string;
}

export type Alert = ViolationAlert | NoticeAlert;

/** A way to reach people. `send` resolves once the receiver accepted the alert, and rejects with a readable reason. */
export interface Channel {
  readonly id: string;
  /**
   * `idempotencyKey` is the same for every attempt of one delivery (`<captureId>:<channelId>`),
   * so a receiver can drop a retry of an alert it already has.
   */
  send(alert: Alert, idempotencyKey: string): Promise<void>;
  close(): Promise<void>;
}

/** A one-line subject: "Camera A (Yard): no-helmet, no-vest". */
export function alertTitle(alert: Alert): string {
  if (alert.type !== 'violation') return alert.text;
  const where = alert.location ? `${alert.cameraName} (${alert.location})` : alert.cameraName;
  const open = alert.escalated ? 'still unreviewed: ' : '';
  return `${open}${where}: ${alert.kinds.join(', ')}${alert.zone ? ` in ${alert.zone}` : ''}`;
}

/** The alert as JSON, without the images (`withCrop` adds the crop as base64). */
export function alertJson(alert: Alert, withCrop = false): Record<string, unknown> {
  if (alert.type !== 'violation') return { ...alert };
  const { crop, frame: _frame, ...fields } = alert;
  return { ...fields, ...(withCrop ? { cropJpegBase64: crop.toString('base64') } : {}) };
}
