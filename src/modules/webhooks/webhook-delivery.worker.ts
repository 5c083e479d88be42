import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { errorReason } from '../jobs/job.context';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { PgNotifications } from '../../database/pg-notifications';
import { describeError } from '../../common/errors/app-exception.filter';
import { Metrics } from '../metrics/metrics';
import { WEBHOOK_CHANNEL } from './webhook-events.service';
import { WebhookRepository, type ClaimedDelivery, type DeliveryStatus } from './webhook.repository';
import { WebhookSender } from './webhook.sender';

/** Longest wait between two attempts of one delivery. */
const MAX_BACKOFF_MS = 6 * 3600_000;
/** A claimed delivery is held this long beyond the request timeout (secret unwrap, writing the outcome). */
const LEASE_MARGIN_MS = 30_000;

/** The wait after the `n`-th failed attempt of a round: backoff × 2^(n-1), at most 6 h. */
export function retryDelayMs(n: number, backoffMs: number): number {
  return Math.min(MAX_BACKOFF_MS, backoffMs * 2 ** Math.min(n - 1, 30));
}

/**
 * Sends the outbox's deliveries, in every process that runs jobs. A delivery
 * is claimed under a lease (SELECT … FOR UPDATE SKIP LOCKED, then
 * `lease_until`), so concurrent workers never send it twice at once; a worker
 * that dies mid-send loses the lease and another sends it again (at least
 * once, with the same `webhook-id`). Each attempt is logged in
 * `webhook_attempts`; a failure (network, timeout, non-2xx) is retried with
 * exponential backoff until WEBHOOK_MAX_ATTEMPTS, then the delivery is
 * `failed` until replayed. New events wake the workers by NOTIFY on commit;
 * polling every WORKER_POLL_INTERVAL catches retries that came due.
 */
@Injectable()
export class WebhookDeliveryWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('webhooks');
  private readonly slots: number;
  private readonly inFlight = new Set<Promise<void>>();
  private claiming = false;
  private again = false;
  private stopped = false;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly deliveries: WebhookRepository,
    private readonly sender: WebhookSender,
    private readonly notifications: PgNotifications,
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.slots = config.worker.concurrency * 8;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.worker.enabled) return;
    await this.notifications.listen(WEBHOOK_CHANNEL, { onMessage: () => this.wake(), onGap: () => this.wake() });
    this.timer = setInterval(() => this.wake(), this.config.worker.pollSeconds * 1000);
    this.timer.unref();
    this.wake();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await Promise.allSettled([...this.inFlight]);
  }

  /** Claims as many due deliveries as there are free slots, and again while it finds them. */
  wake(): void {
    if (this.stopped) return;
    if (this.claiming) {
      this.again = true;
      return;
    }
    this.claiming = true;
    void this.claim()
      .catch((e: unknown) => this.logger.warn({ err: describeError(e) }, 'webhook deliveries could not be claimed'))
      .finally(() => {
        this.claiming = false;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async claim(): Promise<void> {
    for (;;) {
      const free = this.slots - this.inFlight.size;
      if (free <= 0 || this.stopped) return;
      const batch = await this.deliveries.claimDue(free, this.config.webhookTimeoutMs + LEASE_MARGIN_MS);
      for (const d of batch) {
        const p: Promise<void> = this.attempt(d)
          .catch((e: unknown) => this.logger.warn({ err: describeError(e) }, 'webhook attempt not recorded'))
          .finally(() => {
            this.inFlight.delete(p);
            this.wake();
          });
        this.inFlight.add(p);
      }
      if (batch.length < free) return;
    }
  }

  /** One attempt of a claimed delivery, recorded with its outcome. */
  private async attempt(d: ClaimedDelivery): Promise<void> {
    const startedAt = new Date();
    const t0 = performance.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      statusCode = await this.sender.send(d, startedAt);
      if (statusCode < 200 || statusCode > 299) error = `the endpoint answered ${statusCode}`;
    } catch (e) {
      error = errorReason(e);
    }
    this.metrics.webhook(
      error === null ? 'delivered' : statusCode === null ? 'error' : statusCode < 500 ? 'http_4xx' : 'http_5xx',
    );
    const round = d.attempts - d.attemptBase;
    const { maxAttempts, backoffMs } = this.config.webhookRetry;
    const next: { status: DeliveryStatus; nextAttemptAt: Date | null } =
      error === null
        ? { status: 'succeeded', nextAttemptAt: null }
        : round >= maxAttempts
          ? { status: 'failed', nextAttemptAt: null }
          : { status: 'pending', nextAttemptAt: new Date(Date.now() + retryDelayMs(round, backoffMs)) };
    const durationMs = Math.round(performance.now() - t0);
    await this.deliveries.recordAttempt(
      d.id,
      d.attempts,
      { webhookTimestamp: Math.floor(startedAt.getTime() / 1000), startedAt, durationMs, statusCode, error },
      next,
    );
    const fields = {
      deliveryId: d.id,
      eventId: d.eventId,
      eventType: d.eventType,
      tenantId: d.tenantId,
      recordingId: d.recordingId ?? undefined,
      endpoint: d.endpoint,
      attempt: d.attempts,
      statusCode,
      durationMs,
      outcome: next.status,
    };
    if (error === null) this.logger.log(fields, `webhook ${d.eventType} delivered`);
    else
      this.logger.warn(
        { ...fields, reason: error, nextAttemptAt: next.nextAttemptAt },
        `webhook ${d.eventType} not delivered`,
      );
  }
}
