import nodemailer, { type Transporter } from 'nodemailer';
import { alertTitle, type Alert, type Channel } from './types';

export interface EmailOptions {
  id: string;
  host: string;
  port: number;
  /** `tls`: TLS from the first byte (port 465). `starttls`: upgrade required. `none`: plain (tests, local relays). */
  security: 'tls' | 'starttls' | 'none';
  username?: string;
  password?: string;
  from: string;
  to: string[];
  timeoutMs: number;
  /** Accept a self-signed server certificate (an in-house relay). */
  allowSelfSigned: boolean;
}

/** One mail per alert: camera and kinds in the subject, the crop and the frame attached, a link to the capture. */
export class EmailChannel implements Channel {
  private readonly transport: Transporter;

  constructor(private readonly opts: EmailOptions) {
    this.transport = nodemailer.createTransport({
      host: opts.host,
      port: opts.port,
      secure: opts.security === 'tls',
      requireTLS: opts.security === 'starttls',
      ignoreTLS: opts.security === 'none',
      auth: opts.username ? { user: opts.username, pass: opts.password ?? '' } : undefined,
      connectionTimeout: opts.timeoutMs,
      greetingTimeout: opts.timeoutMs,
      socketTimeout: opts.timeoutMs,
      tls: { rejectUnauthorized: !opts.allowSelfSigned },
    });
  }

  get id(): string {
    return this.opts.id;
  }

  async send(alert: Alert, idempotencyKey: string): Promise<void> {
    const subject = alert.type === 'violation' ? `PPE violation - ${alertTitle(alert)}` : `PPE alerts - ${alert.text}`;
    const lines =
      alert.type === 'violation'
        ? [
            `${alertTitle(alert)}`,
            `Time: ${alert.time}`,
            `Confidence: ${Math.round(alert.confidence * 100)} %`,
            `Person (track): ${alert.trackId}`,
            '',
            `Open the capture: ${alert.link}`,
          ]
        : [alert.text, '', alert.link];
    try {
      await this.transport.sendMail({
        from: this.opts.from,
        to: this.opts.to,
        subject,
        text: lines.join('\n'),
        // A retry of one delivery carries the same Message-ID, so mail clients thread it as one.
        messageId: `<${idempotencyKey.replace(/[^A-Za-z0-9.:-]/g, '-')}@cctv-detection-factory>`,
        attachments:
          alert.type === 'violation'
            ? [
                { filename: `${alert.captureId}_crop.jpg`, content: alert.crop, contentType: 'image/jpeg' },
                { filename: `${alert.captureId}_frame.jpg`, content: alert.frame, contentType: 'image/jpeg' },
              ]
            : [],
      });
    } catch (err) {
      const e = err as Error & { responseCode?: number; code?: string };
      throw new Error(`SMTP ${e.responseCode ?? e.code ?? 'error'}: ${e.message}`);
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
