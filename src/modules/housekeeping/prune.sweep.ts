import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { AuthFailureThrottle } from '../auth/auth-failure.throttle';
import { JobService } from '../jobs/job.service';
import { Metrics } from '../metrics/metrics';
import { WebhookEvents } from '../webhooks/webhook-events.service';

/** Rows a statement deletes at most (webhook events: with their deliveries and attempts), so no one holds long locks. */
const BATCH = 1000;

export interface PruneCounts {
  webhookEvents: number;
  webhookDeliveries: number;
  webhookAttempts: number;
  authFailures: number;
}

/**
 * Keeps the operational tables bounded: the webhook outbox (events settled more than
 * WEBHOOK_EVENT_RETENTION_DAYS ago, with their deliveries and attempts; an event with a delivery
 * still pending or retrying is kept whatever its age) and the failed-authentication counters the
 * throttle can no longer read. Batch after batch until a batch comes back short. Idempotent: a
 * second run, or two workers at once, find nothing left to do (rows are taken with SKIP LOCKED and
 * checked again under their locks). The owning modules decide what may go; this only schedules it.
 */
@Injectable()
export class PruneSweep implements OnModuleInit {
  private readonly logger = new Logger('housekeeping');

  constructor(
    private readonly webhooks: WebhookEvents,
    private readonly authFailures: AuthFailureThrottle,
    private readonly jobs: JobService,
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.handle('housekeeping.prune', async () => {
      const out = await this.run();
      if (out.webhookEvents || out.authFailures) this.logger.log(out, 'pruned operational tables');
    });
  }

  async run(batch = BATCH): Promise<PruneCounts> {
    const out: PruneCounts = { webhookEvents: 0, webhookDeliveries: 0, webhookAttempts: 0, authFailures: 0 };
    for (;;) {
      const b = await this.webhooks.pruneSettled(this.config.webhookEventRetentionDays, batch);
      out.webhookEvents += b.events;
      out.webhookDeliveries += b.deliveries;
      out.webhookAttempts += b.attempts;
      // Counted per batch: what a run deleted before it failed is deleted all the same.
      this.metrics.pruned('webhook_events', b.events);
      this.metrics.pruned('webhook_deliveries', b.deliveries);
      this.metrics.pruned('webhook_attempts', b.attempts);
      if (b.picked < batch) break;
    }
    for (;;) {
      const n = await this.authFailures.pruneEnded(batch);
      out.authFailures += n;
      this.metrics.pruned('auth_failures', n);
      if (n < batch) break;
    }
    return out;
  }
}
