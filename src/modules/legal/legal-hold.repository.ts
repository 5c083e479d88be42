import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, type EntityManager, type Repository } from 'typeorm';
import { scoped } from '../../common/scoped';
import { LegalHoldEntity } from './legal-hold.entity';

type NewHold = Pick<LegalHoldEntity, 'recordingId' | 'tenantId' | 'matterId' | 'matter' | 'reason' | 'placedBy'>;

@Injectable()
export class LegalHoldRepository {
  constructor(@InjectRepository(LegalHoldEntity) private readonly repo: Repository<LegalHoldEntity>) {}

  create(m: EntityManager, hold: NewHold): Promise<LegalHoldEntity> {
    const r = m.getRepository(LegalHoldEntity);
    return r.save(r.create(hold));
  }

  /** The new holds' ids, in the order given. */
  async createMany(m: EntityManager, holds: NewHold[]): Promise<string[]> {
    if (!holds.length) return [];
    const res = await m.getRepository(LegalHoldEntity).insert(holds);
    return res.identifiers.map((i) => String(i.id));
  }

  /** Of `recordingIds`, those the matter already holds. */
  async heldByMatter(m: EntityManager, matterId: string, recordingIds: string[]): Promise<Set<string>> {
    if (!recordingIds.length) return new Set();
    const rows = await m.getRepository(LegalHoldEntity).find({
      where: { matterId, recordingId: In(recordingIds), releasedAt: IsNull() },
      select: { recordingId: true },
    });
    return new Set(rows.map((h) => h.recordingId));
  }

  /** The matter's hold in force on the recording, if it has one. */
  activeOfMatter(m: EntityManager, matterId: string, recordingId: string): Promise<LegalHoldEntity | null> {
    return m.getRepository(LegalHoldEntity).findOneBy({ matterId, recordingId, releasedAt: IsNull() });
  }

  /** The recordings the matter holds now. */
  async recordingsHeldByMatter(matterId: string, m?: EntityManager): Promise<string[]> {
    const rows = await scoped(this.repo, m).find({
      where: { matterId, releasedAt: IsNull() },
      select: { recordingId: true },
    });
    return rows.map((h) => h.recordingId);
  }

  /** Release the matter's active holds on `recordingIds`; the holds released. */
  async releaseForMatter(
    m: EntityManager,
    matterId: string,
    recordingIds: string[],
    by: string,
    reason: string,
  ): Promise<{ id: string; recordingId: string }[]> {
    if (!recordingIds.length) return [];
    // The caller holds the recordings' row locks, so these are exactly the holds the update releases.
    const r = m.getRepository(LegalHoldEntity);
    const holds = await r.find({
      where: { matterId, recordingId: In(recordingIds), releasedAt: IsNull() },
      select: { id: true, recordingId: true },
    });
    if (holds.length)
      await r.update(
        { id: In(holds.map((h) => h.id)) },
        { releasedBy: by, releasedAt: () => 'now()', releaseReason: reason },
      );
    return holds.map((h) => ({ id: h.id, recordingId: h.recordingId }));
  }

  /** Of `recordingIds`, those still under any hold. */
  async stillHeld(m: EntityManager, recordingIds: string[]): Promise<Set<string>> {
    if (!recordingIds.length) return new Set();
    const rows = await m.getRepository(LegalHoldEntity).find({
      where: { recordingId: In(recordingIds), releasedAt: IsNull() },
      select: { recordingId: true },
    });
    return new Set(rows.map((h) => h.recordingId));
  }

  /** Every hold of a matter, oldest first. */
  forMatter(matterId: string, tenantId: string): Promise<LegalHoldEntity[]> {
    return this.repo.find({ where: { matterId, tenantId }, order: { placedAt: 'ASC', id: 'ASC' } });
  }

  /** Per matter: holds in force and released. */
  async countsByMatter(matterIds: string[]): Promise<Map<string, { active: number; released: number }>> {
    if (!matterIds.length) return new Map();
    const rows: { matter_id: string; active: string; released: string }[] = await this.repo
      .createQueryBuilder('h')
      .select('h.matter_id', 'matter_id')
      .addSelect('count(*) FILTER (WHERE h.released_at IS NULL)', 'active')
      .addSelect('count(*) FILTER (WHERE h.released_at IS NOT NULL)', 'released')
      .where('h.matter_id IN (:...matterIds)', { matterIds })
      .groupBy('h.matter_id')
      .getRawMany();
    return new Map(rows.map((r) => [r.matter_id, { active: Number(r.active), released: Number(r.released) }]));
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

  /** The tenant's recordings ever held (holds in force or released) for the matter with this reference. */
  async recordingIdsForMatter(tenantId: string, reference: string): Promise<string[]> {
    const rows: { recording_id: string }[] = await this.repo.query(
      `SELECT DISTINCT h.recording_id FROM legal_holds h JOIN matters m ON m.id = h.matter_id
        WHERE h.tenant_id = $1 AND m.tenant_id = $1 AND m.reference = $2`,
      [tenantId, reference],
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
