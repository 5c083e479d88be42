import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, LessThan, type DataSource, type EntityManager, type Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { scoped } from '../../common/scoped';
import type { RedactionSpan } from '../redaction/redaction.types';
import { ConsentEventEntity } from './consent-event.entity';
import { ParticipantEntity } from './participant.entity';
import { RecordingEntity, type RecordingStatus } from './recording.entity';
import { SEARCH_CONFIG } from './recording-transcript.repository';
import { RedactionSpanEntity } from './redaction-span.entity';
import type { UploadMetadata } from './upload-metadata.schema';

export type ConsentEventInput = NonNullable<UploadMetadata['consent']>[number];

export interface RecordingFilter {
  status?: RecordingStatus;
  externalCallId?: string;
  from?: string;
  to?: string;
  /** Rows strictly after this (time, id) key in the list's order. */
  after?: { at: string; id: string };
  jurisdiction?: string;
  phoneHmac?: Buffer;
  hasRedactions?: boolean;
  onHold?: boolean;
  /** Words to find in the redacted transcripts (web-search syntax: quotes, OR, -word). */
  q?: string;
  sort: 'asc' | 'desc';
  limit: number;
}

export interface SubjectMatch {
  id: string;
  externalCallId: string;
  status: RecordingStatus;
  startedAt: Date | null;
  legalHold: boolean;
  participants: { id: string; role: string }[];
}

/** The only code touching `recordings`, `participants`, `consent_events` and `redaction_spans`. */
@Injectable()
export class RecordingRepository {
  constructor(
    @InjectRepository(RecordingEntity) private readonly recordings: Repository<RecordingEntity>,
    @InjectRepository(ParticipantEntity) private readonly participants: Repository<ParticipantEntity>,
    @InjectRepository(ConsentEventEntity) private readonly consent: Repository<ConsentEventEntity>,
    @InjectRepository(RedactionSpanEntity) private readonly spans: Repository<RedactionSpanEntity>,
  ) {}

  /** For code that runs without Nest (benchmarks). */
  static open(ds: DataSource): RecordingRepository {
    return new RecordingRepository(
      ds.getRepository(RecordingEntity),
      ds.getRepository(ParticipantEntity),
      ds.getRepository(ConsentEventEntity),
      ds.getRepository(RedactionSpanEntity),
    );
  }

  findById(id: string, m?: EntityManager): Promise<RecordingEntity | null> {
    return scoped(this.recordings, m).findOneBy({ id });
  }

  findForTenant(id: string, tenantId: string, m?: EntityManager): Promise<RecordingEntity | null> {
    return scoped(this.recordings, m).findOneBy({ id, tenantId });
  }

  /** The recording an upload retry refers to: by its Idempotency-Key, else by the call's natural key. */
  async findExisting(
    tenantId: string,
    externalCallId: string,
    idempotencyKey?: string,
  ): Promise<RecordingEntity | null> {
    if (idempotencyKey) {
      const byKey = await this.recordings.findOneBy({ tenantId, idempotencyKey });
      if (byKey) return byKey;
    }
    return this.recordings.findOneBy({ tenantId, externalCallId });
  }

  /** The row, locked for the rest of `m`'s transaction: deletions and holds serialise on it. */
  lockForUpdate(m: EntityManager, id: string, tenantId: string): Promise<RecordingEntity | null> {
    return m
      .getRepository(RecordingEntity)
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where('r.id = :id AND r.tenantId = :tenantId', { id, tenantId })
      .getOne();
  }

  /** Several rows locked in id order (so two such calls cannot deadlock); the tenant's only, missing ones left out. */
  lockManyForUpdate(
    m: EntityManager,
    ids: string[],
    tenantId: string,
  ): Promise<Pick<RecordingEntity, 'id' | 'status'>[]> {
    return m
      .getRepository(RecordingEntity)
      .createQueryBuilder('r')
      .select(['r.id', 'r.status'])
      .setLock('pessimistic_write')
      .where('r.id IN (:...ids) AND r.tenantId = :tenantId', { ids, tenantId })
      .orderBy('r.id')
      .getMany();
  }

  async updateMany(ids: string[], patch: QueryDeepPartialEntity<RecordingEntity>, m?: EntityManager): Promise<void> {
    if (ids.length) await scoped(this.recordings, m).update({ id: In(ids) }, patch);
  }

