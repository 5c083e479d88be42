import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import { AppException } from '../../common/errors/app.exception';
import { isUuid } from '../../common/ids';
import type { Principal } from '../../common/access/permissions';
import { DataKeyEntity } from '../crypto/data-key.entity';
import { EnvelopeService } from '../crypto/envelope.service';
import { E164, PhoneHasher } from '../tenants/phone-hasher';
import { RecordingEntity } from './recording.entity';

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const ListRecordingsSchema = z
  .object({
    status: z.enum(['received', 'awaiting_consent', 'processing', 'available', 'rejected', 'failed', 'deleted']).optional(),
    externalCallId: z.string().max(200).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    before: z.iso.datetime({ offset: true }).optional(),
    after: z.iso.datetime({ offset: true }).optional(),
    phone: z.string().regex(E164, 'must be an E.164 number, e.g. +14155550134').optional(),
    jurisdiction: z.string().regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, 'must be ISO 3166-1/2, e.g. US-CA or GB').optional(),
    hasRedactions: flag.optional(),
    onHold: flag.optional(),
    sort: z.enum(['asc', 'desc']).default('desc'),
  })
  .strict()
  // Pages follow the sort: `before` walks newest-first lists, `after` oldest-first ones.
  .refine((q) => !(q.sort === 'desc' && q.after) && !(q.sort === 'asc' && q.before), {
    message: 'use before with sort=desc and after with sort=asc',
  });

/**
 * Lets another module take part in a manual deletion without this service
 * knowing it (the legal module records refused deletions and issues a signed
 * deletion certificate in the deleting transaction).
 */
export interface RecordingDeletionHook {
  blocked(p: Principal, rec: RecordingEntity, reason: string): Promise<void>;
  deleted(m: EntityManager, p: Principal, rec: RecordingEntity, destroyedKeys: DataKeyEntity[], reason: string): Promise<void>;
}

/** Tenant-scoped reads: another tenant's recording is indistinguishable from a missing one. */
@Injectable()
export class RecordingService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly envelope: EnvelopeService,
    private readonly phones: PhoneHasher,
  ) {}

  private deletionHook?: RecordingDeletionHook;

  setDeletionHook(hook: RecordingDeletionHook): void {
    this.deletionHook = hook;
  }

  /**
   * Crypto-shred a recording: its key rows go in one transaction with the
   * tombstone (from then on nothing can decrypt it), then its objects. The row
   * stays as evidence that the call existed and was deleted.
   */
  async delete(p: Principal, id: string, reason: string): Promise<RecordingEntity> {
    const rec = await this.get(p, id);
    if (rec.legalHold) {
      await this.deletionHook?.blocked(p, rec, reason);
      throw new AppException('RECORDING_ON_HOLD', 'Recording is under legal hold and cannot be deleted');
    }
    if (rec.status === 'deleted') return rec;
    const shredded = await this.ds.transaction(async (m) => {
      const out = await this.envelope.shredRecording(m, rec.id);
      await m.getRepository(RecordingEntity).update(
        { id: rec.id },
        { status: 'deleted', statusReason: reason, objectKey: null, quarantineKey: null },
      );
      await this.deletionHook?.deleted(m, p, rec, out.keys, reason);
      return out;
    });
    await shredded.purgeObjects();
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
      .orderBy('r.createdAt', q.sort === 'asc' ? 'ASC' : 'DESC')
      .limit(q.limit);
    if (q.status) qb.andWhere('r.status = :status', { status: q.status });
    if (q.externalCallId) qb.andWhere('r.externalCallId = :ext', { ext: q.externalCallId });
    if (q.from) qb.andWhere('r.startedAt >= :from', { from: q.from });
    if (q.to) qb.andWhere('r.startedAt < :to', { to: q.to });
    // Cursors are ISO strings (milliseconds) while the column keeps microseconds; compare at the cursor's precision.
    if (q.before) qb.andWhere(`date_trunc('milliseconds', r.created_at) < :before`, { before: q.before });
    if (q.after) qb.andWhere(`date_trunc('milliseconds', r.created_at) > :after`, { after: q.after });
    if (q.phone) {
      // Numbers exist only as the tenant's keyed hash, so the lookup hashes the query the same way.
      const hmac = await this.phones.hash(p.tenantId, q.phone);
      qb.andWhere(
        'EXISTS (SELECT 1 FROM participants pt WHERE pt.recording_id = r.id AND pt.tenant_id = r.tenant_id AND pt.phone_hmac = :hmac)',
        { hmac },
      );
    }
    if (q.jurisdiction) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM participants pj WHERE pj.recording_id = r.id AND pj.tenant_id = r.tenant_id AND pj.jurisdiction = :jur)',
        { jur: q.jurisdiction },
      );
    }
    if (q.hasRedactions !== undefined) {
      qb.andWhere(`${q.hasRedactions ? '' : 'NOT '}EXISTS (SELECT 1 FROM redaction_spans s WHERE s.recording_id = r.id)`);
    }
    if (q.onHold !== undefined) qb.andWhere('r.legalHold = :hold', { hold: q.onHold });
    const items = await qb.getMany();
    const last = items.length === q.limit ? items[items.length - 1].createdAt.toISOString() : null;
    return {
      items: items.map(summary),
      ...(q.sort === 'asc' ? { nextAfter: last } : { nextBefore: last }),
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
    links: {
      self: `/v1/recordings/${r.id}`,
      audio: `/v1/recordings/${r.id}/audio`,
      redactions: `/v1/recordings/${r.id}/redactions`,
      evidence: `/v1/recordings/${r.id}/evidence`,
    },
  };
}

/** One recording with its consent decision and a summary of its redaction report (no card digits exist there). */
export function detail(r: RecordingEntity) {
  const report = r.redactionReport;
  return {
    ...summary(r),
    sampleRate: r.sampleRate,
    channels: r.channels,
    availableAt: r.availableAt,
    decision: r.consentDecision
      ? { outcome: r.consentDecision.outcome, ruleSetVersion: r.consentDecision.ruleSetVersion, reasons: r.consentDecision.reasons, trims: r.consentDecision.trims }
      : null,
    redaction: report
      ? {
          spans: report.spans.length,
          kinds: [...new Set(report.spans.map((s) => s.kind))],
          detectorsRun: report.detectors.filter((d) => d.ran).map((d) => d.name),
          detectorsNotRun: report.detectors.filter((d) => !d.ran).map((d) => ({ name: d.name, reason: d.reason })),
          verified: report.verification.passed,
        }
      : null,
  };
}
