import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { scoped } from '../../common/scoped';
import { TenantAllowedKeyEntity } from './tenant-key.entity';

/** The only code that touches `tenant_allowed_keys`. */
@Injectable()
export class TenantKeyRepository {
  constructor(@InjectRepository(TenantAllowedKeyEntity) private readonly repo: Repository<TenantAllowedKeyEntity>) {}

  async allow(tenantId: string, kmsKeyId: string, allowedBy: string, m?: EntityManager): Promise<void> {
    await scoped(this.repo, m).upsert({ tenantId, kmsKeyId, allowedBy }, ['tenantId', 'kmsKeyId']);
  }

  async revoke(tenantId: string, kmsKeyId: string, m?: EntityManager): Promise<boolean> {
    const res = await scoped(this.repo, m).delete({ tenantId, kmsKeyId });
    return (res.affected ?? 0) > 0;
  }

  list(tenantId: string, m?: EntityManager): Promise<TenantAllowedKeyEntity[]> {
    return scoped(this.repo, m).find({ where: { tenantId }, order: { allowedAt: 'ASC' } });
  }

  isAllowed(tenantId: string, kmsKeyId: string, m?: EntityManager): Promise<boolean> {
    return scoped(this.repo, m).existsBy({ tenantId, kmsKeyId });
  }
}
