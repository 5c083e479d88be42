import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Principal } from '../../common/access/permissions';
import { CursorParam } from '../../common/contract/cursor';
import { AppException } from '../../common/errors/app.exception';
import { isUuid } from '../../common/ids';
import { auditRequestIn } from '../../common/request-audit';
import { freeText } from '../../common/validation';
import { AuditQueryService } from '../audit/audit.query';
import { RecordingRepository } from '../recordings/recording.repository';
import { ListRecordingsSchema, RecordingService } from '../recordings/recording.service';
import { WebhookEvents } from '../webhooks/webhook-events.service';
import { LegalHoldRepository } from './legal-hold.repository';
import { toHold } from './legal-hold.service';
import type { MatterEntity } from './matter.entity';
import { MatterRepository } from './matter.repository';

/** The most recordings one attach places holds on; a wider filter is refused, to be attached in parts. */
export const MAX_ATTACH = 1000;

export const CreateMatterSchema = z.strictObject({
  name: freeText(200),
  reference: freeText(200).describe('the case’s own reference; unique in the tenant'),
  description: freeText(2000).optional(),
});

export const AttachSchema = z
  .strictObject({
    filter: ListRecordingsSchema.omit({ limit: true, cursor: true, sort: true })
      .strict()
      .optional()
      .describe('every recording GET /v1/recordings lists with this query (at most 1000)'),
    recordingIds: z.array(z.string().max(100)).min(1).max(MAX_ATTACH).optional().describe('or these recordings'),
    reason: freeText(2000),
  })
  .refine((b) => (b.filter === undefined) !== (b.recordingIds === undefined), {
    error: 'give either filter or recordingIds',
    path: ['filter'],
  });

export const ReleaseMatterSchema = z.strictObject({ reason: freeText(2000) });

export const MatterListQuery = z
  .object({ limit: z.coerce.number().int().min(1).max(500).default(100).describe('matters, newest first') })
  .strict();

export const MatterAuditQuery = z
  .object({
    cursor: CursorParam.optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100).describe('events per page'),
  })
  .strict();

/**
 * Matters: legal's cases. A matter's holds are ordinary legal holds that name
 * it; placing and releasing them takes each recording's row lock (in id
 * order), the lock every deletion and single hold takes, so concurrent
 * attaches of the same recordings place one hold each and never cross a
 * deletion.
 */
@Injectable()
export class MatterService {
  constructor(
    private readonly ds: DataSource,
    private readonly matters: MatterRepository,
    private readonly holds: LegalHoldRepository,
    private readonly recordings: RecordingService,
    private readonly recordingRows: RecordingRepository,
    private readonly audit: AuditQueryService,
    private readonly events: WebhookEvents,
  ) {}

  async create(p: Principal, input: z.infer<typeof CreateMatterSchema>) {
    const matter = await this.ds.transaction(async (m) => {
      const created = await this.matters.create(
        {
          tenantId: p.tenantId,
          name: input.name,
          reference: input.reference,
          description: input.description ?? null,
          createdBy: `${p.kind}:${p.id}`,
        },
        m,
      );
      // Created before it had an id to route by: the event names it, so the matter's trail starts here.
      await auditRequestIn(m, { resourceId: created.id, details: { reference: created.reference } });
      return created;
    });
    return view(matter, { active: 0, released: 0 });
  }

  async list(p: Principal, limit: number) {
    const rows = await this.matters.list(p.tenantId, limit);
    const counts = await this.holds.countsByMatter(rows.map((r) => r.id));
    return rows.map((r) => view(r, counts.get(r.id)));
  }

  async get(p: Principal, id: string) {
    const matter = await this.find(p, id);
    return view(matter, (await this.holds.countsByMatter([matter.id])).get(matter.id));
  }

  /** Every hold of the matter, oldest first, with the call each is on. */
  async holdList(p: Principal, id: string) {
    const matter = await this.find(p, id);
    const holds = await this.holds.forMatter(matter.id, p.tenantId);
    const calls = await this.recordingRows.externalCallIds([...new Set(holds.map((h) => h.recordingId))], p.tenantId);
    // Holds placed together (one attach) read best in call order.
    return holds
      .map((h) => ({ ...toHold(h), externalCallId: calls.get(h.recordingId) ?? '' }))
      .sort((a, b) => a.placedAt.getTime() - b.placedAt.getTime() || a.externalCallId.localeCompare(b.externalCallId));
  }

