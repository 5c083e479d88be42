import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppException } from '../../common/errors/app.exception';
import { isUuid } from '../../common/ids';
import { ApiKeyEntity, type ApiKeyRole } from './api-key.entity';

const PREFIX_RE = /^crv_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

/**
 * Platform API keys: `crv_<prefix>_<secret>`. The prefix identifies the key in
 * lists and logs; only SHA-256 of the 256-bit secret is stored (a slow hash
 * adds nothing for a random secret of that size).
 */
@Injectable()
export class ApiKeyService {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async create(tenantId: string, role: ApiKeyRole, label?: string): Promise<{ key: string; record: ApiKeyEntity }> {
    const prefix = randomBytes(9).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '0').slice(0, 12);
    const secret = randomBytes(32).toString('base64url');
    const repo = this.ds.getRepository(ApiKeyEntity);
    const record = await repo.save(
      repo.create({ tenantId, role, prefix, secretHash: hash(secret), label: label ?? null }),
    );
    return { key: `crv_${prefix}_${secret}`, record };
  }

  /** The key's record, or undefined for any malformed, unknown or revoked key. */
  async verify(presented: string): Promise<ApiKeyEntity | undefined> {
    const m = PREFIX_RE.exec(presented);
    if (!m) return undefined;
    const row = await this.ds
      .getRepository(ApiKeyEntity)
      .createQueryBuilder('k')
      .addSelect('k.secretHash')
      .where('k.prefix = :prefix', { prefix: m[1] })
      .getOne();
    if (!row || row.revokedAt) return undefined;
    if (!timingSafeEqual(row.secretHash, hash(m[2]))) return undefined;
    return row;
  }

  async list(tenantId: string): Promise<ApiKeyEntity[]> {
    return this.ds.getRepository(ApiKeyEntity).find({ where: { tenantId }, order: { createdAt: 'ASC' } });
  }

  /** Revoke a key; `tenantId` scopes the lookup (undefined = operator CLI, any tenant). */
  async revoke(id: string, tenantId?: string): Promise<ApiKeyEntity> {
    const repo = this.ds.getRepository(ApiKeyEntity);
    const row = isUuid(id) ? await repo.findOne({ where: tenantId ? { id, tenantId } : { id } }) : null;
    if (!row) throw new AppException('API_KEY_NOT_FOUND', 'API key not found');
    if (!row.revokedAt) {
      row.revokedAt = new Date();
      await repo.update({ id: row.id }, { revokedAt: row.revokedAt });
    }
    return row;
  }
}

function hash(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}
