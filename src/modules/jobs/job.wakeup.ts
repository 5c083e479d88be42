import { Injectable } from '@nestjs/common';
import type PgBoss from 'pg-boss';
import type { EntityManager } from 'typeorm';
import { PgNotifications } from '../../database/pg-notifications';
import type { JobName } from './job.types';

const CHANNEL = 'vault_jobs';

/**
 * Starts a job as soon as it is enqueued instead of at a worker's next poll
 * (pg-boss polls no faster than every 0.5 s): enqueueing sends a notification,
 * delivered when the enqueueing transaction commits, and each worker process
 * wakes its idle subscriptions to that queue. Polling stays on as the
 * fallback for a missed notification.
 */
@Injectable()
export class JobWakeup {
  private readonly workers = new Map<string, string[]>();
  private boss?: PgBoss;

  constructor(private readonly notifications: PgNotifications) {}

  /** Worker side: wake these subscriptions (pg-boss worker ids) on `name`'s notifications. */
  async register(boss: PgBoss, name: JobName, workerIds: string[]): Promise<void> {
    this.boss = boss;
    const first = this.workers.size === 0;
    this.workers.set(name, [...(this.workers.get(name) ?? []), ...workerIds]);
    if (first)
      await this.notifications.listen(CHANNEL, { onMessage: (n) => this.wake(n), onGap: () => this.wakeAll() });
  }

  /** Enqueue side: announce a job on `name`, with `m`'s transaction when given. Jobs due later are left to polling. */
  async announce(name: JobName, opts: { manager?: EntityManager; startAfter?: Date }): Promise<void> {
    if (opts.startAfter && opts.startAfter.getTime() > Date.now()) return;
    await this.notifications.notify(CHANNEL, name, opts.manager);
  }

  /** After a lost listening connection: notifications may have been missed, so every subscription looks. */
  private wakeAll(): void {
    for (const name of this.workers.keys()) this.wake(name);
  }

  private wake(name: string): void {
    for (const id of this.workers.get(name) ?? []) this.boss?.notifyWorker(id);
  }
}
