import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AppException } from '../../common/errors/app.exception';
import { auditRequestIn } from '../../common/request-audit';
import { checkEgressUrl, EgressRefusedError } from '../../common/egress/egress-policy';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config';
import { KmsService } from '../crypto/kms.service';
import { TenantRepository } from './tenant.repository';

const context = (tenantId: string) => ({ tenant: tenantId, purpose: 'webhook' });

/**
 * The tenant's webhook target and its signing secret: shown once when set,
 * stored only wrapped by KMS, unwrapped only to sign a delivery.
 */
@Injectable()
export class TenantWebhookService {
  constructor(
    private readonly tenants: TenantRepository,
    private readonly ds: DataSource,
    private readonly kms: KmsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async configure(tenantId: string, url: string): Promise<{ url: string; secret: string }> {
    const parsed = await checkEgressUrl(url, this.config.webhook).catch((err: unknown) => {
      if (err instanceof EgressRefusedError) throw new AppException('WEBHOOK_URL_REFUSED', `url: ${err.message}`);
      throw err;
    });
    // Standard Webhooks' form: `whsec_` and the base64 of 32 random bytes, what its libraries take as is.
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    // Wrapped under the tenant's own key (BYOK); key rotation re-wraps it.
    const keyId = (await this.tenants.findById(tenantId))?.kmsKeyId ?? undefined;
    const secretWrapped = await this.kms.encrypt(Buffer.from(secret), context(tenantId), keyId);
    await this.ds.transaction(async (m) => {
      await this.tenants.setWebhook(tenantId, { url: parsed.toString(), secretWrapped }, m);
      await auditRequestIn(m);
    });
    return { url: parsed.toString(), secret };
  }

  /**
   * A per-upload callback URL, checked against the same egress policy as the tenant webhook (and
   * again at every delivery). Its deliveries are signed with the tenant's webhook secret, so the
   * tenant must have one. Resolves to the normalised URL; 400 WEBHOOK_URL_REFUSED naming `field`.
   */
  async checkCallbackUrl(tenantId: string, url: string, field: string): Promise<string> {
    const refuse = (message: string) =>
      new AppException('WEBHOOK_URL_REFUSED', `${field}: ${message}`, { details: [{ path: field, message }] });
    const parsed = await checkEgressUrl(url, this.config.webhook).catch((err: unknown) => {
      if (err instanceof EgressRefusedError) throw refuse(err.message);
      throw err;
    });
    if (!(await this.tenants.webhook(tenantId)))
      throw refuse('the tenant has no webhook signing secret; set one with PUT /v1/tenants/current/webhook first');
    return parsed.toString();
  }

  remove(tenantId: string): Promise<void> {
    return this.ds.transaction(async (m) => {
      await this.tenants.setWebhook(tenantId, null, m);
      await auditRequestIn(m);
    });
  }

  /** The tenant's webhook URL (inside `m`'s transaction when given), or null when it has none. */
  async url(tenantId: string, m?: EntityManager): Promise<string | null> {
    return (await this.tenants.webhook(tenantId, m))?.url ?? null;
  }

  /** The tenant's signing secret (`whsec_…`, as shown when set), or null when it has no webhook. Zero it after use. */
  async secret(tenantId: string): Promise<Buffer | null> {
    return (await this.target(tenantId))?.secret ?? null;
  }

  /** Where to deliver and the secret to sign with, or null when the tenant has no webhook. */
  async target(tenantId: string): Promise<{ url: string; secret: Buffer } | null> {
    const hook = await this.tenants.webhook(tenantId);
    if (!hook) return null;
    return { url: hook.url, secret: await this.kms.decryptDataKey(hook.secretWrapped, context(tenantId)) };
  }
}
