import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AppException } from '../../common/errors/app.exception';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../../common/access/permissions';
import type { DataKeyEntity } from '../crypto/data-key.entity';
import { EnvelopeService, type ShreddedKeys } from '../crypto/envelope.service';
import type { RecordingEntity } from '../recordings/recording.entity';
import { RecordingService, type RecordingDeletionHook } from '../recordings/recording.service';
import { DeletionCertificateService, type DeletionActor, type DeletionReason } from './deletion-certificate.service';

export type ShredResult =
  | { outcome: 'deleted'; recordingId: string; certificateId: string }
  | { outcome: 'blocked'; recordingId: string; holdIds: string[] }
  | { outcome: 'already-deleted'; recordingId: string }
  | { outcome: 'in-progress'; recordingId: string };

interface LockedRow {
  id: string;
  tenant_id: string;
  external_call_id: string;
  status: string;
  legal_hold: boolean;
  object_sha256: Buffer | null;
}

const IN_PIPELINE = new Set(['received', 'awaiting_consent', 'processing']);

export const actorOf = (p: Principal): DeletionActor => ({ kind: p.kind, id: p.id, role: p.role });

/**
 * Deletions that legal cares about: retention, erasure and (through the
 * recordings module's hook) manual deletes. Each one crypto-shreds, leaves the
 * tombstone, writes a signed certificate and an audit event; a legal hold
 * refuses it and the refusal is recorded in `deletion_blocks`.
 */
@Injectable()
export class DeletionService implements OnModuleInit, RecordingDeletionHook {
  private readonly logger = new Logger('deletion');

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly envelope: EnvelopeService,
    private readonly audit: AuditService,
    private readonly certificates: DeletionCertificateService,
    private readonly recordings: RecordingService,
  ) {}

  onModuleInit(): void {
    this.recordings.setDeletionHook(this);
  }

  async shred(tenantId: string, recordingId: string, reason: Exclude<DeletionReason, 'manual'>, actor: DeletionActor, detail: string): Promise<ShredResult> {
    const result = await this.ds.transaction(async (m): Promise<ShredResult & { shredded?: ShreddedKeys }> => {
      // The row lock serialises us with hold placement: a hold committed before we lock is seen here.
      const [rec] = (await m.query(
        `SELECT id, tenant_id, external_call_id, status, legal_hold, object_sha256 FROM recordings
          WHERE id = $1 AND tenant_id = $2 FOR UPDATE`,
        [recordingId, tenantId],
      )) as LockedRow[];
      if (!rec) throw new AppException('RECORDING_NOT_FOUND', 'Recording not found');
      if (rec.status === 'deleted') return { outcome: 'already-deleted', recordingId };
      // Still in the pipeline, whose steps write their status unconditionally: a shred now could be
      // overwritten by a later step (and a fresh key left behind). The caller retries once it settles.
      if (IN_PIPELINE.has(rec.status)) return { outcome: 'in-progress', recordingId };
      if (rec.legal_hold) {
        const block = await this.recordBlock(m, rec.id, tenantId, reason, actor, detail, reason === 'retention');
        if (block.recorded) {
          await this.audit.append(
            {
              actor: { ...actor, tenant: tenantId },
              action: 'recording.delete',
              resource: { type: 'recording', id: rec.id },
              outcome: 'denied',
              details: { reason, code: 'RECORDING_ON_HOLD', holdIds: block.holdIds },
            },
            m,
          );
        }
        return { outcome: 'blocked', recordingId, holdIds: block.holdIds };
      }
      const shredded = await this.envelope.shredRecording(m, recordingId);
      const keys = shredded.keys;
      await m.query(
        `UPDATE recordings SET status = 'deleted', status_reason = $2, object_key = NULL, quarantine_key = NULL, updated_at = now()
          WHERE id = $1`,
        [recordingId, `${reason}: ${detail}`.slice(0, 500)],
      );
      const certificateId = await this.certificates.issue(
        m,
        { id: rec.id, tenantId, externalCallId: rec.external_call_id, objectSha256: rec.object_sha256 },
        keys,
        reason,
        actor,
        detail,
      );
      // Last in the transaction: the audit chain lock is held only until commit.
      await this.audit.append(
        {
          actor: { ...actor, tenant: tenantId },
          action: 'recording.delete',
          resource: { type: 'recording', id: rec.id },
          outcome: 'success',
          details: { reason, certificateId, destroyedKeys: keys.length },
        },
        m,
      );
      return { outcome: 'deleted', recordingId, certificateId, shredded };
    });
    const { shredded, ...out } = result;
    await shredded?.purgeObjects();
    return out;
  }

  /** Hook: a manual delete was refused because of a hold. */
  async blocked(p: Principal, rec: RecordingEntity, reason: string): Promise<void> {
    await this.recordBlock(this.ds.manager, rec.id, rec.tenantId, 'manual', actorOf(p), reason, false);
  }

  /** Hook: inside the manual delete's transaction, after the keys and the tombstone. */
  async deleted(m: EntityManager, p: Principal, rec: RecordingEntity, keys: DataKeyEntity[], reason: string): Promise<void> {
    // The recordings service checked the hold before its transaction; a hold placed since then must still win.
    const [row] = await m.query(`SELECT legal_hold FROM recordings WHERE id = $1`, [rec.id]);
    if (row?.legal_hold) throw new AppException('RECORDING_ON_HOLD', 'Recording is under legal hold and cannot be deleted');
    await this.certificates.issue(
      m,
      { id: rec.id, tenantId: rec.tenantId, externalCallId: rec.externalCallId, objectSha256: rec.objectSha256 },
      keys,
      'manual',
      actorOf(p),
      reason,
    );
  }

  /**
   * One row per refused deletion. The hourly retention sweep would refuse the
   * same held recording every hour, so with `once` it is recorded only once
   * per hold (until a newer hold is placed).
   */
  private async recordBlock(
    m: EntityManager,
    recordingId: string,
    tenantId: string,
    via: DeletionReason,
    actor: DeletionActor,
    reason: string,
    once: boolean,
  ): Promise<{ recorded: boolean; holdIds: string[] }> {
    const rows = (await m.query(
      `INSERT INTO deletion_blocks (recording_id, tenant_id, attempted_by, requested_by, reason, hold_ids)
       SELECT $1, $2, $3, $4, $5, COALESCE(array_agg(h.id ORDER BY h.placed_at), '{}')
         FROM legal_holds h WHERE h.recording_id = $1 AND h.released_at IS NULL
       HAVING NOT $6 OR NOT EXISTS (
         SELECT 1 FROM deletion_blocks b
          WHERE b.recording_id = $1 AND b.attempted_by = $3
            AND b.blocked_at >= COALESCE(max(h.placed_at), '-infinity'))
       RETURNING hold_ids`,
      [recordingId, tenantId, via, `${actor.kind}:${actor.id}`, reason.slice(0, 500), once],
    )) as { hold_ids: string[] }[];
    if (rows.length) return { recorded: true, holdIds: rows[0].hold_ids };
    const [active] = await m.query(
      `SELECT COALESCE(array_agg(id ORDER BY placed_at), '{}') AS ids FROM legal_holds WHERE recording_id = $1 AND released_at IS NULL`,
      [recordingId],
    );
    return { recorded: false, holdIds: active.ids };
  }
}
