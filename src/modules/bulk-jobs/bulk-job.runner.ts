import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal, Role } from '../../common/access/permissions';
import { describeError } from '../../common/errors/app-exception.filter';
import { AuditService } from '../audit/audit.service';
import { EnvelopeService } from '../crypto/envelope.service';
import { JobLeases } from '../jobs/job-lease.service';
import { JobService } from '../jobs/job.service';
import { TenantService } from '../tenants/tenant.service';
import { WebhookEvents } from '../webhooks/webhook-events.service';
import { BulkJobArchive } from './bulk-job.archive';
import type { BulkJobEntity, BulkJobItemEntity } from './bulk-job.entity';
import { BulkJobItems, itemFailure, type ImportItem, type ItemResult } from './bulk-job.items';
import { eventData } from './bulk-job.events';
import { BulkJobRepository } from './bulk-job.repository';

/** Items read per batch: a resumed attempt re-reads at most this many it may find done. */
const BATCH = 25;
const EXPORTS = new Set(['evidence-export', 'audio-export', 'dsar-export']);
const ITEM_ACTIONS: Record<string, string> = {
  'evidence-export': 'recording.evidence',
  'audio-export': 'recording.stream',
  'dsar-export': 'recording.evidence',
  'dsar-erase': 'recording.delete',
  import: 'recording.create',
};

/**
 * Works through a job's items in order, in batches. Each item's outcome, its
 * count and its audit event commit in one fenced transaction (the attempt's
 * lease locked), so a crashed or cut-off worker's job resumes at the first
 * pending item: nothing counted is redone, nothing is lost. A cancel is seen
 * after each item. Exports end by sealing the archive from the items' parts.
 */
@Injectable()
export class BulkJobRunner implements OnModuleInit {
  private readonly logger = new Logger('bulk-jobs');

  constructor(
    private readonly ds: DataSource,
    private readonly repo: BulkJobRepository,
    private readonly items: BulkJobItems,
    private readonly archive: BulkJobArchive,
    private readonly envelope: EnvelopeService,
    private readonly tenants: TenantService,
    private readonly audit: AuditService,
    private readonly jobs: JobService,
    private readonly leases: JobLeases,
    private readonly webhooks: WebhookEvents,
  ) {}

  onModuleInit(): void {
    this.jobs.handle('bulk.run', ({ jobId }, attempt) => this.run(jobId, attempt.retryCount >= attempt.retryLimit));
  }

  /** `lastAttempt`: the queue will not retry, so an item that keeps failing is recorded as failed instead. */
  async run(jobId: string, lastAttempt = false): Promise<void> {
    const job = await this.repo.find(jobId);
    if (!job) return;
    if (!(await this.fenced((m) => this.repo.markRunning(jobId, m)))) {
      // Cancelled before it started: an import's sealed manifest is all there is to discard.
      if (job.status === 'cancelled') await this.discard(job);
      return;
    }
    job.status = 'running';
    try {
      const p = await this.principal(job);
      const manifest = job.kind === 'import' ? await this.items.importManifest(job) : undefined;
      for (;;) {
        const batch = await this.repo.pending(jobId, BATCH);
        if (!batch.length) break;
        for (const item of batch) {
          const status = await this.one(job, p, item, manifest?.[item.seq], lastAttempt);
          if (status === 'cancelled') {
            await this.discard(job);
            return;
          }
        }
      }
      await this.complete(job);
    } catch (e) {
      if (!lastAttempt) throw e;
      this.logger.warn({ jobId, err: describeError(e) }, 'bulk job failed; retries exhausted');
      await this.fenced((m) => this.end(m, job, 'failed', { error: 'the job failed repeatedly; see logs' }));
      await this.discard(job);
    }
  }

