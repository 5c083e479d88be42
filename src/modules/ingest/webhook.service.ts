import { Injectable, OnModuleInit } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { annotateJob } from '../jobs/job.context';
import { JobService } from '../jobs/job.service';
import { Metrics } from '../metrics/metrics';
import { RecordingRepository } from '../recordings/recording.repository';
import { TenantWebhookService } from '../tenants/tenant-webhook.service';

const TIMEOUT_MS = 10_000;

/**
 * Delivery of the tenant's optional webhook on a recording's final status. Deliveries are
 * jobs: a failure (network, non-2xx) is retried with backoff by the queue.
 * Each body is signed `X-Vault-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`
 * with a secret shown once and stored only wrapped by KMS.
 */
@Injectable()
export class WebhookService implements OnModuleInit {
  constructor(
    private readonly recordings: RecordingRepository,
    private readonly webhooks: TenantWebhookService,
    private readonly jobs: JobService,
    private readonly metrics: Metrics,
  ) {}

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
    const res = await fetch(target.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Vault-Signature': `t=${t},v1=${signature}`,
        'User-Agent': 'call-recording-vault',
      },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    }).catch((e: unknown) => {
      this.metrics.webhook('error');
      throw e;
    });
    await res.body?.cancel();
    // Anything but 2xx is retried by the queue with backoff.
    this.metrics.webhook(res.ok ? 'delivered' : res.status < 500 ? 'http_4xx' : 'http_5xx');
    if (!res.ok) throw new Error(`webhook answered ${res.status}`);
  }
}
