import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import PgBoss from 'pg-boss';
import type { EntityManager } from 'typeorm';
import { describeError } from '../../common/errors/app-exception.filter';
import { APP_CONFIG, SERVICES } from '../../config/config.module';
import type { AppConfig } from '../../config/config';
import type { ServiceEndpoints } from '../../config/service-endpoints';
import { Metrics, type QueueStat } from '../metrics/metrics';
import { currentJob, errorDetail, errorReason, jobElapsedMs, runInJob } from './job.context';
import { JobLeases } from './job-lease.service';
import { inTransaction, recoverJob } from './job-recovery';
import { JOB_NAMES, SCHEDULES, type JobName, type JobPayloads } from './job.types';
import { JobWakeup } from './job.wakeup';

type Handler<N extends JobName> = (
  data: JobPayloads[N],
  job: { id: string; retryCount: number; retryLimit: number },
) => Promise<void>;

const TRACER = trace.getTracer('call-recording-vault/jobs');

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
  /** Attempts under way in this process: shutdown waits for them, so none runs on after the app closed. */
  private readonly running = new Set<Promise<void>>();

  constructor(
    @Inject(SERVICES) services: ServiceEndpoints,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly wakeup: JobWakeup,
    private readonly metrics: Metrics,
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
    metrics.onQueueScrape(() => this.queueStats());
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
      const ids: string[] = [];
      for (let i = 0; i < this.config.worker.concurrency; i++) {
        const self: { id?: string } = {};
        const id = await this.boss.work<JobPayloads[JobName]>(
          name,
          { batchSize: 1, pollingIntervalSeconds: this.config.worker.pollSeconds, includeMetadata: true },
          // Fenced: the attempt records its own outcome with its lease, so pg-boss's unawaited
          // complete()/fail() after this returns finds the job no longer active and does nothing.
          async ([job]) => {
            const attempt = this.leases.run(job, () => this.run(name, handler, job), {
              complete: (m) => this.boss.complete(name, job.id, {}, { db: inTransaction(m) }),
              fail: (m, e) => this.boss.fail(name, job.id, failureOf(e), { db: inTransaction(m) }),
            });
            this.running.add(attempt);
            try {
              await attempt;
            } finally {
              this.running.delete(attempt);
              // A burst of notifications wakes a subscription once and it takes one job: look again
              // at once (pg-boss would otherwise sleep a whole poll interval with the rest queued).
              if (self.id) this.boss.notifyWorker(self.id);
            }
          },
        );
        self.id = id;
        ids.push(id);
      }
      await this.wakeup.register(this.boss, name, ids);
    }
    this.leases.startHeartbeat((lease, m) => recoverJob(this.boss, lease, m), [...this.handlers.keys()]);
    for (const s of SCHEDULES) await this.boss.schedule(s.name, s.cron, {}, { tz: 'UTC' });
  }

  /** One attempt of a job, logged once with its outcome: done, or failed and whether the queue retries it. */
  private async run(
    name: JobName,
    handler: Handler<JobName>,
    job: { id: string; data: JobPayloads[JobName]; retryCount: number; retryLimit: number },
  ): Promise<void> {
    const data = job.data as { recordingId?: string; traceparent?: string; tracestate?: string };
    const ctx = { job: name, jobId: job.id, attempt: job.retryCount + 1, recordingId: data.recordingId };
    // The trace of whoever queued the job (an upload, the step before), when tracing is on.
    const parent = propagation.extract(ROOT_CONTEXT, { traceparent: data.traceparent, tracestate: data.tracestate });
    const span = TRACER.startSpan(
      `job ${name}`,
      { kind: SpanKind.CONSUMER, attributes: { 'messaging.system': 'pg-boss', 'messaging.destination.name': name } },
      parent,
    );
    if (data.recordingId) span.setAttribute('vault.recording_id', data.recordingId);
    await context.with(trace.setSpan(parent, span), () =>
      runInJob(ctx, async () => {
        try {
          await handler(job.data, { id: job.id, retryCount: job.retryCount, retryLimit: job.retryLimit });
        } catch (e) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: errorReason(e) });
          span.end();
          const willRetry = job.retryCount < job.retryLimit;
          this.metrics.stage(name).observe(willRetry ? 'retry' : 'failed', jobElapsedMs() / 1000);
          this.logger.warn(
            { ...this.fields(), outcome: willRetry ? 'retry' : 'failed', reason: errorReason(e), ...errorDetail(e) },
            `job ${name} ${willRetry ? 'failed, will retry' : 'failed, retries exhausted'}`,
          );
          throw e;
        }
        span.end();
        this.metrics.stage(name).observe('completed', jobElapsedMs() / 1000);
        this.logger.log({ ...this.fields(), outcome: 'completed' }, `job ${name} completed`);
      }),
    );
  }

  private fields() {
    const { startedAt: _, ...ctx } = currentJob() ?? {};
    return { ...ctx, durationMs: jobElapsedMs() };
  }

  /** Waiting and running jobs per queue, from the queue's table: what every instance shares. */
  private async queueStats(): Promise<QueueStat[]> {
    if (!this.started) return [];
    await this.started;
    const { rows } = await this.boss.getDb().executeSql(
      `SELECT name, state::text AS state, count(*)::int AS jobs,
              COALESCE(EXTRACT(EPOCH FROM now() - min(created_on)), 0)::float AS age
         FROM pgboss.job WHERE state IN ('created', 'retry', 'active') GROUP BY name, state`,
      [],
    );
    return (rows as { name: string; state: string; jobs: number; age: number }[]).map((r) => ({
      queue: r.name,
      state: r.state,
      jobs: r.jobs,
      oldestAgeSeconds: r.age,
    }));
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
    // With tracing on, the job carries the current trace context (W3C traceparent) to its worker.
    const carrier: { traceparent?: string; tracestate?: string } = {};
    propagation.inject(context.active(), carrier);
    const id = await this.boss.send(
      name,
      { ...data, ...carrier },
      {
        singletonKey: opts.singletonKey,
        startAfter: opts.startAfter,
        db: manager ? inTransaction(manager) : undefined,
      },
    );
    if (id) await this.wakeup.announce(name, opts);
    return id;
  }

  /** Run `work` as if it were an attempt of a job (for tests and benchmarks of the fencing). */
  runAttempt(job: { id: string; name: JobName; data: object }, work: () => Promise<void>): Promise<void> {
    return this.leases.run(job, work, {
      complete: (m) => this.boss.complete(job.name, job.id, {}, { db: inTransaction(m) }),
      fail: (m, e) => this.boss.fail(job.name, job.id, failureOf(e), { db: inTransaction(m) }),
    });
  }

  async onModuleDestroy(): Promise<void> {
    if (!this.started) return;
    await this.boss.stop({ graceful: true, wait: true, timeout: this.config.http.shutdownTimeoutMs });
    // pg-boss gives up waiting after the timeout; an attempt still running finishes (or fails and records it)
    // while the database is open, not after. The process's own shutdown timer bounds this wait.
    await Promise.allSettled([...this.running]);
  }
}

/** What pg-boss stores as a failed attempt's output: the error's type and message, never a stack with data. */
function failureOf(e: unknown): object {
  return e instanceof Error ? { name: e.name, message: e.message.slice(0, 500) } : { name: typeof e };
}
