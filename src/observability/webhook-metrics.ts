/** The webhook receiver's counters, served on its own `GET /metrics`. */
import { Counter, exposition } from './prometheus-text.js';

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
