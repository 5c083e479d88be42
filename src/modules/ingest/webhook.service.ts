import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { createHmac, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppException } from '../../common/errors/app.exception';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config';
import type { Principal } from '../../common/access/permissions';
import { KmsService } from '../crypto/kms.service';
import { JobService } from '../jobs/job.service';
import { RecordingEntity } from '../recordings/recording.entity';

const TIMEOUT_MS = 10_000;

/**
 * Optional per-tenant webhook on a recording's final status. Deliveries are
 * jobs: a failure (network, non-2xx) is retried with backoff by the queue.
 * Each body is signed `X-Vault-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`
 * with a secret shown once and stored only wrapped by KMS.
 */
@Injectable()
export class WebhookService implements OnModuleInit {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly kms: KmsService,
    private readonly jobs: JobService,
  ) {}

  onModuleInit(): void {
    this.jobs.handle('recording.webhook', ({ recordingId, status }) => this.deliver(recordingId, status));
  }

  async configure(p: Principal, url: string): Promise<{ url: string; secret: string }> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new AppException('VALIDATION_FAILED', 'url: must be an absolute URL');
    }
    const plainAllowed = this.config.env !== 'production';
    if (parsed.protocol !== 'https:' && !(plainAllowed && parsed.protocol === 'http:')) {
      throw new AppException('VALIDATION_FAILED', 'url: must use https');
    }
    if (parsed.username || parsed.password) throw new AppException('VALIDATION_FAILED', 'url: must not carry credentials');
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    const wrapped = await this.kms.encrypt(Buffer.from(secret), { tenant: p.tenantId, purpose: 'webhook' });
    await this.ds.query(`UPDATE tenants SET webhook_url = $2, webhook_secret_wrapped = $3 WHERE id = $1`, [
      p.tenantId,
      parsed.toString(),
      wrapped,
    ]);
    return { url: parsed.toString(), secret };
  }

  async remove(p: Principal): Promise<void> {
    await this.ds.query(`UPDATE tenants SET webhook_url = NULL, webhook_secret_wrapped = NULL WHERE id = $1`, [p.tenantId]);
  }

  async deliver(recordingId: string, status: string): Promise<void> {
    const rec = await this.ds.getRepository(RecordingEntity).findOneBy({ id: recordingId });
    if (!rec) return;
    const [tenant] = await this.ds.query(`SELECT webhook_url, webhook_secret_wrapped FROM tenants WHERE id = $1`, [rec.tenantId]);
    if (!tenant?.webhook_url) return;
    const secret = Buffer.from(
      await this.kms.decryptDataKey(tenant.webhook_secret_wrapped, { tenant: rec.tenantId, purpose: 'webhook' }),
    ).toString();
    const body = JSON.stringify({
      event: 'recording.status',
      recordingId: rec.id,
      externalCallId: rec.externalCallId,
      status,
      statusReason: status === rec.status ? rec.statusReason : null,
      at: new Date().toISOString(),
    });
    const t = Math.floor(Date.now() / 1000);
    const signature = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    const res = await fetch(tenant.webhook_url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Vault-Signature': `t=${t},v1=${signature}`, 'User-Agent': 'call-recording-vault' },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    // Anything but 2xx is retried by the queue with backoff.
    if (!res.ok) throw new Error(`webhook answered ${res.status}`);
  }
}
