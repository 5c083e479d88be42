import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppException } from '../../common/errors/app.exception';
import { isUuid } from '../../common/ids';
import { auditRequestIn } from '../../common/request-audit';
import { ApiKeyEntity, type ApiKeyRole } from './api-key.entity';
import { ApiKeyRepository } from './api-key.repository';

const PREFIX_RE = /^crv_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

/**
 * Platform API keys: `crv_<prefix>_<secret>`. The prefix identifies the key in
 * lists and logs; only SHA-256 of the 256-bit secret is stored (a slow hash
 * adds nothing for a random secret of that size).
 */
@Injectable()
export class ApiKeyService {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly ds: DataSource,
  ) {}

  /** For code that runs without Nest (the CLI, tests' fixtures). */
  static open(ds: DataSource): ApiKeyService {
    return new ApiKeyService(new ApiKeyRepository(ds.getRepository(ApiKeyEntity)), ds);
  }

  async create(tenantId: string, role: ApiKeyRole, label?: string): Promise<{ key: string; record: ApiKeyEntity }> {
    const prefix = randomBytes(9)
      .toString('base64url')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '0')
      .slice(0, 12);
    const secret = randomBytes(32).toString('base64url');
    const record = await this.ds.transaction(async (m) => {
      const created = await this.keys.create(
        { tenantId, role, prefix, secretHash: hash(secret), label: label ?? null },
        m,
      );
      await auditRequestIn(m, { resourceId: created.id });
      return created;
    });
    return { key: `crv_${prefix}_${secret}`, record };
  }

  /** The key's record, or undefined for any malformed, unknown or revoked key. */
  async verify(presented: string): Promise<ApiKeyEntity | undefined> {
    const m = PREFIX_RE.exec(presented);
    if (!m) return undefined;
    const row = await this.keys.findByPrefixWithSecret(m[1]);
    if (!row || row.revokedAt) return undefined;
    if (!timingSafeEqual(row.secretHash, hash(m[2]))) return undefined;
    return row;
  }

  async list(tenantId: string): Promise<ApiKeyEntity[]> {
    return this.keys.listByTenant(tenantId);
  }

  /** Revoke a key; `tenantId` scopes the lookup (undefined = operator CLI, any tenant). */
  async revoke(id: string, tenantId?: string): Promise<ApiKeyEntity> {
    const row = isUuid(id) ? await this.keys.findById(id, tenantId) : null;
    if (!row) throw new AppException('API_KEY_NOT_FOUND', 'API key not found');
    if (!row.revokedAt) {
      const revokedAt = new Date();
      await this.ds.transaction(async (m) => {
        await this.keys.setRevoked(row.id, revokedAt, m);
        await auditRequestIn(m);
      });
      row.revokedAt = revokedAt;
    }
    return row;
  }
}

function hash(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}
