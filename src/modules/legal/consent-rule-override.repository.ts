import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { RuleOverrides } from '../consent/consent.rules';
import { ConsentRuleOverrideEntity } from './consent-rule-override.entity';

@Injectable()
export class ConsentRuleOverrideRepository {
  constructor(
    @InjectRepository(ConsentRuleOverrideEntity) private readonly repo: Repository<ConsentRuleOverrideEntity>,
  ) {}

  latest(tenantId: string): Promise<ConsentRuleOverrideEntity | null> {
    return this.repo.findOne({ where: { tenantId }, order: { version: 'DESC' } });
  }

  history(tenantId: string): Promise<ConsentRuleOverrideEntity[]> {
    return this.repo.find({ where: { tenantId }, order: { version: 'ASC' } });
  }

  /** The tenant's next version; the caller holds a per-tenant lock so versions are gapless. */
  async insertNext(
    m: EntityManager,
    tenantId: string,
    document: RuleOverrides,
    createdBy: string,
  ): Promise<ConsentRuleOverrideEntity> {
    const latest = await m.getRepository(ConsentRuleOverrideEntity).maximum('version', { tenantId });
    const r = m.getRepository(ConsentRuleOverrideEntity);
    return r.save(r.create({ tenantId, version: (latest ?? 0) + 1, document, createdBy }));
  }
}
