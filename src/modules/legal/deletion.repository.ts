import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { DeletionBlockEntity } from './deletion-block.entity';
import { DeletionCertificateEntity, type DeletionReason } from './deletion-certificate.entity';

/** The only code touching `deletion_blocks` and `deletion_certificates` (both append-only in the database). */
@Injectable()
export class DeletionRepository {
  constructor(
    @InjectRepository(DeletionBlockEntity) private readonly blocks: Repository<DeletionBlockEntity>,
    @InjectRepository(DeletionCertificateEntity) private readonly certificates: Repository<DeletionCertificateEntity>,
  ) {}

  /**
   * One row per refused deletion, naming the holds in force. With `once`, not
   * again while no newer hold was placed since this path's last refusal (the
   * hourly sweep would otherwise record one per hour). Raw SQL: the check and
   * the insert are one statement, so two sweepers cannot both record it.
   */
  async recordBlock(
    m: EntityManager,
    block: { recordingId: string; tenantId: string; attemptedBy: DeletionReason; requestedBy: string; reason: string },
    once: boolean,
  ): Promise<{ recorded: boolean; holdIds: string[] }> {
    const rows: { hold_ids: string[] }[] = await m.query(
      `INSERT INTO deletion_blocks (recording_id, tenant_id, attempted_by, requested_by, reason, hold_ids)
       SELECT $1, $2, $3, $4, $5, COALESCE(array_agg(h.id ORDER BY h.placed_at), '{}')
         FROM legal_holds h WHERE h.recording_id = $1 AND h.released_at IS NULL
       HAVING NOT $6 OR NOT EXISTS (
         SELECT 1 FROM deletion_blocks b
          WHERE b.recording_id = $1 AND b.attempted_by = $3
            AND b.blocked_at >= COALESCE(max(h.placed_at), '-infinity'))
       RETURNING hold_ids`,
      [block.recordingId, block.tenantId, block.attemptedBy, block.requestedBy, block.reason.slice(0, 500), once],
    );
    return rows.length ? { recorded: true, holdIds: rows[0].hold_ids } : { recorded: false, holdIds: [] };
  }

  findBlocks(recordingId: string, tenantId: string): Promise<DeletionBlockEntity[]> {
    return this.blocks.find({ where: { recordingId, tenantId }, order: { blockedAt: 'ASC', id: 'ASC' } });
  }

  /** A concurrent deletion of the same recording may have certified it first; one certificate is enough. */
  async insertCertificate(m: EntityManager, cert: DeletionCertificateEntity): Promise<void> {
    await m.getRepository(DeletionCertificateEntity).createQueryBuilder().insert().values(cert).orIgnore().execute();
  }

  findCertificate(recordingId: string, tenantId: string): Promise<DeletionCertificateEntity | null> {
    return this.certificates.findOneBy({ recordingId, tenantId });
  }
}
