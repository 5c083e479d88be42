import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config';
import { AuditService } from '../audit/audit.service';
import { EnvelopeService, type ShreddedKeys } from '../crypto/envelope.service';
import { JobService } from '../jobs/job.service';
import { BulkJobRepository } from './bulk-job.repository';

const BATCH = 100;
const DAY_MS = 86_400_000;
const SWEEPER = { kind: 'system', id: 'bulk.archive.sweep', role: null };

/**
 * Crypto-shreds an export's result archive `BULK_JOB_ARCHIVE_RETENTION_DAYS`
 * after its job finished: an archive is a second copy of evidence and audio,
 * kept no longer than it takes to download it. The job's record, counts and
 * items stay; its link answers 410 from then on. Idempotent: each job is
 * locked and re-checked, so a second run, two workers at once or a deletion
 * meanwhile never shred an archive twice.
 */
@Injectable()
export class BulkJobArchiveSweep implements OnModuleInit {
  private readonly logger = new Logger('bulk-jobs');

  constructor(
    private readonly ds: DataSource,
    private readonly repo: BulkJobRepository,
    private readonly envelope: EnvelopeService,
    private readonly audit: AuditService,
    private readonly jobs: JobService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.handle('bulk.archive.sweep', async () => {
      const out = await this.run();
      if (out.shredded) this.logger.log(out, 'bulk job archives past retention shredded');
    });
  }

  /** `now`: the sweep's clock (tests pass one in the future). */
  async run(now = new Date()): Promise<{ shredded: number }> {
    const days = this.config.bulkJobArchiveRetentionDays;
    const cutoff = new Date(now.getTime() - days * DAY_MS);
    let shredded = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const due = await this.repo.archivesDue(cutoff, after, BATCH);
      for (const { id } of due) if (await this.shred(id, cutoff, days)) shredded++;
      if (due.length < BATCH) break;
      after = due[due.length - 1].id;
    }
    return { shredded };
  }

  /** One job's archive: its key row, the row's update and the audit event in one transaction, then the object. */
  private async shred(id: string, cutoff: Date, days: number): Promise<boolean> {
    const shredded = await this.ds.transaction(async (m): Promise<ShreddedKeys | null> => {
      const job = await this.repo.lockForUpdate(m, id);
      // Deleted, or swept by another run, since the page was read.
      if (!job?.resultKey || !job.finishedAt || job.finishedAt.getTime() >= cutoff.getTime()) return null;
      const keys = await this.envelope.shredObjects(m, [job.resultKey]);
      await this.repo.markResultShredded(m, job.id);
      await this.audit.append(
        {
          actor: { ...SWEEPER, tenant: job.tenantId },
          action: 'job.result.shred',
          resource: { type: 'job', id: job.id },
          outcome: 'success',
          details: {
            reason: 'retention',
            kind: job.kind,
            finishedAt: job.finishedAt.toISOString(),
            retentionDays: days,
            destroyedKeys: keys.keys.length,
          },
        },
        m,
      );
      return keys;
    });
    await shredded?.purgeObjects();
    return shredded !== null;
  }
}
