import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import type { Principal } from '../../common/access/permissions';
import { AppException } from '../../common/errors/app.exception';
import { isUuid } from '../../common/ids';
import { freeText } from '../../common/validation';
import { auditRequestIn } from '../../common/request-audit';
import { RecordingRepository } from '../recordings/recording.repository';
import { RecordingService } from '../recordings/recording.service';
import { WebhookEvents } from '../webhooks/webhook-events.service';
import type { LegalHoldEntity } from './legal-hold.entity';
import { LegalHoldRepository } from './legal-hold.repository';
import { MatterRepository } from './matter.repository';

export const PlaceHoldSchema = z.strictObject({ matter: freeText(200), reason: freeText(2000) });
export const ReleaseHoldSchema = z.strictObject({ reason: freeText(2000) });

export interface LegalHold {
  id: string;
  recordingId: string;
  matterId: string;
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
    private readonly ds: DataSource,
    private readonly holds: LegalHoldRepository,
    private readonly recordings: RecordingService,
    private readonly recordingRows: RecordingRepository,
    private readonly matters: MatterRepository,
    private readonly events: WebhookEvents,
  ) {}

  /**
   * One hold per matter per recording: a matter that already holds it (a retry, or the same request
   * twice at once, serialised by the row lock) gets its hold back, `placed: false`, and nothing changes.
   */
  async place(
    p: Principal,
    recordingId: string,
    input: z.infer<typeof PlaceHoldSchema>,
  ): Promise<{ hold: LegalHold; placed: boolean }> {
    const rec = await this.recordings.get(p, recordingId);
    return this.ds.transaction(async (m) => {
      const locked = await this.recordingRows.lockForUpdate(m, rec.id, p.tenantId);
      if (locked?.status === 'deleted')
        throw new AppException(
          'RECORDING_DELETED',
          `id: recording ${rec.id} has been deleted; there is nothing left to hold`,
          { details: { recordingId: rec.id } },
        );
      const placedBy = `${p.kind}:${p.id}`;
      // A hold names its matter by reference; a reference not seen before starts a matter of that name.
      const matter = await this.matters.findOrCreate(m, {
        tenantId: p.tenantId,
        reference: input.matter,
        createdBy: placedBy,
      });
      const held = await this.holds.activeOfMatter(m, matter.id, rec.id);
      if (held) return { hold: toHold(held), placed: false };
      const hold = await this.holds.create(m, {
        recordingId: rec.id,
        tenantId: p.tenantId,
        matterId: matter.id,
        matter: matter.reference,
        reason: input.reason,
        placedBy,
      });
      await this.syncFlag(m, rec.id);
      await this.events.record(m, p.tenantId, 'hold.placed', {
        recordingId: rec.id,
        holdId: hold.id,
        recordingHeld: true,
      });
      await auditRequestIn(m);
      return { hold: toHold(hold), placed: true };
    });
  }

  async release(p: Principal, recordingId: string, holdId: string, reason: string): Promise<LegalHold> {
    const rec = await this.recordings.get(p, recordingId);
    return this.ds.transaction(async (m) => {
      await this.recordingRows.lockForUpdate(m, rec.id, p.tenantId);
      const hold = isUuid(holdId) ? await this.holds.find(holdId, rec.id, p.tenantId, m) : null;
      if (!hold) throw new AppException('HOLD_NOT_FOUND', 'Legal hold not found');
      if (hold.releasedAt) throw new AppException('HOLD_RELEASED', 'Legal hold was already released');
      const released = await this.holds.release(m, hold, `${p.kind}:${p.id}`, reason);
      const held = await this.syncFlag(m, rec.id);
      await this.events.record(m, p.tenantId, 'hold.released', {
        recordingId: rec.id,
        holdId: hold.id,
        recordingHeld: held,
      });
      await auditRequestIn(m);
      return toHold(released);
    });
  }

  async list(p: Principal, recordingId: string): Promise<LegalHold[]> {
    const rec = await this.recordings.get(p, recordingId);
    return this.history(rec.id, p.tenantId);
  }

  async history(recordingId: string, tenantId: string): Promise<LegalHold[]> {
    return (await this.holds.history(recordingId, tenantId)).map(toHold);
  }

  /** The holds in force on a recording, oldest first (inside `m`'s transaction when given). */
  /** The tenant's recordings ever held (a hold in force or released) for the matter with this reference. */
  recordingIdsForMatter(tenantId: string, matter: string): Promise<string[]> {
    return this.holds.recordingIdsForMatter(tenantId, matter);
  }

  activeIds(recordingId: string, m?: EntityManager): Promise<string[]> {
    return this.holds.activeIds(recordingId, m);
  }

  /** `recordings.legal_hold` is true while any hold is active; whether it is. */
  private async syncFlag(m: EntityManager, recordingId: string): Promise<boolean> {
    const active = await this.holds.activeIds(recordingId, m);
    await this.recordingRows.update(recordingId, { legalHold: active.length > 0 }, m);
    return active.length > 0;
  }
}

export function toHold(h: LegalHoldEntity): LegalHold {
  return {
    id: h.id,
    recordingId: h.recordingId,
    matterId: h.matterId,
    matter: h.matter,
    reason: h.reason,
    placedBy: h.placedBy,
    placedAt: h.placedAt,
    releasedBy: h.releasedBy,
    releasedAt: h.releasedAt,
    releaseReason: h.releaseReason,
    active: !h.releasedAt,
  };
}
