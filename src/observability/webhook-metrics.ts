/** The webhook receiver's counters, served on its own `GET /metrics`. */
import { Counter, exposition } from './prometheus-text.js';

export interface WebhookTotals {
  readonly received: number;
  readonly signalled: number;
  readonly followUps: number;
  readonly rejected: number;
  readonly ignored: number;
}

export class WebhookMetrics {
  readonly received = new Counter('ixopay_webhook_callbacks_received_total', 'Callbacks received');
  readonly rejected = new Counter(
    'ixopay_webhook_callbacks_rejected_total',
    'Callbacks rejected, by reason',
    ['reason'] as const,
  );
  readonly signalled = new Counter(
    'ixopay_webhook_callbacks_signalled_total',
    'Callbacks signalled to a workflow',
  );
  readonly ignored = new Counter('ixopay_webhook_callbacks_ignored_total', 'Callbacks ignored, by reason', [
    'reason',
  ] as const);
  readonly followUps = new Counter(
    'ixopay_webhook_callbacks_follow_up_total',
    "Events handed to a charge's follow-up workflow (closed charge, chargeback, back-office refund)",
  );
  readonly signalFailures = new Counter(
    'ixopay_webhook_signal_failures_total',
    'Signals Temporal did not accept (the gateway redelivers)',
  );

  /** Totals over every reason: what the process counted, from the same counters `/metrics` shows. */
  totals(): WebhookTotals {
    return {
      received: this.received.total(),
      signalled: this.signalled.total(),
      followUps: this.followUps.total(),
      rejected: this.rejected.total(),
      ignored: this.ignored.total(),
    };
  }

  expose(): string {
    return exposition([
      this.received,
      this.rejected,
      this.signalled,
      this.followUps,
      this.ignored,
      this.signalFailures,
    ]);
  }
}