  /** One item: its work, then its outcome, count and audit event in one fenced transaction. */
  private async one(
    job: BulkJobEntity,
    p: Principal,
    item: BulkJobItemEntity,
    importItem: ImportItem | undefined,
    lastAttempt: boolean,
  ): Promise<string | null> {
    let result: ItemResult | undefined;
    let failure: { code: string; message: string } | undefined;
    try {
      result = await this.items.run(job, p, item.ref, importItem);
    } catch (e) {
      failure = itemFailure(e);
      if (!failure && !lastAttempt) throw e;
      if (!failure) {
        this.logger.warn({ jobId: job.id, seq: item.seq, err: describeError(e) }, 'bulk job item failed');
        failure = { code: 'INTERNAL_ERROR', message: 'unexpected error (logged by the service)' };
      }
    }
    const discardParts = async () => {
      if (result?.files) await this.envelope.discard(result.files.map((f) => f.objectKey));
    };
    const status = await this.fenced(async (m) => {
      const after = await this.repo.finishItem(
        m,
        item,
        failure
          ? { status: 'failed', errorCode: failure.code, errorMessage: failure.message }
          : { status: 'succeeded', outputs: result && (result.files ?? result.recordingId) ? result : null },
      );
      if (after === null) return null;
      const processed = after.done + after.failed;
      // Every batch, not every item: a 10,000-item job is 400 events, not 10,000.
      if (after.status === 'running' && processed % BATCH === 0 && processed < after.total)
        await this.webhooks.record(m, job.tenantId, 'job.progress', { ...eventData(job, after), status: 'running' });
      await this.audit.append(
        {
          actor: { kind: p.kind, id: p.id, role: p.role, tenant: p.tenantId },
          action: ITEM_ACTIONS[job.kind],
          resource: result?.recordingId
            ? { type: 'recording', id: result.recordingId }
            : { type: job.kind === 'import' ? 'object' : 'recording', id: item.ref },
          outcome: failure ? 'error' : 'success',
          purpose: typeof job.params.purpose === 'string' ? job.params.purpose : null,
          details: {
            via: 'bulk-job',
            jobId: job.id,
            kind: job.kind,
            seq: item.seq,
            ...(failure ? { code: failure.code } : {}),
          },
        },
        m,
      );
      return after.status;
    }).catch(async (e: unknown) => {
      // Not recorded (the lease was taken, the database is gone): the item is pending for the next attempt.
      await discardParts().catch(() => undefined);
      throw e;
    });
    // Counted by an earlier attempt: its parts are nobody's.
    if (status === null) await discardParts();
    return status;
  }

  private async complete(job: BulkJobEntity): Promise<void> {
    if (!EXPORTS.has(job.kind)) {
      await this.fenced((m) => this.end(m, job, 'succeeded'));
      await this.discard(job);
      return;
    }
    const done = await this.repo.succeeded(job.id);
    const failed = await this.repo.itemsPage(job.id, ['failed'], -1, 1_000_000);
    const fresh = (await this.repo.find(job.id)) ?? job;
    const sealed = await this.archive.build(fresh, done, failed);
    const finished = await this.fenced(async (m) => {
      await this.envelope.assertStored(m, sealed.objectKey, sealed.ciphertextSize);
      return this.end(m, job, 'succeeded', {
        resultKey: sealed.objectKey,
        resultSize: sealed.plaintextSize,
      });
    });
    if (!finished) await this.envelope.shred(sealed.objectKey);
    await this.discard(job);
    this.logger.log(
      { jobId: job.id, kind: job.kind, items: done.length, bytes: sealed.plaintextSize },
      'bulk job done',
    );
  }

  /** Ends a running job and announces it (in the same transaction); false if it had already ended. */
  private async end(
    m: EntityManager,
    job: BulkJobEntity,
    to: 'succeeded' | 'failed',
    patch?: Parameters<BulkJobRepository['finish']>[3],
  ): Promise<boolean> {
    const counts = await this.repo.finish(m, job.id, to, patch);
    if (counts) await this.webhooks.record(m, job.tenantId, 'job.completed', eventData(job, counts));
    return counts !== null;
  }

  /** The parts (now in the archive, or of a cancelled job) and an import's sealed manifest. */
  private async discard(job: BulkJobEntity): Promise<void> {
    const keys = await this.repo.partKeys(job.id);
    if (typeof job.params.manifestKey === 'string') keys.push(job.params.manifestKey);
    if (keys.length) await this.envelope.discard(keys);
  }

  /** The creator, as they are in the tenant now (its items run with their role). */
  private async principal(job: BulkJobEntity): Promise<Principal> {
    const tenant = await this.tenants.byId(job.tenantId);
    return {
      kind: job.createdBy.kind,
      id: job.createdBy.id,
      role: job.createdBy.role as Role,
      tenantId: tenant.id,
      tenantName: tenant.name,
    };
  }

  private fenced<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(async (m) => {
      await this.leases.assertHeld(m);
      return work(m);
    });
  }
}