  async attach(p: Principal, id: string, input: z.infer<typeof AttachSchema>) {
    const matter = await this.find(p, id);
    const wanted = input.filter ? await this.matching(p, input.filter) : [...new Set(input.recordingIds)];
    const ids = wanted.filter(isUuid);
    const placedBy = `${p.kind}:${p.id}`;
    return this.ds.transaction(async (m) => {
      const rows = ids.length ? await this.recordingRows.lockManyForUpdate(m, ids, p.tenantId) : [];
      const live = rows.filter((r) => r.status !== 'deleted').map((r) => r.id);
      const held = await this.holds.heldByMatter(m, matter.id, live);
      const placed = live.filter((r) => !held.has(r));
      const holdIds = await this.holds.createMany(
        m,
        placed.map((recordingId) => ({
          recordingId,
          tenantId: p.tenantId,
          matterId: matter.id,
          matter: matter.reference,
          reason: input.reason,
          placedBy,
        })),
      );
      await this.recordingRows.updateMany(placed, { legalHold: true }, m);
      // One event per hold, as a single hold sends; committed with the holds.
      for (const [i, recordingId] of placed.entries())
        await this.events.record(m, p.tenantId, 'hold.placed', {
          recordingId,
          holdId: holdIds[i],
          recordingHeld: true,
        });
      const found = new Set(rows.map((r) => r.id));
      const out = {
        placed,
        alreadyHeld: live.filter((r) => held.has(r)),
        deleted: rows.filter((r) => r.status === 'deleted').map((r) => r.id),
        notFound: wanted.filter((w) => !found.has(w)),
      };
      // The numbers a filter held are never recorded, only that one was given.
      const filter = input.filter && { ...input.filter, ...(input.filter.phone ? { phone: 'given' } : {}) };
      await auditRequestIn(m, {
        details: {
          ...(filter ? { filter } : { byIds: true }),
          reason: input.reason,
          placed: out.placed,
          alreadyHeld: out.alreadyHeld.length,
          deleted: out.deleted.length,
          notFound: out.notFound.length,
        },
      });
      return out;
    });
  }

  /** Release every hold the matter has in force, with one reason; a recording held by another matter stays held. */
  async release(p: Principal, id: string, reason: string) {
    const matter = await this.find(p, id);
    const candidates = await this.holds.recordingsHeldByMatter(matter.id);
    return this.ds.transaction(async (m) => {
      if (!candidates.length) {
        await auditRequestIn(m, { details: { reason, released: 0 } });
        return { released: 0, stillHeld: [] };
      }
      const locked = (await this.recordingRows.lockManyForUpdate(m, candidates, p.tenantId)).map((r) => r.id);
      const released = await this.holds.releaseForMatter(m, matter.id, locked, `${p.kind}:${p.id}`, reason);
      const stillHeld = await this.holds.stillHeld(m, locked);
      await this.recordingRows.updateMany(
        locked.filter((r) => !stillHeld.has(r)),
        { legalHold: false },
        m,
      );
      for (const h of released)
        await this.events.record(m, p.tenantId, 'hold.released', {
          recordingId: h.recordingId,
          holdId: h.id,
          recordingHeld: stillHeld.has(h.recordingId),
        });
      await auditRequestIn(m, { details: { reason, released: released.length } });
      return { released: released.length, stillHeld: [...stillHeld] };
    });
  }

  /** The matter's audit trail: every request about it (create, attach, release, reads), in chain order. */
  async auditTrail(p: Principal, id: string, q: z.infer<typeof MatterAuditQuery>) {
    const matter = await this.find(p, id);
    return this.audit.find(p.tenantId, {
      resourceType: 'matter',
      resource: matter.id,
      cursor: q.cursor,
      limit: q.limit,
      format: 'json',
    });
  }

  private async find(p: Principal, id: string): Promise<MatterEntity> {
    const matter = isUuid(id) ? await this.matters.find(id, p.tenantId) : null;
    if (!matter) throw new AppException('MATTER_NOT_FOUND', 'Matter not found');
    return matter;
  }

  /** The ids GET /v1/recordings lists for the filter, all pages; refused past MAX_ATTACH. */
  private async matching(p: Principal, filter: NonNullable<z.infer<typeof AttachSchema>['filter']>): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.recordings.list(p, { ...filter, limit: 200, sort: 'asc', cursor });
      ids.push(...page.items.map((r) => r.id));
      if (ids.length > MAX_ATTACH)
        throw new AppException(
          'VALIDATION_FAILED',
          `filter: matches more than ${MAX_ATTACH} recordings; narrow it (by date, say) and attach in parts`,
          { details: [{ path: 'filter', message: `matches more than ${MAX_ATTACH} recordings` }] },
        );
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return ids;
  }
}

function view(m: MatterEntity, holds: { active: number; released: number } = { active: 0, released: 0 }) {
  return {
    id: m.id,
    name: m.name,
    reference: m.reference,
    description: m.description,
    createdBy: m.createdBy,
    createdAt: m.createdAt,
    holds,
  };
}
