import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { RetentionPolicyEntity } from './retention-policy.entity';

@Injectable()
export class RetentionPolicyRepository {
  constructor(@InjectRepository(RetentionPolicyEntity) private readonly repo: Repository<RetentionPolicyEntity>) {}

  find(tenantId: string): Promise<RetentionPolicyEntity | null> {
    return this.repo.findOneBy({ tenantId });
  }

  async upsert(m: EntityManager, policy: Omit<RetentionPolicyEntity, 'updatedAt'>): Promise<void> {
    await m.getRepository(RetentionPolicyEntity).upsert({ ...policy, updatedAt: new Date() }, ['tenantId']);
  }
}
