import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { AppException } from '../../common/errors/app.exception';
import { isUuid } from '../auth/api-key.service';
import type { Principal } from '../auth/permissions';
import { DataKeyEntity } from '../crypto/data-key.entity';
import { EnvelopeService } from '../crypto/envelope.service';
import { RecordingEntity } from './recording.entity';

export const ListRecordingsSchema = z
  .object({
    status: z.enum(['received', 'awaiting_consent', 'processing', 'available', 'rejected', 'failed', 'deleted']).optional(),
    externalCallId: z.string().max(200).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    before: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

/** Tenant-scoped reads: another tenant's recording is indistinguishable from a missing one. */
@Injectable()
export class RecordingService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly envelope: EnvelopeService,
  ) {}

  /**
   * Crypto-shred a recording: its key rows go in one transaction with the
   * tombstone (from then on nothing can decrypt it), then its objects. The row
   * stays as evidence that the call existed and was deleted.
   */
  async delete(p: Principal, id: string, reason: string): Promise<RecordingEntity> {
    const rec = await this.get(p, id);
    if (rec.legalHold) throw new AppException('RECORDING_ON_HOLD', 'Recording is under legal hold and cannot be deleted');
    if (rec.status === 'deleted') return rec;
    const keys = await this.ds.transaction(async (m) => {
      const rows = await m.getRepository(DataKeyEntity).findBy({ recordingId: rec.id });
      await m.getRepository(DataKeyEntity).delete({ recordingId: rec.id });
      await m.getRepository(RecordingEntity).update(
        { id: rec.id },
        { status: 'deleted', statusReason: reason, objectKey: null, quarantineKey: null },
      );
      return rows;
    });
    for (const k of keys) await this.envelope.shred(k.objectKey);
    return this.get(p, id);
  }

  async get(p: Principal, id: string): Promise<RecordingEntity> {
    const rec = isUuid(id)
      ? await this.ds.getRepository(RecordingEntity).findOneBy({ id, tenantId: p.tenantId })
      : null;
    if (!rec) throw new AppException('RECORDING_NOT_FOUND', 'Recording not found');
    return rec;
  }

  async list(p: Principal, q: z.infer<typeof ListRecordingsSchema>) {
    const qb = this.ds
      .getRepository(RecordingEntity)
      .createQueryBuilder('r')
      .where('r.tenantId = :tenant', { tenant: p.tenantId })
      .orderBy('r.createdAt', 'DESC')
      .limit(q.limit);
    if (q.status) qb.andWhere('r.status = :status', { status: q.status });
    if (q.externalCallId) qb.andWhere('r.externalCallId = :ext', { ext: q.externalCallId });
    if (q.from) qb.andWhere('r.startedAt >= :from', { from: q.from });
    if (q.to) qb.andWhere('r.startedAt < :to', { to: q.to });
    if (q.before) qb.andWhere('r.createdAt < :before', { before: q.before });
    const items = await qb.getMany();
    return {
      items: items.map(summary),
      nextBefore: items.length === q.limit ? items[items.length - 1].createdAt.toISOString() : null,
    };
  }
}

export function summary(r: RecordingEntity) {
  return {
    id: r.id,
    externalCallId: r.externalCallId,
    status: r.status,
    statusReason: r.statusReason,
    direction: r.direction,
    startedAt: r.startedAt,
    durationMs: r.durationMs,
    mediaFormat: r.mediaFormat,
    legalHold: r.legalHold,
    createdAt: r.createdAt,
    links: { self: `/v1/recordings/${r.id}`, audio: `/v1/recordings/${r.id}/audio` },
  };
}
