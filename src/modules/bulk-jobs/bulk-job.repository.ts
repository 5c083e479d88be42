import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type EntityManager, type Repository } from 'typeorm';
import { scoped } from '../../common/scoped';
import {
  BulkJobEntity,
  BulkJobItemEntity,
  type BulkJobKind,
  type BulkJobStatus,
  type ItemOutput,
} from './bulk-job.entity';

/** A job in one of these has ended: nothing runs it any more. */
export const TERMINAL: BulkJobStatus[] = ['succeeded', 'failed', 'cancelled'];

/** A job's status and counters as one statement left them. */
export interface JobCounts {
  status: BulkJobStatus;
  total: number;
  done: number;
  failed: number;
}

/** The only code touching `bulk_jobs` and `bulk_job_items`. */
@Injectable()
export class BulkJobRepository {
  constructor(
    @InjectRepository(BulkJobEntity) private readonly jobs: Repository<BulkJobEntity>,
    @InjectRepository(BulkJobItemEntity) private readonly items: Repository<BulkJobItemEntity>,
  ) {}

  /** The job row and its planned items (refs in order), in the caller's transaction. */
  async create(
    m: EntityManager,
    job: Pick<BulkJobEntity, 'tenantId' | 'kind' | 'params' | 'createdBy'>,
    refs: string[],
    id?: string,
  ): Promise<BulkJobEntity> {
    const r = m.getRepository(BulkJobEntity);
    const row = await r.save(r.create({ ...job, id, status: 'queued', total: refs.length }));
    // Chunks keep each INSERT far below PostgreSQL's bind-parameter limit.
    for (let i = 0; i < refs.length; i += 5000) {
      const chunk = refs.slice(i, i + 5000);
      await m.query(
        `INSERT INTO bulk_job_items (job_id, seq, ref) SELECT $1, $2 + g.i - 1, g.ref
           FROM unnest($3::text[]) WITH ORDINALITY AS g(ref, i)`,
        [row.id, i, chunk],
      );
    }
    return row;
  }

  /** `tenantId` scopes the lookup; without it, any tenant's (the job handler). */
  find(id: string, tenantId?: string, m?: EntityManager): Promise<BulkJobEntity | null> {
    return scoped(this.jobs, m).findOneBy(tenantId ? { id, tenantId } : { id });
  }

  /** The job, row-locked until `m` commits: what a deletion (or the archive sweep) re-checks under. */
  lockForUpdate(m: EntityManager, id: string, tenantId?: string): Promise<BulkJobEntity | null> {
    return m
      .getRepository(BulkJobEntity)
      .createQueryBuilder('j')
      .setLock('pessimistic_write')
      .where(tenantId ? 'j.id = :id AND j.tenantId = :tenantId' : 'j.id = :id', { id, tenantId })
      .getOne();
  }

  /** The tombstone: the row stays (kind, params, counts, creator), its archive reference goes. */
  async markDeleted(m: EntityManager, id: string): Promise<void> {
    await m.query(
      `UPDATE bulk_jobs SET deleted_at = now(), result_key = NULL,
              result_shredded_at = CASE WHEN result_key IS NULL THEN result_shredded_at ELSE now() END
        WHERE id = $1`,
      [id],
    );
  }

  /** The archive crypto-shredded (retention): the row keeps everything else. */
  async markResultShredded(m: EntityManager, id: string): Promise<void> {
    await m.query(`UPDATE bulk_jobs SET result_key = NULL, result_shredded_at = now() WHERE id = $1`, [id]);
  }

