import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AppException } from '../../common/errors/app.exception';
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
    private readonly kms: KmsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async configure(tenantId: string, url: string): Promise<{ url: string; secret: string }> {
    const parsed = await checkEgressUrl(url, this.config.webhook).catch((err: unknown) => {
      if (err instanceof EgressRefusedError) throw new AppException('WEBHOOK_URL_REFUSED', `url: ${err.message}`);
      throw err;
    });
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    // Wrapped under the tenant's own key (BYOK); key rotation re-wraps it.
    const keyId = (await this.tenants.findById(tenantId))?.kmsKeyId ?? undefined;
    const secretWrapped = await this.kms.encrypt(Buffer.from(secret), context(tenantId), keyId);
    await this.tenants.setWebhook(tenantId, { url: parsed.toString(), secretWrapped });
    return { url: parsed.toString(), secret };
  }

  remove(tenantId: string): Promise<void> {
    return this.tenants.setWebhook(tenantId, null);
  }

  /** Where to deliver and the secret to sign with, or null when the tenant has no webhook. */
  async target(tenantId: string): Promise<{ url: string; secret: Buffer } | null> {
    const hook = await this.tenants.webhook(tenantId);
    if (!hook) return null;
    return { url: hook.url, secret: await this.kms.decryptDataKey(hook.secretWrapped, context(tenantId)) };
  }
}
