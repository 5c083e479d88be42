import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppException } from '../../common/errors/app.exception';
import { KmsService } from '../crypto/kms.service';
import { TenantAllowedKeyEntity } from './tenant-key.entity';
import { TenantKeyRepository } from './tenant-key.repository';
import { TenantEntity } from './tenant.entity';
import { TenantRepository } from './tenant.repository';

/**
 * Which KMS keys a tenant may wrap its data under. Set by the operator (CLI `tenant:keys`), never
 * by tenant admins, who may only rotate to an allowed key (or back to the service default). The
 * audit-signing key is never a data key. Also re-wraps the tenant's own secrets (phone-hashing
 * key, webhook secret) under a new key.
 */
@Injectable()
export class TenantKeyService {
  constructor(
    private readonly keys: TenantKeyRepository,
    private readonly tenants: TenantRepository,
    private readonly kms: KmsService,
  ) {}

  static open(ds: DataSource, kms: KmsService): TenantKeyService {
    return new TenantKeyService(
      new TenantKeyRepository(ds.getRepository(TenantAllowedKeyEntity)),
      new TenantRepository(ds.getRepository(TenantEntity)),
      kms,
    );
  }

  /** The key's ARN once it is known to KMS, enabled, and not the audit-signing key. */
  async usableDataKey(kmsKeyId: string): Promise<string> {
    const key = await this.kms.describe(kmsKeyId).catch((e: unknown) => {
      if (e instanceof AppException && e.code === 'KEY_REFUSED')
        throw new AppException('VALIDATION_FAILED', 'kmsKeyId: the key service does not know this key', { cause: e });
      throw e;
    });
    const signing = await this.kms.describe(this.kms.signingKeyId);
    if (key.keyId === signing.keyId)
      throw new AppException('KEY_NOT_ALLOWED', 'kmsKeyId: the audit-signing key is never a data key');
    if (!key.enabled) throw new AppException('VALIDATION_FAILED', 'kmsKeyId: the key is disabled');
    return key.keyId;
  }

  async allow(tenantId: string, kmsKeyId: string, allowedBy: string): Promise<string> {
    const arn = await this.usableDataKey(kmsKeyId);
    await this.keys.allow(tenantId, arn, allowedBy);
    return arn;
  }

  async revoke(tenantId: string, kmsKeyId: string): Promise<boolean> {
    const arn = await this.kms.describe(kmsKeyId).then(
      (k) => k.keyId,
      () => kmsKeyId,
    );
    return this.keys.revoke(tenantId, arn);
  }

  list(tenantId: string): Promise<TenantAllowedKeyEntity[]> {
    return this.keys.list(tenantId);
  }

  /**
   * The ARN of the key a tenant admin asked to rotate to, given as an allowed key's ARN or bare id (or the service
   * default as configured). Decided from the allow-list before KMS hears of the key: asking KMS first would tell an
   * admin which keys exist. Then the key must still be usable.
   */
  async allowedDataKey(tenantId: string, kmsKeyId: string): Promise<string> {
    const signing = await this.kms.describe(this.kms.signingKeyId);
    if (names(kmsKeyId, signing.keyId, this.kms.signingKeyId))
      throw new AppException('KEY_NOT_ALLOWED', 'kmsKeyId: the audit-signing key is never a data key');
    const defaultKey = await this.kms.describe(this.kms.defaultKeyId);
    const allowed = names(kmsKeyId, defaultKey.keyId, this.kms.defaultKeyId)
      ? defaultKey.keyId
      : (await this.keys.list(tenantId)).find((k) => names(kmsKeyId, k.kmsKeyId))?.kmsKeyId;
    if (!allowed)
      throw new AppException('KEY_NOT_ALLOWED', 'kmsKeyId: this key is not allowed for the tenant; ask the operator');
    return this.usableDataKey(allowed);
  }

  /** Re-wraps the phone-hashing key and webhook secret under `kmsKeyId` (ReEncrypt: no plaintext here). */
  async rewrapSecrets(tenantId: string, kmsKeyId: string): Promise<void> {
    const phone = await this.tenants.phoneKey(tenantId);
    if (phone) {
      const out = await this.kms.reEncrypt(phone, { tenant: tenantId, purpose: 'phone-hmac' }, kmsKeyId);
      await this.tenants.replacePhoneKey(tenantId, phone, out.wrapped, out.keyId);
    }
    const hook = await this.tenants.webhook(tenantId);
    if (hook) {
      const out = await this.kms.reEncrypt(hook.secretWrapped, { tenant: tenantId, purpose: 'webhook' }, kmsKeyId);
      await this.tenants.replaceWebhookSecret(tenantId, hook.secretWrapped, out.wrapped);
    }
  }
}

/** Whether `ref` names one of `ids` (ARNs or configured references): as given, or by the part after the ARN prefix or `key/`. */
function names(ref: string, ...ids: string[]): boolean {
  return ids.some((id) => id === ref || id.endsWith(`:${ref}`) || (id.includes(':key/') && id.endsWith(`/${ref}`)));
}
