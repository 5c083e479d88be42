import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppException } from '../../common/errors/app.exception';
import { TenantEntity } from './tenant.entity';

export const TENANT_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

@Injectable()
export class TenantService {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async create(name: string, kmsKeyId?: string): Promise<TenantEntity> {
    if (!TENANT_NAME.test(name)) {
      throw new AppException('VALIDATION_FAILED', 'name: use 1-63 lowercase letters, digits and hyphens');
    }
    const repo = this.ds.getRepository(TenantEntity);
    if (await repo.existsBy({ name })) throw new AppException('TENANT_EXISTS', `Tenant ${name} already exists`);
    return repo.save(repo.create({ name, kmsKeyId: kmsKeyId ?? null }));
  }

  async byName(name: string): Promise<TenantEntity> {
    const t = await this.ds.getRepository(TenantEntity).findOneBy({ name });
    if (!t) throw new AppException('TENANT_NOT_FOUND', `Tenant ${name} not found`);
    return t;
  }

  async byId(id: string): Promise<TenantEntity> {
    const t = await this.ds.getRepository(TenantEntity).findOneBy({ id });
    if (!t) throw new AppException('TENANT_NOT_FOUND', 'Tenant not found');
    return t;
  }
}
