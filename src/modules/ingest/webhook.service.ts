import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import type { Agent } from 'undici';
import { egressAgent, egressFetch } from '../../common/egress/egress-policy';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { annotateJob } from '../jobs/job.context';
import { JobService } from '../jobs/job.service';
import { Metrics } from '../metrics/metrics';
import { RecordingRepository } from '../recordings/recording.repository';
import { TenantWebhookService } from '../tenants/tenant-webhook.service';

/**
 * Delivery of the tenant's optional webhook on a recording's final status. Deliveries are
 * jobs: a failure (network, non-2xx) is retried with backoff by the queue.
 * Each body is signed `X-Vault-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`
 * with a secret shown once and stored only wrapped by KMS.
 */
@Injectable()
export class WebhookService implements OnModuleInit, OnModuleDestroy {
  /** Re-checks the address of every connection against the egress policy (DNS rebinding). */
  private readonly agent: Agent;

  constructor(
    private readonly recordings: RecordingRepository,
    private readonly webhooks: TenantWebhookService,
    private readonly jobs: JobService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {
    this.agent = egressAgent(config.webhook);
  }

  async onModuleDestroy(): Promise<void> {
    await this.agent.close();
  }

  onModuleInit(): void {
    this.jobs.handle('recording.webhook', ({ recordingId, status }) => this.deliver(recordingId, status));
  }

  async deliver(recordingId: string, status: string): Promise<void> {
    const rec = await this.recordings.findById(recordingId);
    if (!rec) return;
    annotateJob({ recordingId: rec.id, tenantId: rec.tenantId });
    const target = await this.webhooks.target(rec.tenantId);
    if (!target) return;
    const body = JSON.stringify({
      event: 'recording.status',
      recordingId: rec.id,
      externalCallId: rec.externalCallId,
      status,
      statusReason: status === rec.status ? rec.statusReason : null,
      at: new Date().toISOString(),
    });
    const t = Math.floor(Date.now() / 1000);
    const signature = createHmac('sha256', target.secret).update(`${t}.${body}`).digest('hex');
    target.secret.fill(0);
    // The URL is checked again (the policy may have changed since it was set), no redirect is followed.
    const res = await egressFetch(
      target.url,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-Vault-Signature': `t=${t},v1=${signature}`,
          'User-Agent': 'call-recording-vault',
        },
        body,
        signal: AbortSignal.timeout(this.config.webhookTimeoutMs),
      },
      this.config.webhook,
      this.agent,
    ).catch((e: unknown) => {
      this.metrics.webhook('error');
      throw e;
    });
    await res.body?.cancel();
    // Anything but 2xx is retried by the queue with backoff.
    this.metrics.webhook(res.ok ? 'delivered' : res.status < 500 ? 'http_4xx' : 'http_5xx');
    if (!res.ok) throw new Error(`webhook answered ${res.status}`);
  }
}
