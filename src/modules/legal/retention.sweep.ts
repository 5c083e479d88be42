import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { JobService } from '../jobs/job.service';
import { RecordingRepository } from '../recordings/recording.repository';
import { DeletionService } from './deletion.service';
import { RetentionPolicyService } from './retention-policy.service';

const BATCH = 100;
const SWEEPER = { kind: 'system', id: 'retention.sweep', role: null };

/**
 * Deletes recordings past their retention deadline. Only settled recordings
 * (available, rejected, failed) are swept: anything still in the pipeline
 * gets its turn once it settles. Idempotent: a second run, or two workers at
 * once, find nothing left to do (each deletion locks and re-checks its row).
 */
@Injectable()
export class RetentionSweep implements OnModuleInit {
  private readonly logger = new Logger('retention');

  constructor(
    private readonly recordings: RecordingRepository,
    private readonly policies: RetentionPolicyService,
    private readonly deletion: DeletionService,
    private readonly jobs: JobService,
  ) {}

  onModuleInit(): void {
    this.jobs.handle('retention.sweep', async () => {
      const out = await this.run();
      if (out.deleted || out.blocked) this.logger.log(out, 'retention sweep');
    });
  }

  async run(now = new Date()): Promise<{ deleted: number; blocked: number }> {
    await this.policies.recomputeDeadlines();
    let deleted = 0;
    let blocked = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const due = await this.recordings.findDueForRetention(now, after, BATCH);
      for (const r of due) {
        const detail = `retention period ended ${r.retainUntil.toISOString()}`;
        const out = await this.deletion.delete(r.tenantId, r.id, 'retention', SWEEPER, detail);
        if (out.outcome === 'deleted') deleted++;
        if (out.outcome === 'blocked') blocked++;
      }
      if (due.length < BATCH) break;
      after = due[due.length - 1].id;
    }
    return { deleted, blocked };
  }
}
