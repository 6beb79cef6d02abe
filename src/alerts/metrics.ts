import { Counter, type Registry } from 'prom-client';

/** Per-channel delivery counters on /metrics. */
export class AlertMetrics {
  readonly sent: Counter<'channel'>;
  readonly failed: Counter<'channel'>;
  readonly retried: Counter<'channel'>;
  readonly suppressed: Counter<'channel'>;

  constructor(registry: Registry) {
    const counter = (name: string, help: string) =>
      new Counter({ name, help, labelNames: ['channel'], registers: [registry] });
    this.sent = counter('cctv_alerts_sent_total', 'Alerts a channel’s receiver accepted');
    this.failed = counter('cctv_alerts_failed_total', 'Delivery attempts that failed');
    this.retried = counter('cctv_alerts_retried_total', 'Failed deliveries scheduled for another attempt');
    this.suppressed = counter(
      'cctv_alerts_suppressed_total',
      'Alerts held back by a rate limit (reported in a summary)',
    );
  }
}
