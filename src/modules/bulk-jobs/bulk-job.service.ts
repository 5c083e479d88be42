import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { roleHas, type Permission, type Principal } from '../../common/access/permissions';
import { decodeCursor, encodeCursor } from '../../common/contract/cursor';
import { AppException } from '../../common/errors/app.exception';
import { isUuid } from '../../common/ids';
import { auditRequestIn } from '../../common/request-audit';
import { SERVICES } from '../../config/config.module';
import type { ServiceEndpoints } from '../../config/service-endpoints';
import { PlaybackTokenService } from '../auth/playback-token.service';
import { EnvelopeService, type ShreddedKeys } from '../crypto/envelope.service';
import { JobService } from '../jobs/job.service';
import { DsarService } from '../legal/dsar.service';
import { LegalHoldService } from '../legal/legal-hold.service';
import { RecordingService } from '../recordings/recording.service';
import { maskPhone } from '../tenants/phone-hasher';
import { TenantService } from '../tenants/tenant.service';
import { WebhookEvents } from '../webhooks/webhook-events.service';
import { MAX_ITEMS, type JobItemsQuery, type ListJobsQuery, type StartJob } from './bulk-job.contract';
import { BULK_JOB_KINDS, type BulkJobEntity, type BulkJobKind } from './bulk-job.entity';
import { BulkJobRepository, TERMINAL } from './bulk-job.repository';
import { eventData } from './bulk-job.events';

export const RESULT_TYPE = 'application/x-tar';

const JobsCursor = z.strictObject({ at: z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/), id: z.uuid() });
const ItemsCursor = z.strictObject({ seq: z.int().min(0) });

export const kindPermission = (kind: BulkJobKind): Permission => `job.${kind}`;

/**
 * Bulk jobs, API side: a job's items are planned when it is started (so the
 * total is known at once and nothing of a data subject's number is kept), then
 * worked through by `BulkJobRunner`. A job is visible to the roles that may
 * start its kind, in its tenant only.
 */
