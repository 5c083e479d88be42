import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { scoped } from '../../common/scoped';
import { ApiKeyEntity, type ApiKeyRole } from './api-key.entity';

@Injectable()
export class ApiKeyRepository {
  constructor(@InjectRepository(ApiKeyEntity) private readonly repo: Repository<ApiKeyEntity>) {}

  create(
    key: { tenantId: string; role: ApiKeyRole; prefix: string; secretHash: Buffer; label: string | null },
    m?: EntityManager,
  ) {
    const r = scoped(this.repo, m);
    return r.save(r.create(key));
  }

  /** The key with its secret hash, which ordinary reads never select. */
  findByPrefixWithSecret(prefix: string, m?: EntityManager): Promise<ApiKeyEntity | null> {
    return scoped(this.repo, m)
      .createQueryBuilder('k')
      .addSelect('k.secretHash')
      .where('k.prefix = :prefix', { prefix })
      .getOne();
  }

  listByTenant(tenantId: string, m?: EntityManager): Promise<ApiKeyEntity[]> {
    return scoped(this.repo, m).find({ where: { tenantId }, order: { createdAt: 'ASC' } });
  }

  /** `tenantId` undefined: any tenant's key (the operator CLI). */
  findById(id: string, tenantId?: string, m?: EntityManager): Promise<ApiKeyEntity | null> {
    return scoped(this.repo, m).findOneBy(tenantId ? { id, tenantId } : { id });
  }

  async setRevoked(id: string, revokedAt: Date, m?: EntityManager): Promise<void> {
    await scoped(this.repo, m).update({ id }, { revokedAt });
  }
}
