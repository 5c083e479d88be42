import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import PgBoss from 'pg-boss';
import type { EntityManager } from 'typeorm';
import { describeError } from '../../common/errors/app-exception.filter';
import { APP_CONFIG, SERVICES } from '../../config/config.module';
import type { AppConfig } from '../../config/config';
import type { ServiceEndpoints } from '../../config/service-endpoints';
import { JobLeases } from './job-lease.service';
import { inTransaction, recoverJob } from './job-recovery';
import { JOB_NAMES, SCHEDULES, type JobName, type JobPayloads } from './job.types';

type Handler<N extends JobName> = (data: JobPayloads[N], job: { id: string; retryCount: number }) => Promise<void>;

/**
 * Durable jobs in PostgreSQL (pg-boss). A job can be enqueued inside the
 * caller's transaction, so it commits or rolls back with the rows it is about.
 * With the worker enabled, start-up fails if any job name has no handler.
 */
@Injectable()
export class JobService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('jobs');
  private readonly boss: PgBoss;
  private readonly handlers = new Map<JobName, Handler<JobName>>();
  private started?: Promise<void>;

  constructor(
    @Inject(SERVICES) services: ServiceEndpoints,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly leases: JobLeases,
  ) {
    this.boss = new PgBoss({
      connectionString: services.databaseUrl,
      schema: 'pgboss',
      max: 4,
      // The app's own schedule only matters where a worker runs.
      schedule: config.worker.enabled,
      supervise: config.worker.enabled,
      // A crashed worker's jobs are recovered through their leases (job-lease.service.ts); pg-boss's own
      // expiry (JOB_TIMEOUT, checked this often) only catches a job fetched by a worker that died before leasing it.
      maintenanceIntervalSeconds: config.worker.maintenanceSec,
    });
    // Without a listener an 'error' event (a pool client losing its backend) would throw and end the process.
    this.boss.on('error', (e: Error) => this.logger.warn({ err: describeError(e) }, 'job queue error'));
  }

  /** Handlers register in their module's constructor or onModuleInit. */
  handle<N extends JobName>(name: N, handler: Handler<N>): void {
    this.handlers.set(name, handler as Handler<JobName>);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.start();
    if (!this.config.worker.enabled) return;
    const missing = JOB_NAMES.filter((n) => !this.handlers.has(n));
    if (missing.length) throw new Error(`jobs without a handler: ${missing.join(', ')}`);
    // Each subscription takes one job at a time; several let a worker overlap one job's I/O with another's CPU.
    for (const [name, handler] of this.handlers) {
      for (let i = 0; i < this.config.worker.concurrency; i++) {
        await this.boss.work<JobPayloads[JobName]>(
          name,
          { batchSize: 1, pollingIntervalSeconds: this.config.worker.pollSeconds, includeMetadata: true },
          // Fenced: the attempt records its own outcome with its lease, so pg-boss's unawaited
          // complete()/fail() after this returns finds the job no longer active and does nothing.
          ([job]) =>
            this.leases.run(job, () => handler(job.data, { id: job.id, retryCount: job.retryCount }), {
              complete: (m) => this.boss.complete(name, job.id, {}, { db: inTransaction(m) }),
              fail: (m, e) => this.boss.fail(name, job.id, failureOf(e), { db: inTransaction(m) }),
            }),
        );
      }
    }
    this.leases.startHeartbeat((lease, m) => recoverJob(this.boss, lease, m));
    for (const s of SCHEDULES) await this.boss.schedule(s.name, s.cron, {}, { tz: 'UTC' });
  }

  start(): Promise<void> {
    this.started ??= (async () => {
      await this.boss.start();
      for (const name of JOB_NAMES) {
        const options = {
          name,
          retryLimit: 5,
          retryDelay: 5,
          retryBackoff: true,
          expireInSeconds: this.config.worker.jobTimeoutSec,
        };
        // createQueue keeps an existing queue's options; updateQueue brings them to this start's configuration.
        await this.boss.createQueue(name, options);
        await this.boss.updateQueue(name, options);
      }
    })();
    return this.started;
  }

  /** Enqueue; pass the transaction's manager to commit the job with it. */
  async send<N extends JobName>(
    name: N,
    data: JobPayloads[N],
    opts: { manager?: EntityManager; singletonKey?: string; startAfter?: Date } = {},
  ): Promise<string | null> {
    await this.start();
    const manager = opts.manager;
    return this.boss.send(name, data, {
      singletonKey: opts.singletonKey,
      startAfter: opts.startAfter,
      db: manager ? inTransaction(manager) : undefined,
    });
  }

  /** Run `work` as if it were an attempt of a job (for tests and benchmarks of the fencing). */
  runAttempt(job: { id: string; name: JobName; data: object }, work: () => Promise<void>): Promise<void> {
    return this.leases.run(job, work, {
      complete: (m) => this.boss.complete(job.name, job.id, {}, { db: inTransaction(m) }),
      fail: (m, e) => this.boss.fail(job.name, job.id, failureOf(e), { db: inTransaction(m) }),
    });
  }

  async onModuleDestroy(): Promise<void> {
    if (this.started) await this.boss.stop({ graceful: true, wait: true, timeout: this.config.http.shutdownTimeoutMs });
  }
}

/** What pg-boss stores as a failed attempt's output: the error's type and message, never a stack with data. */
function failureOf(e: unknown): object {
  return e instanceof Error ? { name: e.name, message: e.message.slice(0, 500) } : { name: typeof e };
}