@Injectable()
export class BulkJobService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: BulkJobRepository,
    private readonly jobs: JobService,
    private readonly recordings: RecordingService,
    private readonly holds: LegalHoldService,
    private readonly dsar: DsarService,
    private readonly envelope: EnvelopeService,
    private readonly tenants: TenantService,
    private readonly links: PlaybackTokenService,
    private readonly webhooks: WebhookEvents,
    @Inject(SERVICES) private readonly services: ServiceEndpoints,
  ) {}

  async start(p: Principal, body: StartJob) {
    if (!roleHas(p.role, kindPermission(body.kind)))
      throw new AppException('FORBIDDEN', `Role ${p.role} may not start ${body.kind} jobs`);
    const kind = p.kind;
    if (kind === 'playback-link') throw new AppException('FORBIDDEN', 'A link cannot start jobs');
    const id = randomUUID();
    const { refs, params } = await this.plan(p, id, body);
    const job = await this.ds.transaction(async (m) => {
      const row = await this.repo.create(
        m,
        { tenantId: p.tenantId, kind: body.kind, params, createdBy: { kind, id: p.id, role: p.role } },
        refs,
        id,
      );
      await this.jobs.send('bulk.run', { jobId: row.id }, { manager: m });
      await auditRequestIn(m, { resourceId: row.id });
      return row;
    });
    return view(job);
  }

  /** The items (refs in order) and the parameters kept: no phone number in clear, import metadata sealed. */
  private async plan(
    p: Principal,
    jobId: string,
    body: StartJob,
  ): Promise<{ refs: string[]; params: Record<string, unknown> }> {
    switch (body.kind) {
      case 'evidence-export':
      case 'audio-export': {
        // The phone filter has done its work once the items are planned; only its masked form is kept.
        const { phone, ...rest } = body.params;
        const params = phone === undefined ? rest : { ...rest, phone: maskPhone(phone) };
        return { refs: await this.matching(p, body.params), params };
      }
      case 'dsar-export':
      case 'dsar-erase': {
        const found = await this.dsar.search(p, body.params.phone);
        return { refs: found.items.map((i) => i.id), params: { ...body.params, phone: maskPhone(body.params.phone) } };
      }
      case 'import': {
        if (body.params.bucket === this.services.s3.bucket)
          throw new AppException('VALIDATION_FAILED', 'params.bucket: the vault’s own bucket cannot be imported from');
        // Upload metadata holds phone numbers: kept encrypted like an upload's, shredded when the job ends.
        const sealed = await this.envelope.seal({
          tenantId: p.tenantId,
          jobId,
          kind: 'job-part',
          wrappingKeyId: await this.tenants.wrappingKey(p.tenantId),
          source: Readable.from([Buffer.from(JSON.stringify(body.params.items))]),
        });
        return {
          refs: body.params.items.map((i) => i.key),
          params: { bucket: body.params.bucket, items: body.params.items.length, manifestKey: sealed.objectKey },
        };
      }
    }
  }

  /** The recordings GET /v1/recordings would list with these filters, oldest first, narrowed to a matter. */
  private async matching(
    p: Principal,
    filter: Extract<StartJob, { kind: 'evidence-export' }>['params'] & { purpose?: string },
  ): Promise<string[]> {
    const { matter, purpose: _purpose, ...query } = filter;
    const held = matter === undefined ? undefined : new Set(await this.holds.recordingIdsForMatter(p.tenantId, matter));
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.recordings.list(p, { ...query, limit: 200, sort: 'asc', cursor });
      for (const r of page.items) if (!held || held.has(r.id)) ids.push(r.id);
      if (ids.length > MAX_ITEMS)
        throw new AppException(
          'VALIDATION_FAILED',
          `params: more than ${MAX_ITEMS} recordings match; narrow the filter`,
        );
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return ids;
  }

  async get(p: Principal, id: string) {
    return view(await this.visible(p, id));
  }

  async list(p: Principal, q: z.infer<typeof ListJobsQuery>) {
    const kinds = BULK_JOB_KINDS.filter((k) => roleHas(p.role, kindPermission(k)));
    const after = q.cursor ? decodeCursor(JobsCursor, q.cursor) : undefined;
    const { rows, last } = await this.repo.list(p.tenantId, { kinds, status: q.status, after, limit: q.limit });
    return {
      items: rows.map(view),
      nextCursor: rows.length === q.limit && last ? encodeCursor(last) : null,
    };
  }

  /** Stops the job between items; finished items stay done, an export's parts are discarded. */
  async cancel(p: Principal, id: string) {
    const job = await this.visible(p, id);
    mayManage(p, job, 'cancel');
    const cancelled = await this.ds.transaction(async (m) => {
      const counts = await this.repo.cancel(m, job.id, p.tenantId);
      if (counts) {
        await this.webhooks.record(m, p.tenantId, 'job.completed', eventData(job, counts));
        await auditRequestIn(m);
      }
      return counts;
    });
    if (!cancelled) throw new AppException('CONFLICT', `The job has already ended (${job.status})`);
    return view(await this.visible(p, id));
  }

  /**
   * Deletes an ended job: its archive (and any part or manifest left) crypto-shredded — key rows in
   * this transaction, objects after it commits —, its items deleted, the request's audit event written, and the
   * row kept as a tombstone so the job stays provable. Under the row's lock, so of two deletions at
   * once the second finds the tombstone and does nothing: both succeed, the archive is shredded once.
   */
  async remove(p: Principal, id: string): Promise<void> {
    mayManage(p, await this.visible(p, id), 'delete');
    const shredded = await this.ds.transaction(async (m): Promise<ShreddedKeys | null> => {
      const job = await this.repo.lockForUpdate(m, id, p.tenantId);
      if (!job) throw new AppException('JOB_NOT_FOUND', 'Job not found');
      if (job.deletedAt) return null;
      if (!TERMINAL.includes(job.status))
        throw new AppException('JOB_NOT_FINISHED', `The job is ${job.status}; cancel it first, or wait until it ends`);
      const objects = await this.repo.partKeys(job.id, m);
      if (job.resultKey) objects.push(job.resultKey);
      if (typeof job.params.manifestKey === 'string') objects.push(job.params.manifestKey);
      const keys = await this.envelope.shredObjects(m, objects);
      const items = await this.repo.deleteItems(m, job.id);
      await this.repo.markDeleted(m, job.id);
      // The request's one audit event, in this transaction and last in it (the chain lock is held until commit).
      await auditRequestIn(m, {
        details: {
          kind: job.kind,
          jobStatus: job.status,
          total: job.total,
          done: job.done,
          failed: job.failed,
          createdBy: job.createdBy,
          items,
          destroyedKeys: keys.keys.length,
        },
      });
      return keys;
    });
    await shredded?.purgeObjects();
  }

  async items(p: Principal, id: string, q: z.infer<typeof JobItemsQuery>) {
    const job = await this.visible(p, id);
    const after = q.cursor ? decodeCursor(ItemsCursor, q.cursor).seq : -1;
    const rows = await this.repo.itemsPage(job.id, [q.status], after, q.limit);
    return {
      items: rows.map((i) => ({
        seq: i.seq,
        ref: i.ref,
        status: i.status,
        errorCode: i.errorCode,
        errorMessage: i.errorMessage,
        recordingId: i.outputs?.recordingId ?? null,
        finishedAt: i.finishedAt,
      })),
      nextCursor: rows.length === q.limit ? encodeCursor({ seq: String(rows[rows.length - 1].seq) }) : null,
    };
  }

  /** A short-lived download URL for the result archive, bound to the caller (like playback links). */
  async resultLink(p: Principal, id: string) {
    const job = await this.withResult(p, id);
    const { token, expiresAt } = await this.links.issue(p, { jobId: job.id }, `${job.kind} result`);
    return { url: `/v1/jobs/${job.id}/result?token=${token}`, expiresAt };
  }

  /** The archive, decrypted as it streams. */
  async openResult(p: Principal, id: string): Promise<{ body: Readable; bytes: number; jobId: string }> {
    const job = await this.withResult(p, id);
    const body = await this.envelope.open(job.resultKey as string).catch((e: unknown) => {
      // Shredded between the row's read and the key's: gone, like the row will say.
      if (e instanceof AppException && e.code === 'RECORDING_NOT_AVAILABLE') throw gone(job);
      throw e;
    });
    return { body, bytes: Number(job.resultSize), jobId: job.id };
  }

  private async withResult(p: Principal, id: string): Promise<BulkJobEntity> {
    const job = await this.visible(p, id);
    if (job.deletedAt || job.resultShreddedAt) throw gone(job);
    if (job.status !== 'succeeded' || !job.resultKey)
      throw new AppException('JOB_RESULT_NOT_READY', `The job is ${job.status} and has no result archive`);
    return job;
  }

  private async visible(p: Principal, id: string): Promise<BulkJobEntity> {
    const job = isUuid(id) ? await this.repo.find(id, p.tenantId) : null;
    // A kind the role may not start is as invisible as another tenant's job.
    if (!job || !roleHas(p.role, kindPermission(job.kind))) throw new AppException('JOB_NOT_FOUND', 'Job not found');
    return job;
  }
}

