import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import { DataSource, type EntityManager } from 'typeorm';
import { describeError } from '../../common/errors/app-exception.filter';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config';
import type { JobLeaseEntity } from './job-lease.entity';

/** The attempt no longer holds its job: another attempt owns it, so nothing this one does may commit. */
export class LeaseLostError extends Error {
  constructor(attemptId: string) {
    super(`job attempt ${attemptId} lost its lease`);
    this.name = 'LeaseLostError';
  }
}

/** Another live attempt holds the job (the queue handed it out twice): this one must not start. */
export class LeaseHeldError extends Error {
  constructor(jobId: string) {
    super(`job ${jobId} is held by another live attempt`);
    this.name = 'LeaseHeldError';
  }
}

export interface Attempt {
  readonly id: string;
  readonly jobId: string;
  readonly name: string;
  /** Aborted when the lease is lost or the attempt outlives JOB_TIMEOUT: long work stops at its next check. */
  readonly signal: AbortSignal;
}

interface LocalAttempt extends Attempt {
  abort: AbortController;
}

/** What the job queue does with an attempt's outcome, inside the transaction that checks and ends its lease. */
export interface AttemptOutcome {
  complete(m: EntityManager): Promise<unknown>;
  fail(m: EntityManager, error: unknown): Promise<unknown>;
}

/** What recovery does with the job of an expired lease, inside the transaction that deletes it. */
export type Recover = (lease: JobLeaseEntity, m: EntityManager) => Promise<void>;

/**
 * Fenced job attempts. Each attempt holds a lease row it renews every
 * JOB_HEARTBEAT; its steps commit only inside `fenced` transactions, which
 * lock that row, so an attempt whose lease was taken can never commit. A
 * lease not renewed for JOB_LEASE (its worker died, or lost the database) is
 * recovered by any worker's heartbeat: the row is deleted and the job queued
 * again in one transaction. Recovery takes about one lease period, whatever
 * the job's length, and never overlaps two attempts' commits.
 */
