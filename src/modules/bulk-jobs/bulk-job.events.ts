import type { BulkJobEntity } from './bulk-job.entity';
import type { JobCounts } from './bulk-job.repository';

/** A job webhook event's data (`job.progress`, `job.completed`): ids, kind, status and counts only. */
export function eventData(job: Pick<BulkJobEntity, 'id' | 'kind'>, c: JobCounts) {
  return {
    jobId: job.id,
    kind: job.kind,
    status: c.status as 'running' | 'succeeded' | 'failed' | 'cancelled',
    total: c.total,
    done: c.done,
    failed: c.failed,
  };
}
