import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { scoped } from '../../common/scoped';
import { KeyRotationEntity } from './key-rotation.entity';

@Injectable()
export class KeyRotationRepository {
  constructor(@InjectRepository(KeyRotationEntity) private readonly repo: Repository<KeyRotationEntity>) {}

  runningExists(tenantId: string, m?: EntityManager): Promise<boolean> {
    return scoped(this.repo, m).existsBy({ tenantId, status: 'running' });
  }

  create(
    tenantId: string,
    targetKmsKeyId: string,
    previousKmsKeyId: string | null,
    total: number,
    m?: EntityManager,
  ): Promise<KeyRotationEntity> {
    const r = scoped(this.repo, m);
    return r.save(r.create({ tenantId, targetKmsKeyId, previousKmsKeyId, status: 'running', total }));
  }

  async fail(id: string, error: string, m?: EntityManager): Promise<void> {
    await scoped(this.repo, m).update({ id, status: 'running' }, { status: 'failed', error, finishedAt: new Date() });
  }

  /** `tenantId` scopes the lookup; without it, any tenant's (the job handler). */
  find(id: string, tenantId?: string, m?: EntityManager): Promise<KeyRotationEntity | null> {
    return scoped(this.repo, m).findOneBy(tenantId ? { id, tenantId } : { id });
  }

  /** `done` counts up, never past `total` (keys deleted meanwhile shrink the real work). */
  async advance(id: string, by: number, m?: EntityManager): Promise<void> {
    await scoped(this.repo, m)
      .createQueryBuilder()
      .update()
      .set({ done: () => 'LEAST(total, done + :by)' })
      .setParameters({ by })
      .where('id = :id', { id })
      .execute();
  }

  async complete(id: string, m?: EntityManager): Promise<void> {
    await scoped(this.repo, m)
      .createQueryBuilder()
      .update()
      .set({ status: 'completed', done: () => 'total', finishedAt: () => 'now()' })
      .where('id = :id', { id })
      .execute();
  }
}