@Injectable()
export class JobLeases implements OnModuleDestroy {
  private readonly logger = new Logger('job-leases');
  private readonly context = new AsyncLocalStorage<LocalAttempt>();
  private readonly local = new Map<string, LocalAttempt>();
  private readonly worker = `${os.hostname()}:${process.pid}`;
  private timer?: NodeJS.Timeout;
  /** The queues this process works: their active jobs without a lease are recovered too. */
  private names: readonly string[] = [];
  private beating = false;
  private failing = false;

  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Renew this process's leases and recover expired ones, every JOB_HEARTBEAT. */
  startHeartbeat(recover: Recover, names: readonly string[] = []): void {
    if (this.timer) return;
    this.names = names;
    this.timer = setInterval(() => void this.beat(recover), this.config.worker.heartbeatMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The attempt the calling code runs in, if it runs in one. */
  current(): Attempt | undefined {
    return this.context.getStore();
  }

  /**
   * Run `work` as a fenced attempt of a job, then record its outcome (the
   * queue's complete or fail) in the transaction that ends the lease. Never
   * throws: an attempt that lost its lease records nothing (its job was queued
   * again), and one that cannot reach the database leaves its lease to expire
   * and be recovered.
   */
  async run(
    job: { id: string; name: string; data: object },
    work: () => Promise<void>,
    outcome: AttemptOutcome,
  ): Promise<void> {
    const attempt = await this.acquire(job);
    this.local.set(attempt.id, attempt);
    const capMs = Math.max(this.config.worker.leaseMs, this.config.worker.jobTimeoutSec * 1000 - 5000);
    let capTimer: NodeJS.Timeout | undefined;
    const cap = new Promise<'cap'>((resolve) => (capTimer = setTimeout(() => resolve('cap'), capMs)));
    let error: unknown;
    let capped = false;
    try {
      const running = this.context.run(attempt, work);
      // Work left behind by the cap keeps running until its next fence; its end is nobody's business.
      running.catch(() => undefined);
      capped = (await Promise.race([running, cap])) === 'cap';
      if (capped) error = new Error(`job attempt exceeded JOB_TIMEOUT (${this.config.worker.jobTimeoutSec} s)`);
    } catch (e) {
      error = e;
    } finally {
      clearTimeout(capTimer);
      this.local.delete(attempt.id);
      if (capped) attempt.abort.abort(new LeaseLostError(attempt.id));
    }
    if (error instanceof LeaseLostError || (attempt.signal.aborted && !capped)) {
      this.logger.warn({ job: job.name, jobId: job.id, attempt: attempt.id }, 'attempt lost its lease; not recorded');
      return;
    }
    try {
      await this.ds.transaction(async (m) => {
        if (!(await this.lock(m, attempt.id))) return;
        if (error === undefined) await outcome.complete(m);
        else await outcome.fail(m, error);
        await m.query('DELETE FROM job_leases WHERE attempt_id = $1', [attempt.id]);
      });
    } catch (e) {
      this.logger.warn(
        { err: describeError(e), job: job.name, jobId: job.id },
        'could not record the attempt; its lease will expire and the job run again',
      );
    }
  }

  /**
   * Inside a step's transaction: lock the current attempt's lease row until
   * commit, or throw if the attempt no longer holds it. Outside any attempt
   * (an API request, a test calling a step) there is nothing to check.
   */
  async assertHeld(m: EntityManager): Promise<void> {
    const attempt = this.context.getStore();
    if (!attempt) return;
    if (attempt.signal.aborted || !(await this.lock(m, attempt.id))) throw new LeaseLostError(attempt.id);
  }

  private async lock(m: EntityManager, attemptId: string): Promise<boolean> {
    const rows: unknown[] = await m.query('SELECT 1 FROM job_leases WHERE attempt_id = $1 FOR UPDATE', [attemptId]);
    return rows.length === 1;
  }

  /** A new lease, or the takeover of an expired one the same job left (the queue retried it). */
  private async acquire(job: { id: string; name: string; data: object }): Promise<LocalAttempt> {
    const id = randomUUID();
    const rows: unknown[] = await this.ds.query(
      // As a SELECT: TypeORM answers a bare INSERT/UPDATE … RETURNING as [rows, count]. The queue's row is
      // locked while leasing, and a job no longer active (recovery cancelled it: see recoverUnleased) is not
      // leased, so a late lease and a recovery never both go ahead.
      `WITH job AS (SELECT state FROM pgboss.job WHERE name = $3 AND id = $2 FOR UPDATE),
       acquired AS (
         INSERT INTO job_leases (attempt_id, job_id, job_name, data, worker, started_at, expires_at)
         SELECT $1, $2, $3, $4, $5, now(), now() + $6 * interval '1 millisecond'
         WHERE NOT EXISTS (SELECT 1 FROM job WHERE state <> 'active')
         ON CONFLICT (job_id) DO UPDATE SET attempt_id = EXCLUDED.attempt_id, worker = EXCLUDED.worker,
           started_at = EXCLUDED.started_at, expires_at = EXCLUDED.expires_at
         WHERE job_leases.expires_at < now()
         RETURNING attempt_id)
       SELECT attempt_id FROM acquired`,
      [id, job.id, job.name, JSON.stringify(job.data), this.worker, this.config.worker.leaseMs],
    );
    if (rows.length !== 1) throw new LeaseHeldError(job.id);
    const abort = new AbortController();
    return { id, jobId: job.id, name: job.name, signal: abort.signal, abort };
  }

  private async beat(recover: Recover): Promise<void> {
    if (this.beating) return;
    this.beating = true;
    try {
      await this.renew();
      await this.recoverExpired(recover);
      await this.recoverUnleased(recover);
      if (this.failing) this.logger.log('job leases: database reachable again');
      this.failing = false;
    } catch (e) {
      if (!this.failing) this.logger.warn({ err: describeError(e) }, 'job lease heartbeat failed; retrying');
      this.failing = true;
    } finally {
      this.beating = false;
    }
  }

  /** Renew every local attempt's lease; an attempt whose row is gone was recovered elsewhere and stops. */
  private async renew(): Promise<void> {
    const ids = [...this.local.keys()];
    if (!ids.length) return;
    const rows: { attempt_id: string }[] = await this.ds.query(
      `WITH renewed AS (
         UPDATE job_leases SET expires_at = now() + $2 * interval '1 millisecond'
         WHERE attempt_id = ANY($1::uuid[]) RETURNING attempt_id)
       SELECT attempt_id FROM renewed`,
      [ids, this.config.worker.leaseMs],
    );
    const held = new Set(rows.map((r) => r.attempt_id));
    for (const id of ids) {
      const attempt = this.local.get(id);
      if (attempt && !held.has(id)) attempt.abort.abort(new LeaseLostError(id));
    }
  }

  /**
   * Jobs the queue marked active more than a lease period ago that no attempt leased: fetched just as the
   * database went away (the fetch committed, its answer or the lease insert was lost). Without this they
   * would wait for the queue's own expiry, JOB_TIMEOUT (30 min by default), with their recording stuck.
   */
  async recoverUnleased(recover: Recover, names: readonly string[] = this.names): Promise<number> {
    if (!names.length) return 0;
    // Each job once per pass, whatever `recover` did with it.
    const seen: string[] = [];
    for (let i = 0; i < 100; i++) {
      const done = await this.ds.transaction(async (m) => {
        const [job] = await m.query<{ id: string; name: string; data: object; started_on: Date }[]>(
          `SELECT j.id, j.name, j.data, j.started_on FROM pgboss.job j
           WHERE j.name = ANY($1) AND j.state = 'active' AND j.started_on < now() - $2 * interval '1 millisecond'
             AND NOT EXISTS (SELECT 1 FROM job_leases l WHERE l.job_id = j.id) AND NOT (j.id = ANY($3::uuid[]))
           ORDER BY j.started_on LIMIT 1 FOR UPDATE OF j SKIP LOCKED`,
          [names, this.config.worker.leaseMs, seen],
        );
        if (!(job as typeof job | undefined)) return false;
        seen.push(job.id);
        const row: JobLeaseEntity = {
          attemptId: randomUUID(),
          jobId: job.id,
          jobName: job.name,
          data: job.data,
          worker: 'none',
          startedAt: job.started_on,
          expiresAt: job.started_on,
        };
        await recover(row, m);
        this.logger.warn(
          { job: row.jobName, jobId: row.jobId, startedAt: row.startedAt },
          'recovered an active job no attempt leased',
        );
        return true;
      });
      if (!done) break;
    }
    return seen.length;
  }

  /** Expired leases, one transaction each; SKIP LOCKED lets several workers recover in parallel. */
  async recoverExpired(recover: Recover): Promise<number> {
    let recovered = 0;
    for (let i = 0; i < 100; i++) {
      const done = await this.ds.transaction(async (m) => {
        const [lease] = await m.query<Record<string, unknown>[]>(
          `SELECT attempt_id, job_id, job_name, data, worker, started_at, expires_at FROM job_leases
           WHERE expires_at < now() ORDER BY expires_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
        );
        if (!(lease as Record<string, unknown> | undefined)) return false;
        const row: JobLeaseEntity = {
          attemptId: lease.attempt_id as string,
          jobId: lease.job_id as string,
          jobName: lease.job_name as string,
          data: lease.data as object,
          worker: lease.worker as string,
          startedAt: lease.started_at as Date,
          expiresAt: lease.expires_at as Date,
        };
        await m.query('DELETE FROM job_leases WHERE attempt_id = $1', [row.attemptId]);
        await recover(row, m);
        this.logger.warn(
          { job: row.jobName, jobId: row.jobId, worker: row.worker, expiredAt: row.expiresAt },
          'recovered the job of an expired lease',
        );
        return true;
      });
      if (!done) return recovered;
      recovered++;
    }
    return recovered;
  }
}