  /** Jobs with an archive that finished before `finishedBefore`, by id after `afterId` (the sweep's pages). */
  archivesDue(finishedBefore: Date, afterId: string, limit: number): Promise<Pick<BulkJobEntity, 'id'>[]> {
    return this.jobs
      .createQueryBuilder('j')
      .select('j.id')
      .where('j.resultKey IS NOT NULL AND j.finishedAt < :before AND j.id > :afterId', {
        before: finishedBefore,
        afterId,
      })
      .orderBy('j.id', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** Every item of the job; how many. */
  async deleteItems(m: EntityManager, jobId: string): Promise<number> {
    const res = await m.getRepository(BulkJobItemEntity).delete({ jobId });
    return res.affected ?? 0;
  }

  /** One page of a tenant's jobs of `kinds`, newest first, after the (created_at, id) key. */
  async list(
    tenantId: string,
    f: { kinds: BulkJobKind[]; status?: BulkJobStatus; after?: { at: string; id: string }; limit: number },
  ): Promise<{ rows: BulkJobEntity[]; last?: { at: string; id: string } }> {
    const qb = this.jobs
      .createQueryBuilder('j')
      .addSelect(`to_char(j.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, 'cursor_at')
      .where('j.tenantId = :tenantId', { tenantId })
      .andWhere('j.kind IN (:...kinds)', { kinds: f.kinds })
      .orderBy('j.createdAt', 'DESC')
      .addOrderBy('j.id', 'DESC')
      .limit(f.limit);
    if (f.status) qb.andWhere('j.status = :status', { status: f.status });
    if (f.after)
      qb.andWhere('(j.created_at, j.id) < (CAST(:at AS timestamptz), CAST(:id AS uuid))', {
        at: f.after.at,
        id: f.after.id,
      });
    const { entities, raw } = await qb.getRawAndEntities<{ cursor_at: string }>();
    const lastRow = entities.at(-1);
    return { rows: entities, last: lastRow && { at: raw[raw.length - 1].cursor_at, id: lastRow.id } };
  }

  /** queued → running (the first attempt), or still running (a resumed one); false once it has ended. */
  async markRunning(id: string, m?: EntityManager): Promise<boolean> {
    const res = await scoped(this.jobs, m)
      .createQueryBuilder()
      .update()
      .set({ status: 'running', startedAt: () => 'COALESCE(started_at, now())' })
      .where('id = :id AND status IN (:...from)', { id, from: ['queued', 'running'] })
      .execute();
    return (res.affected ?? 0) > 0;
  }

  /** The next pending items, in order: where a resumed attempt starts. */
  pending(jobId: string, limit: number, m?: EntityManager): Promise<BulkJobItemEntity[]> {
    return scoped(this.items, m).find({ where: { jobId, status: 'pending' }, order: { seq: 'ASC' }, take: limit });
  }

  /**
   * Record one item's outcome and count it, once: an item already finished (by an attempt whose
   * lease was taken) changes nothing. Returns the job's status after, or null if not counted.
   */
  async finishItem(
    m: EntityManager,
    item: { jobId: string; seq: number },
    outcome:
      | { status: 'succeeded'; outputs: { files?: ItemOutput[]; recordingId?: string } | null }
      | { status: 'failed'; errorCode: string; errorMessage: string },
  ): Promise<JobCounts | null> {
    const set =
      outcome.status === 'succeeded'
        ? { status: outcome.status, outputs: outcome.outputs }
        : { status: outcome.status, errorCode: outcome.errorCode, errorMessage: outcome.errorMessage };
    const res = await m
      .getRepository(BulkJobItemEntity)
      .createQueryBuilder()
      .update()
      .set({ ...set, finishedAt: () => 'now()' })
      .where('job_id = :jobId AND seq = :seq AND status = :pending', { ...item, pending: 'pending' })
      .execute();
    if (!res.affected) return null;
    const counter = outcome.status === 'succeeded' ? 'done' : 'failed';
    const rows: JobCounts[] = await m.query(
      `WITH c AS (UPDATE bulk_jobs SET ${counter} = ${counter} + 1 WHERE id = $1 RETURNING status, total, done, failed)
       SELECT status, total, done, failed FROM c`,
      [item.jobId],
    );
    return rows.at(0) ?? null;
  }

  /** Ends a running job; false if it had already ended (cancelled meanwhile). */
  async finish(
    m: EntityManager,
    id: string,
    to: 'succeeded' | 'failed',
    patch: { resultKey?: string; resultSize?: number; error?: string } = {},
  ): Promise<JobCounts | null> {
    const res = await m
      .getRepository(BulkJobEntity)
      .createQueryBuilder()
      .update()
      .set({
        status: to,
        resultKey: patch.resultKey ?? null,
        resultSize: patch.resultSize === undefined ? null : String(patch.resultSize),
        error: patch.error ?? null,
        finishedAt: () => 'now()',
      })
      .where('id = :id AND status = :running', { id, running: 'running' })
      .returning(['status', 'total', 'done', 'failed'])
      .execute();
    return (res.raw as JobCounts[]).at(0) ?? null;
  }

  /** Cancels a job that has not ended, in the caller's transaction; its counts then, or null if it had ended. */
  async cancel(m: EntityManager, id: string, tenantId: string): Promise<JobCounts | null> {
    const res = await m
      .getRepository(BulkJobEntity)
      .createQueryBuilder()
      .update()
      .set({ status: 'cancelled', finishedAt: () => 'now()' })
      .where('id = :id AND tenant_id = :tenantId AND status NOT IN (:...ended)', { id, tenantId, ended: TERMINAL })
      .returning(['status', 'total', 'done', 'failed'])
      .execute();
    return (res.raw as JobCounts[]).at(0) ?? null;
  }

  /** Finished items with what they produced, in order (the archive's contents). */
  succeeded(jobId: string): Promise<BulkJobItemEntity[]> {
    return this.items.find({ where: { jobId, status: 'succeeded' }, order: { seq: 'ASC' } });
  }

  /** One page of a job's items in `statuses`, by seq after `afterSeq`. */
  itemsPage(jobId: string, statuses: string[], afterSeq: number, limit: number): Promise<BulkJobItemEntity[]> {
    return this.items
      .createQueryBuilder('i')
      .where('i.jobId = :jobId AND i.status IN (:...statuses) AND i.seq > :afterSeq', { jobId, statuses, afterSeq })
      .orderBy('i.seq', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** Every object key the items' outputs hold (parts to shred once the archive holds them or the job ended). */
  async partKeys(jobId: string, m?: EntityManager): Promise<string[]> {
    const rows = await scoped(this.items, m).find({
      where: { jobId, status: In(['succeeded']) },
      select: { outputs: true },
    });
    return rows.flatMap((r) => r.outputs?.files?.map((f) => f.objectKey) ?? []);
  }
}
