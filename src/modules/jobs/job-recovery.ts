import type PgBoss from 'pg-boss';
import type { EntityManager } from 'typeorm';
import type { JobLeaseEntity } from './job-lease.entity';
import type { JobName } from './job.types';

/** pg-boss runs its SQL through the caller's transaction with this. */
export function inTransaction(m: EntityManager): {
  executeSql: (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }>;
} {
  return { executeSql: async (text, values) => ({ rows: await m.query(text, values) }) };
}

const PENDING = new Set(['created', 'retry']);

/**
 * The job of an expired lease, in the transaction that deleted the lease.
 * The queue's row may be anything by now: still active (the worker died: end
 * it and queue a fresh job with the retries it had left, or fail it when none
 * are left), waiting for a retry (the queue already has it: nothing to do), or
 * finished without the attempt having recorded it (queue it again: steps skip
 * work already done). A fresh job rather than the same id, because the dead
 * attempt's queue library may still complete or fail that id later; a
 * cancelled job ignores both.
 */
export async function recoverJob(boss: PgBoss, lease: JobLeaseEntity, m: EntityManager): Promise<void> {
  const name = lease.jobName as JobName;
  const db = inTransaction(m);
  const job = await boss.getJobById(name, lease.jobId, { db, includeArchive: false });
  if (job && PENDING.has(job.state)) return;
  if (job?.state === 'active') {
    if (job.retryCount >= job.retryLimit) {
      await boss.fail(name, job.id, { message: 'the worker running it stopped renewing its lease' }, { db });
      return;
    }
    await boss.cancel(name, job.id, { db });
    await boss.send(name, job.data as object, { retryLimit: job.retryLimit - job.retryCount - 1, db });
    return;
  }
  await boss.send(name, lease.data, { db });
}
