import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { InputDateTime } from '../../common/contract/shapes';
import { CursorParam, decodeCursor, encodeCursor } from '../../common/contract/cursor';
import { AppException } from '../../common/errors/app.exception';
import { isUuid } from '../../common/ids';
import type { Principal } from '../../common/access/permissions';
import { E164, PhoneHasher } from '../tenants/phone-hasher';
import { RecordingStatus } from './recording.contract';
import type { RecordingEntity } from './recording.entity';
import { RecordingRepository } from './recording.repository';

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const ListRecordingsSchema = z
  .object({
    status: RecordingStatus.optional(),
    externalCallId: z.string().max(200).optional(),
    from: InputDateTime.optional().describe('call start at or after; ISO 8601, 1970 to 9999'),
    to: InputDateTime.optional().describe('call start before; ISO 8601, 1970 to 9999'),
    limit: z.coerce.number().int().min(1).max(200).default(50).describe('recordings per page'),
    cursor: CursorParam.optional(),
    phone: z
      .string()
      .regex(E164, 'must be an E.164 number, e.g. +14155550134')
      .optional()
      .describe('a participant’s number, E.164 (matched by its keyed hash)'),
    jurisdiction: z
      .string()
      .regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, 'must be ISO 3166-1/2, e.g. US-CA or GB')
      .optional()
      .describe('a participant’s jurisdiction, e.g. US-CA'),
    hasRedactions: flag.optional().describe('only recordings with (true) or without (false) muted spans'),
    onHold: flag.optional().describe('only recordings under (true) or not under (false) legal hold'),
    q: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe(
        'words said (qa and legal only): full-text search over the redacted transcripts, web-search syntax ("exact phrase", or, -word); redacted card data is never indexed',
      ),
    sort: z.enum(['asc', 'desc']).default('desc').describe('by date received'),
  })
  .strict();

/** Where a page ends: the last row's arrival (microseconds, as PostgreSQL keeps it) and id, and the list's order. */
const ListCursor = z.strictObject({
  sort: z.enum(['asc', 'desc']),
  at: z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
  id: z.uuid(),
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
    const { phone, cursor, ...filter } = q;
    const after = cursor ? decodeCursor(ListCursor, cursor) : undefined;
    if (after && after.sort !== q.sort) {
      throw new AppException(
        'VALIDATION_FAILED',
        `query.cursor: belongs to a list sorted ${after.sort}; keep sort=${after.sort}`,
        {
          details: [{ path: 'query.cursor', message: `belongs to a list sorted ${after.sort}` }],
        },
      );
    }
    const phoneHmac = phone ? await this.phones.hash(p.tenantId, phone) : undefined;
    const { rows, last } = await this.recordings.list(p.tenantId, { ...filter, after, phoneHmac });
    return {
      items: rows.map(summary),
      nextCursor: rows.length === q.limit && last ? encodeCursor({ sort: q.sort, ...last }) : null,
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
    warnings: r.warnings,
  };
}