function gone(job: BulkJobEntity): AppException {
  return new AppException(
    'JOB_RESULT_GONE',
    job.deletedAt
      ? 'The job was deleted; it has no result archive any more'
      : 'The result archive was shredded when its retention period ended (BULK_JOB_ARCHIVE_RETENTION_DAYS)',
  );
}

/**
 * Cancelling or deleting a job is for whoever started it, or a role that may manage any job (admin);
 * checked after visibility, so a job the caller may not see still answers 404, never this 403.
 */
function mayManage(p: Principal, job: BulkJobEntity, what: string): void {
  const own = job.createdBy.kind === p.kind && job.createdBy.id === p.id;
  if (!own && !roleHas(p.role, 'job.manage-any'))
    throw new AppException('JOB_CREATOR_ONLY', `Only the job’s creator or an admin may ${what} it`);
}

export function view(j: BulkJobEntity) {
  const processed = j.done + j.failed;
  const elapsedSec = j.startedAt ? (Date.now() - j.startedAt.getTime()) / 1000 : 0;
  const etaSeconds =
    j.status === 'running' && processed > 0 && elapsedSec > 0
      ? Math.round(((j.total - processed) * elapsedSec) / processed)
      : null;
  const { manifestKey: _internal, ...params } = j.params;
  return {
    id: j.id,
    kind: j.kind,
    status: j.status,
    params,
    total: j.total,
    done: j.done,
    failed: j.failed,
    etaSeconds,
    createdBy: j.createdBy,
    createdAt: j.createdAt,
    startedAt: j.startedAt,
    finishedAt: j.finishedAt,
    error: j.error,
    deletedAt: j.deletedAt,
    resultShreddedAt: j.resultShreddedAt,
    result:
      j.status === 'succeeded' && j.resultKey
        ? { bytes: Number(j.resultSize), contentType: RESULT_TYPE, link: `/v1/jobs/${j.id}/result-link` }
        : null,
  };
}
