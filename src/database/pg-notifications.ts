import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { SERVICES } from '../config/config.module';
import type { ServiceEndpoints } from '../config/service-endpoints';

export type NotificationChannel = 'vault_object_keys' | 'vault_jobs' | 'vault_webhooks';

interface Subscription {
  onMessage: (payload: string) => void;
  /** Called after the connection was lost and re-established: messages in between may be missed. */
  onGap: () => void;
}

const RETRY_MS = 1000;

/**
 * PostgreSQL LISTEN/NOTIFY between the vault's processes, over one dedicated
 * connection per process, opened on the first `listen`. A notification sent
 * inside a transaction is delivered only when it commits (and never if it
 * rolls back), which is what cache invalidation needs. Subscribers learn of a
 * lost connection through `onGap` and must assume they missed messages.
 */
@Injectable()
export class PgNotifications implements OnModuleDestroy {
  private readonly logger = new Logger('notifications');
  private readonly subs = new Map<NotificationChannel, Subscription[]>();
  private client?: Client;
  private connecting?: Promise<void>;
  private closed = false;
  private wasLost = false;
  private retry?: NodeJS.Timeout;
  private listened = new Set<NotificationChannel>();
  private ready = false;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    @Inject(SERVICES) private readonly services: ServiceEndpoints,
    private readonly ds: DataSource,
  ) {}

  /** False while the connection is down: a cache must not rely on invalidations then. */
  get listening(): boolean {
    return this.client !== undefined && this.ready;
  }

  /** Resolves once the process listens on `channel`. */
  async listen(channel: NotificationChannel, sub: Subscription): Promise<void> {
    const list = this.subs.get(channel) ?? [];
    list.push(sub);
    this.subs.set(channel, list);
    await this.connect();
    await this.listenOn(channel);
  }

  /** One query at a time on the listening connection, each channel once. */
  private listenOn(channel: NotificationChannel): Promise<void> {
    const c = this.client;
    if (!c || this.listened.has(channel)) return this.queue;
    this.listened.add(channel);
    this.queue = this.queue.then(async () => {
      await c.query(`LISTEN ${channel}`);
    });
    return this.queue;
  }

  /** Send `payload` on `channel`; with `m`, when its transaction commits. */
  async notify(channel: NotificationChannel, payload: string, m?: EntityManager): Promise<void> {
    await (m ?? this.ds).query('SELECT pg_notify($1, $2)', [channel, payload]);
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    const c = this.client;
    this.client = undefined;
    await c?.end().catch(() => undefined);
  }

  private connect(): Promise<void> {
    if (this.client || this.closed) return Promise.resolve();
    this.connecting ??= this.open().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async open(): Promise<void> {
    const c = new Client({ connectionString: this.services.databaseUrl, application_name: 'vault-notifications' });
    c.on('notification', (n) => {
      for (const s of this.subs.get(n.channel as NotificationChannel) ?? []) s.onMessage(n.payload ?? '');
    });
    c.on('error', (e) => this.lost(c, e));
    c.on('end', () => this.lost(c));
    await c.connect();
    if (this.closed) {
      await c.end();
      return;
    }
    this.client = c;
    this.listened = new Set();
    this.queue = Promise.resolve();
    for (const channel of this.subs.keys()) await this.listenOn(channel);
    this.ready = true;
    // Whatever was cached while nothing listened may be stale.
    if (this.wasLost) for (const list of this.subs.values()) for (const s of list) s.onGap();
  }

  private lost(c: Client, e?: Error): void {
    if (this.client !== c) return;
    this.client = undefined;
    this.ready = false;
    if (this.closed) return;
    this.wasLost = true;
    this.logger.warn({ err: e?.name }, 'notification connection lost; reconnecting');
    for (const list of this.subs.values()) for (const s of list) s.onGap();
    const again = (): void => {
      this.retry = undefined;
      this.connect().catch(() => {
        if (!this.closed) this.retry = setTimeout(again, RETRY_MS);
      });
    };
    this.retry = setTimeout(again, RETRY_MS);
  }
}
