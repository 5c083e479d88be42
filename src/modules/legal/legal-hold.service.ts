import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import { AppException } from '../../common/errors/app.exception';
import { isUuid } from '../../common/ids';
import type { Principal } from '../../common/access/permissions';
import { RecordingService } from '../recordings/recording.service';

const text = (max: number) => z.string().trim().min(1).max(max);
export const PlaceHoldSchema = z.strictObject({ matter: text(200), reason: text(2000) });
export const ReleaseHoldSchema = z.strictObject({ reason: text(2000) });

export interface LegalHold {
  id: string;
  recordingId: string;
  matter: string;
  reason: string;
  placedBy: string;
  placedAt: Date;
  releasedBy: string | null;
  releasedAt: Date | null;
  releaseReason: string | null;
  active: boolean;
}

/**
 * Holds are history rows; `recordings.legal_hold` is true while any of them is
 * active. Both change under the recording's row lock, the same lock every
 * deletion takes, so a deletion and a hold never cross.
 */
@Injectable()
export class LegalHoldService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly recordings: RecordingService,
  ) {}

  async place(p: Principal, recordingId: string, input: z.infer<typeof PlaceHoldSchema>): Promise<LegalHold> {
    const rec = await this.recordings.get(p, recordingId);
    return this.ds.transaction(async (m) => {
      const [row] = await m.query(`SELECT status FROM recordings WHERE id = $1 FOR UPDATE`, [rec.id]);
      if (row.status === 'deleted') throw new AppException('CONFLICT', 'Recording was deleted; there is nothing left to hold');
      const [hold] = await m.query(
        `INSERT INTO legal_holds (recording_id, tenant_id, matter, reason, placed_by) VALUES ($1, $2, $3, $4, $5) RETURNING *`,
        [rec.id, p.tenantId, input.matter, input.reason, `${p.kind}:${p.id}`],
      );
      await this.syncFlag(m, rec.id);
      return toHold(hold);
    });
  }

  async release(p: Principal, recordingId: string, holdId: string, reason: string): Promise<LegalHold> {
    const rec = await this.recordings.get(p, recordingId);
    return this.ds.transaction(async (m) => {
      await m.query(`SELECT 1 FROM recordings WHERE id = $1 FOR UPDATE`, [rec.id]);
      const [hold] = isUuid(holdId)
        ? await m.query(`SELECT * FROM legal_holds WHERE id = $1 AND recording_id = $2 AND tenant_id = $3`, [holdId, rec.id, p.tenantId])
        : [];
      if (!hold) throw new AppException('HOLD_NOT_FOUND', 'Legal hold not found');
      if (hold.released_at) throw new AppException('HOLD_RELEASED', 'Legal hold was already released');
      const [released] = await m.query(
        `UPDATE legal_holds SET released_by = $2, released_at = now(), release_reason = $3 WHERE id = $1 RETURNING *`,
        [hold.id, `${p.kind}:${p.id}`, reason],
      );
      await this.syncFlag(m, rec.id);
      return toHold(released);
    });
  }

  async list(p: Principal, recordingId: string): Promise<LegalHold[]> {
    const rec = await this.recordings.get(p, recordingId);
    return this.history(rec.id, p.tenantId);
  }

  async history(recordingId: string, tenantId: string): Promise<LegalHold[]> {
    const rows = await this.ds.query(`SELECT * FROM legal_holds WHERE recording_id = $1 AND tenant_id = $2 ORDER BY placed_at, id`, [
      recordingId,
      tenantId,
    ]);
    return rows.map(toHold);
  }

  private async syncFlag(m: EntityManager, recordingId: string): Promise<void> {
    await m.query(
      `UPDATE recordings SET legal_hold = EXISTS (SELECT 1 FROM legal_holds WHERE recording_id = $1 AND released_at IS NULL),
              updated_at = now()
        WHERE id = $1`,
      [recordingId],
    );
  }
}

function toHold(r: Record<string, unknown>): LegalHold {
  return {
    id: r.id as string,
    recordingId: r.recording_id as string,
    matter: r.matter as string,
    reason: r.reason as string,
    placedBy: r.placed_by as string,
    placedAt: r.placed_at as Date,
    releasedBy: (r.released_by as string | null) ?? null,
    releasedAt: (r.released_at as Date | null) ?? null,
    releaseReason: (r.release_reason as string | null) ?? null,
    active: !r.released_at,
  };
}
