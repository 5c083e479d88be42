import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { AppException } from '../../common/errors/app.exception';
import { isUuid } from '../../common/ids';
import type { Principal } from '../../common/access/permissions';
import { E164, PhoneHasher } from '../tenants/phone-hasher';
import type { RecordingEntity } from './recording.entity';
import { RecordingRepository } from './recording.repository';

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const ListRecordingsSchema = z
  .object({
    status: z
      .enum(['received', 'awaiting_consent', 'processing', 'available', 'rejected', 'failed', 'deleted'])
      .optional(),
    externalCallId: z.string().max(200).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    before: z.iso.datetime({ offset: true }).optional(),
    after: z.iso.datetime({ offset: true }).optional(),
    phone: z.string().regex(E164, 'must be an E.164 number, e.g. +14155550134').optional(),
    jurisdiction: z
      .string()
      .regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, 'must be ISO 3166-1/2, e.g. US-CA or GB')
      .optional(),
    hasRedactions: flag.optional(),
    onHold: flag.optional(),
    q: z.string().trim().min(1).max(200).optional(),
    sort: z.enum(['asc', 'desc']).default('desc'),
  })
  .strict()
  // Pages follow the sort: `before` walks newest-first lists, `after` oldest-first ones.
  .refine((q) => !(q.sort === 'desc' && q.after) && !(q.sort === 'asc' && q.before), {
    error: 'use before with sort=desc and after with sort=asc',
  });

/** Tenant-scoped reads: another tenant's recording is indistinguishable from a missing one. */
@Injectable()
export class RecordingService {
  constructor(
    private readonly recordings: RecordingRepository,
    private readonly phones: PhoneHasher,
  ) {}

  async get(p: Principal, id: string): Promise<RecordingEntity> {
    const rec = isUuid(id) ? await this.recordings.findForTenant(id, p.tenantId) : null;
    if (!rec) throw new AppException('RECORDING_NOT_FOUND', 'Recording not found');
    return rec;
  }

  async list(p: Principal, q: z.infer<typeof ListRecordingsSchema>) {
    // Numbers exist only as the tenant's keyed hash, so the lookup hashes the query the same way.
    // Transcripts are read by QA and legal; other roles list recordings without searching what was said.
    if (q.q !== undefined && p.role !== 'qa' && p.role !== 'legal')
      throw new AppException('FORBIDDEN', 'q: searching transcripts needs the qa or legal role');
    const { phone, ...filter } = q;
    const phoneHmac = phone ? await this.phones.hash(p.tenantId, phone) : undefined;
    const items = await this.recordings.list(p.tenantId, { ...filter, phoneHmac });
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
      ? {
          outcome: r.consentDecision.outcome,
          ruleSetVersion: r.consentDecision.ruleSetVersion,
          reasons: r.consentDecision.reasons,
          trims: r.consentDecision.trims,
        }
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
    metadataMasked: r.metadata?.cardDataMasked ?? [],
  };
}