  /** External call ids by recording id, of the tenant's recordings among `ids`. */
  async externalCallIds(ids: string[], tenantId: string): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await this.recordings.find({
      where: { id: In(ids), tenantId },
      select: { id: true, externalCallId: true },
    });
    return new Map(rows.map((r) => [r.id, r.externalCallId]));
  }

  create(m: EntityManager, row: Partial<RecordingEntity>): Promise<RecordingEntity> {
    const r = m.getRepository(RecordingEntity);
    return r.save(r.create(row));
  }

  async update(id: string, patch: QueryDeepPartialEntity<RecordingEntity>, m?: EntityManager): Promise<void> {
    await scoped(this.recordings, m).update({ id }, patch);
  }

  /** Apply `patch` only if the recording is still in one of `from`; whether it was. */
  async transition(
    m: EntityManager,
    id: string,
    from: RecordingStatus[],
    patch: QueryDeepPartialEntity<RecordingEntity>,
  ): Promise<boolean> {
    const res = await m.getRepository(RecordingEntity).update({ id, status: In(from) }, patch);
    return (res.affected ?? 0) > 0;
  }

  hasStatus(id: string, statuses: RecordingStatus[], m?: EntityManager): Promise<boolean> {
    return scoped(this.recordings, m).existsBy({ id, status: In(statuses) });
  }

  /**
   * One page in (created_at, id) order: rows arriving in the same microsecond are
   * ordered by id, so a page boundary between them neither skips nor repeats one.
   * `last` is the last row's key, its time at the column's full precision.
   */
  async list(
    tenantId: string,
    f: RecordingFilter,
  ): Promise<{ rows: RecordingEntity[]; last?: { at: string; id: string } }> {
    const order = f.sort === 'asc' ? 'ASC' : 'DESC';
    const qb = this.recordings
      .createQueryBuilder('r')
      .addSelect(`to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, 'cursor_at')
      .where('r.tenantId = :tenant', { tenant: tenantId })
      .orderBy('r.createdAt', order)
      .addOrderBy('r.id', order)
      .limit(f.limit);
    if (f.status) qb.andWhere('r.status = :status', { status: f.status });
    if (f.externalCallId) qb.andWhere('r.externalCallId = :ext', { ext: f.externalCallId });
    if (f.from) qb.andWhere('r.startedAt >= :from', { from: f.from });
    if (f.to) qb.andWhere('r.startedAt < :to', { to: f.to });
    if (f.after) {
      qb.andWhere(`(r.created_at, r.id) ${order === 'ASC' ? '>' : '<'} (CAST(:at AS timestamptz), CAST(:id AS uuid))`, {
        at: f.after.at,
        id: f.after.id,
      });
    }
    if (f.phoneHmac) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM participants pt WHERE pt.recording_id = r.id AND pt.tenant_id = r.tenant_id AND pt.phone_hmac = :hmac)',
        { hmac: f.phoneHmac },
      );
    }
    if (f.jurisdiction) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM participants pj WHERE pj.recording_id = r.id AND pj.tenant_id = r.tenant_id AND pj.jurisdiction = :jur)',
        { jur: f.jurisdiction },
      );
    }
    if (f.hasRedactions !== undefined) {
      qb.andWhere(
        `${f.hasRedactions ? '' : 'NOT '}EXISTS (SELECT 1 FROM redaction_spans s WHERE s.recording_id = r.id)`,
      );
    }
    if (f.onHold !== undefined) qb.andWhere('r.legalHold = :hold', { hold: f.onHold });
    if (f.q !== undefined) {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM recording_transcripts rt WHERE rt.recording_id = r.id AND rt.tenant_id = r.tenant_id AND rt.search @@ websearch_to_tsquery('${SEARCH_CONFIG}', :q))`,
        { q: f.q },
      );
    }
    // No joins: raw rows and entities correspond one to one, in order.
    const { entities, raw } = await qb.getRawAndEntities<{ cursor_at: string }>();
    const lastRow = entities.at(-1);
    return { rows: entities, last: lastRow && { at: raw[raw.length - 1].cursor_at, id: lastRow.id } };
  }

  /** A tenant's recordings in which a phone number (by its keyed hash) took part, with their participants. */
  async findBySubject(tenantId: string, phoneHmac: Buffer): Promise<SubjectMatch[]> {
    const rows: (Omit<SubjectMatch, 'externalCallId' | 'startedAt' | 'legalHold'> & {
      external_call_id: string;
      started_at: Date | null;
      legal_hold: boolean;
    })[] = await this.recordings.query(
      `SELECT r.id, r.external_call_id, r.status, r.started_at, r.legal_hold,
              json_agg(json_build_object('id', pt.ref, 'role', pt.role) ORDER BY pt.ref) AS participants
         FROM participants pt JOIN recordings r ON r.id = pt.recording_id AND r.tenant_id = pt.tenant_id
        WHERE pt.tenant_id = $1 AND pt.phone_hmac = $2
        GROUP BY r.id ORDER BY r.started_at NULLS LAST, r.created_at, r.id`,
      [tenantId, phoneHmac],
    );
    return rows.map((r) => ({
      id: r.id,
      externalCallId: r.external_call_id,
      status: r.status,
      startedAt: r.started_at,
      legalHold: r.legal_hold,
      participants: r.participants,
    }));
  }

  /** Unfinished recordings older than `cutoff` (their processing died or never started). */
  findInFlightBefore(statuses: RecordingStatus[], cutoff: Date): Promise<RecordingEntity[]> {
    return this.recordings.findBy({ status: In(statuses), createdAt: LessThan(cutoff) });
  }

  /** Available recordings that still hold a quarantine copy (their finalize job was lost). */
  async findUnfinalizedBefore(cutoff: Date): Promise<string[]> {
    const rows = await this.recordings.find({
      where: { status: 'available', availableAt: LessThan(cutoff) },
      select: { id: true, quarantineKey: true },
    });
    return rows.filter((r) => r.quarantineKey).map((r) => r.id);
  }

  /** Settled recordings past their retention deadline, in id order after `afterId`. */
  async findDueForRetention(
    now: Date,
    afterId: string,
    limit: number,
  ): Promise<{ id: string; tenantId: string; retainUntil: Date }[]> {
    const rows = await this.recordings
      .createQueryBuilder('r')
      .select(['r.id', 'r.tenantId', 'r.retainUntil'])
      .where('r.retainUntil <= :now', { now })
      .andWhere(`r.status IN ('available', 'rejected', 'failed')`)
      .andWhere('r.id > :afterId', { afterId })
      .orderBy('r.id')
      .limit(limit)
      .getMany();
    return rows.flatMap((r) => (r.retainUntil ? [{ id: r.id, tenantId: r.tenantId, retainUntil: r.retainUntil }] : []));
  }

  /**
   * Bring `retain_until` in line with the tenants' retention policies (one
   * tenant, or all): start (else arrival) plus the longest period that applies
   * to any participant's jurisdiction (exact code, else its country), else the
   * tenant default. One set-based statement; the policy rows are the legal
   * module's, read here only to derive this column.
   */
  async applyRetentionPolicies(tenantId: string | null, m?: EntityManager): Promise<void> {
    await scoped(this.recordings, m).query(
      `WITH d AS (
         SELECT r.id,
                COALESCE(r.started_at, r.created_at) + make_interval(days => COALESCE(
                  (SELECT max(COALESCE((p.by_jurisdiction ->> pt.jurisdiction)::int,
                                       (p.by_jurisdiction ->> left(pt.jurisdiction, 2))::int,
                                       p.default_days))
                     FROM participants pt WHERE pt.recording_id = r.id),
                  p.default_days)) AS deadline
           FROM recordings r JOIN retention_policies p ON p.tenant_id = r.tenant_id
          WHERE r.status <> 'deleted' AND ($1::uuid IS NULL OR r.tenant_id = $1)
       )
       UPDATE recordings r SET retain_until = d.deadline FROM d
        WHERE r.id = d.id AND r.retain_until IS DISTINCT FROM d.deadline`,
      [tenantId],
    );
  }

  async insertParticipants(m: EntityManager, rows: Omit<ParticipantEntity, 'id'>[]): Promise<void> {
    if (rows.length) await m.getRepository(ParticipantEntity).insert(rows);
  }

  /** In ref order; `tenantId` scopes the read when it comes from a request. */
  findParticipants(recordingId: string, tenantId?: string): Promise<ParticipantEntity[]> {
    return this.participants.find({
      where: tenantId ? { recordingId, tenantId } : { recordingId },
      order: { ref: 'ASC' },
    });
  }

  /** Record consent events as received, with where they came from (`upload` or `api`). */
  async insertConsentEvents(
    m: EntityManager,
    recording: { id: string; tenantId: string },
    events: readonly ConsentEventInput[],
    source: 'upload' | 'api',
  ): Promise<void> {
    if (!events.length) return;
    await m.getRepository(ConsentEventEntity).insert(
      events.map((c) => ({
        ...ownedBy(recording),
        participantRef: c.participant,
        kind: c.kind,
        method: c.method,
        at: c.at ? new Date(c.at) : null,
        offsetMs: c.offsetMs ?? null,
        evidence: c.evidence,
        source,
      })),
    );
  }

  /**
   * A recording's consent events: in the order they arrived (what a decision
   * reads), or on the call's timeline (what evidence shows).
   */
  findConsentEvents(
    recordingId: string,
    order: 'received' | 'timeline',
    tenantId?: string,
  ): Promise<ConsentEventEntity[]> {
    const where = tenantId ? { recordingId, tenantId } : { recordingId };
    if (order === 'received') return this.consent.find({ where, order: { receivedAt: 'ASC', id: 'ASC' } });
    return this.consent.find({
      where,
      order: {
        offsetMs: { direction: 'ASC', nulls: 'LAST' },
        at: { direction: 'ASC', nulls: 'LAST' },
        receivedAt: 'ASC',
        id: 'ASC',
      },
    });
  }

  async insertSpans(
    m: EntityManager,
    recording: { id: string; tenantId: string },
    spans: RedactionSpan[],
  ): Promise<void> {
    if (!spans.length) return;
    await m.getRepository(RedactionSpanEntity).insert(
      spans.map(({ startMs, endMs, channel, kind, detector, confidence, masked }) => {
        return { ...ownedBy(recording), startMs, endMs, channel, kind, detector, confidence, masked };
      }),
    );
  }

  async deleteSpans(recordingId: string, m?: EntityManager): Promise<void> {
    await scoped(this.spans, m).delete({ recordingId });
  }
}

/** The columns that tie a child row to its recording and tenant. */
function ownedBy(recording: { id: string; tenantId: string }) {
  return { recordingId: recording.id, tenantId: recording.tenantId };
}
