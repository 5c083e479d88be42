import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type EntityManager, type Repository } from 'typeorm';
import { scoped } from '../../common/scoped';
import { LegalHoldEntity } from './legal-hold.entity';

@Injectable()
export class LegalHoldRepository {
  constructor(@InjectRepository(LegalHoldEntity) private readonly repo: Repository<LegalHoldEntity>) {}

  create(
    m: EntityManager,
    hold: Pick<LegalHoldEntity, 'recordingId' | 'tenantId' | 'matter' | 'reason' | 'placedBy'>,
  ): Promise<LegalHoldEntity> {
    const r = m.getRepository(LegalHoldEntity);
    return r.save(r.create(hold));
  }

  find(id: string, recordingId: string, tenantId: string, m?: EntityManager): Promise<LegalHoldEntity | null> {
    return scoped(this.repo, m).findOneBy({ id, recordingId, tenantId });
  }

  async release(m: EntityManager, hold: LegalHoldEntity, by: string, reason: string): Promise<LegalHoldEntity> {
    Object.assign(hold, { releasedBy: by, releasedAt: new Date(), releaseReason: reason });
    return m.getRepository(LegalHoldEntity).save(hold);
  }

  /** Every hold of a recording, oldest first. */
  history(recordingId: string, tenantId: string): Promise<LegalHoldEntity[]> {
    return this.repo.find({ where: { recordingId, tenantId }, order: { placedAt: 'ASC', id: 'ASC' } });
  }

  /** The tenant's recordings ever held for `matter` (holds in force or released). */
  async recordingIdsForMatter(tenantId: string, matter: string): Promise<string[]> {
    const rows: { recording_id: string }[] = await this.repo.query(
      'SELECT DISTINCT recording_id FROM legal_holds WHERE tenant_id = $1 AND matter = $2',
      [tenantId, matter],
    );
    return rows.map((r) => r.recording_id);
  }

  /** The holds in force, oldest first. */
  async activeIds(recordingId: string, m?: EntityManager): Promise<string[]> {
    const rows = await scoped(this.repo, m).find({
      where: { recordingId, releasedAt: IsNull() },
      order: { placedAt: 'ASC' },
      select: { id: true },
    });
    return rows.map((h) => h.id);
  }
}
