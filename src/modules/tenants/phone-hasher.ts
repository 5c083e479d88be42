import { Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { DataKeyCache } from '../crypto/data-key.cache';
import { KmsService } from '../crypto/kms.service';
import { TenantRepository } from './tenant.repository';
import { TenantService } from './tenant.service';

export const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * Phone numbers are kept only as a keyed hash (for data-subject lookups) and a
 * masked display form. The HMAC key is per tenant, created on first use,
 * stored wrapped by the tenant's own KMS key (the service default until the
 * tenant has one) and re-wrapped by key rotation (TenantKeyService), so a
 * database dump alone cannot be brute-forced over the small space of phone
 * numbers.
 */
@Injectable()
export class PhoneHasher {
  private readonly keys = new DataKeyCache(1000, 10 * 60_000);

  constructor(
    private readonly tenants: TenantRepository,
    private readonly kms: KmsService,
    private readonly tenantService: TenantService,
  ) {}

  async hash(tenantId: string, e164: string): Promise<Buffer> {
    const key = await this.key(tenantId);
    try {
      return createHmac('sha256', key).update(e164).digest();
    } finally {
      key.fill(0);
    }
  }

  private async key(tenantId: string): Promise<Buffer> {
    const cached = this.keys.get(tenantId);
    if (cached) return cached;
    const context = { tenant: tenantId, purpose: 'phone-hmac' };
    const wrapped = await this.tenants.phoneKey(tenantId);
    let key: Buffer;
    if (wrapped) {
      key = await this.kms.decryptDataKey(wrapped, context);
    } else {
      const keyId = (await this.tenantService.wrappingKey(tenantId)) ?? undefined;
      const dk = await this.kms.generateDataKey(context, keyId);
      // Two first uses at once: the first write wins and the loser adopts it.
      if (await this.tenants.claimPhoneKey(tenantId, dk.wrapped, dk.keyId)) key = dk.plaintext;
      else {
        dk.plaintext.fill(0);
        return this.key(tenantId);
      }
    }
    this.keys.set(tenantId, key);
    return key;
  }
}

/** `+1415•••0134`: country code and area kept for a human, the middle hidden. */
export function maskPhone(e164: string): string {
  if (e164.length <= 8) return `${e164.slice(0, 2)}•••${e164.slice(-2)}`;
  return `${e164.slice(0, 5)}•••${e164.slice(-4)}`;
}
