import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryFailedError, type EntityManager, type Repository } from 'typeorm';
import { AppException } from '../../common/errors/app.exception';
import { scoped } from '../../common/scoped';
import { MatterEntity } from './matter.entity';

type NewMatter = Pick<MatterEntity, 'tenantId' | 'name' | 'reference' | 'description' | 'createdBy'>;

@Injectable()
export class MatterRepository {
  constructor(@InjectRepository(MatterEntity) private readonly repo: Repository<MatterEntity>) {}

  async create(matter: NewMatter, m?: EntityManager): Promise<MatterEntity> {
    const r = scoped(this.repo, m);
    try {
      return await r.save(r.create(matter));
    } catch (e) {
      if (e instanceof QueryFailedError && (e as QueryFailedError & { code?: string }).code === '23505')
        throw new AppException('CONFLICT', 'A matter with this reference exists', { cause: e });
      throw e;
    }
  }

  /** The tenant's matter with this reference, created (named by it) if there is none; safe under concurrency. */
  async findOrCreate(m: EntityManager, matter: Omit<NewMatter, 'name' | 'description'>): Promise<MatterEntity> {
    await m
      .createQueryBuilder()
      .insert()
      .into(MatterEntity)
      .values({ ...matter, name: matter.reference, description: null })
      .orIgnore()
      .execute();
    return m.getRepository(MatterEntity).findOneByOrFail({ tenantId: matter.tenantId, reference: matter.reference });
  }

  find(id: string, tenantId: string, m?: EntityManager): Promise<MatterEntity | null> {
    return scoped(this.repo, m).findOneBy({ id, tenantId });
  }

  /** The tenant's matters, newest first. */
  list(tenantId: string, limit: number): Promise<MatterEntity[]> {
    return this.repo.find({ where: { tenantId }, order: { createdAt: 'DESC', id: 'DESC' }, take: limit });
  }
}
