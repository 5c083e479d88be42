import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { DataSource, EntityManager, Repository } from 'typeorm';
import { scoped } from '../../common/scoped';
import { AuditCheckpointEntity } from './audit-checkpoint.entity';
import { AuditEventEntity } from './audit-event.entity';
import type { AuditRecord } from './audit.hash';

/** Any fixed number; serialises appends so the chain stays one chain under concurrency. */
const AUDIT_LOCK = 727_274_002;
/** Held while a checkpoint is signed: one instance at a time. */
const CHECKPOINT_LOCK = 727_274_003;
const COLUMNS = [
  'seq',
  'at',
  'actor_kind',
  'actor_id',
  'actor_role',
  'tenant_id',
  'action',
  'resource_type',
  'resource_id',
  'outcome',
  'purpose',
  'ip',
  'user_agent',
  'correlation_id',
  'details',
  'prev_hash',
  'hash',
] as const;

/** A stored event as PostgreSQL returns it. */
export interface AuditRow {
  seq: string;
  at: Date;
  actor_kind: string;
  actor_id: string | null;
  actor_role: string | null;
  tenant_id: string | null;
  action: string;
  resource_type: string | null;
  resource_id: string | null;
  outcome: AuditRecord['outcome'];
  purpose: string | null;
  ip: string | null;
  user_agent: string | null;
  correlation_id: string | null;
  details: unknown;
  prev_hash: Buffer;
  hash: Buffer;
}

export interface AuditFilter {
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  resourceType?: string;
  resource?: string;
  /** Decimal: sequence numbers are bigints. */
  afterSeq?: string;
  limit: number;
}

/**
 * The only code touching `audit_events` and `audit_checkpoints`. Appends are
 * raw SQL on purpose: a transaction-scoped advisory lock, the chain head and
 * one multi-row INSERT are the chain's whole protocol, and read clearer as SQL.
 */
@Injectable()
export class AuditRepository {
  constructor(
    @InjectRepository(AuditEventEntity) private readonly events: Repository<AuditEventEntity>,
    @InjectRepository(AuditCheckpointEntity) private readonly checkpoints: Repository<AuditCheckpointEntity>,
  ) {}

  /** For code that runs without Nest (the CLI, benchmarks). */
  static open(ds: DataSource): AuditRepository {
    return new AuditRepository(ds.getRepository(AuditEventEntity), ds.getRepository(AuditCheckpointEntity));
  }

  /** Run `fn` in a transaction holding the chain lock, so it sees and extends the real head. */
  withChainLock<T>(fn: (m: EntityManager) => Promise<T>, m?: EntityManager): Promise<T> {
    const run = async (tx: EntityManager) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK]);
      return fn(tx);
    };
    return m ? run(m) : this.events.manager.transaction(run);
  }

  async head(m?: EntityManager): Promise<{ seq: number; hash: Buffer } | undefined> {
    const row = await scoped(this.events, m).findOne({
      where: {},
      order: { seq: 'DESC' },
      select: { seq: true, hash: true },
    });
    return row ? { seq: Number(row.seq), hash: row.hash } : undefined;
  }

  /** Append chained records; `m` must hold the chain lock. */
  async insert(m: EntityManager, links: { record: AuditRecord; prevHash: Buffer; hash: Buffer }[]): Promise<void> {
    const width = COLUMNS.length;
    const tuples = links.map(
      (_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(',')})`,
    );
    await m.query(
      `INSERT INTO audit_events (${COLUMNS.join(', ')}) VALUES ${tuples.join(',')}`,
      links.flatMap((l) => rowValues(l.record, l.prevHash, l.hash)),
    );
  }

  /** Events after `afterSeq` in chain order, as stored (for re-deriving hashes). */
  async eventsAfter(afterSeq: string, limit: number): Promise<AuditRow[]> {
    return this.events.query(`SELECT ${COLUMNS.join(', ')} FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2`, [
      afterSeq,
      limit,
    ]);
  }

  /** A tenant's events, oldest first, filtered. */
  async find(tenantId: string, f: AuditFilter): Promise<AuditRow[]> {
    const where = ['tenant_id = $1'];
    const args: unknown[] = [tenantId];
    const add = (sql: string, v: unknown) => {
      args.push(v);
      where.push(sql.replace('?', `$${args.length}`));
    };
    if (f.from) add('at >= ?', f.from);
    if (f.to) add('at < ?', f.to);
    if (f.actor) add('actor_id = ?', f.actor);
    if (f.action) add('action = ?', f.action);
    if (f.resourceType) add('resource_type = ?', f.resourceType);
    if (f.resource) add('resource_id = ?', f.resource);
    if (f.afterSeq !== undefined) add('seq > ?', f.afterSeq);
    args.push(f.limit);
    return this.events.query(
      `SELECT ${COLUMNS.join(', ')} FROM audit_events WHERE ${where.join(' AND ')} ORDER BY seq LIMIT $${args.length}`,
      args,
    );
  }

  /** The events about one resource of a tenant, oldest first, at most `limit`. */
  about(resourceId: string, tenantId: string, limit: number): Promise<AuditEventEntity[]> {
    return this.events.find({ where: { resourceId, tenantId }, order: { seq: 'ASC' }, take: limit });
  }

  listCheckpoints(): Promise<AuditCheckpointEntity[]> {
    return this.checkpoints.find({ order: { seq: 'ASC' } });
  }

  async lastCheckpointSeq(m?: EntityManager): Promise<number | undefined> {
    const repo = m ? m.getRepository(AuditCheckpointEntity) : this.checkpoints;
    const row = await repo.findOne({ where: {}, order: { seq: 'DESC' }, select: { seq: true } });
    return row ? Number(row.seq) : undefined;
  }

  /** A second signer of the same head is a no-op. */
  /** True when this checkpoint was stored (false: another writer checkpointed the same seq first). */
  async insertCheckpoint(cp: AuditCheckpointEntity, m?: EntityManager): Promise<boolean> {
    const repo = m ? m.getRepository(AuditCheckpointEntity) : this.checkpoints;
    await repo.createQueryBuilder().insert().values(cp).orIgnore().execute();
    const row = await repo.findOneBy({ seq: cp.seq });
    return row?.signature.equals(cp.signature) ?? false;
  }

  /**
   * Run `fn` in a transaction holding the checkpoint lock, or return undefined
   * at once if another instance holds it: with N instances on one database, one
   * signs at a time and the others find the head already signed.
   */
  withCheckpointLock<T>(fn: (m: EntityManager) => Promise<T>): Promise<T | undefined> {
    return this.checkpoints.manager.transaction(async (m) => {
      const [{ locked }] = await m.query<{ locked: boolean }[]>('SELECT pg_try_advisory_xact_lock($1) AS locked', [
        CHECKPOINT_LOCK,
      ]);
      return locked ? fn(m) : undefined;
    });
  }
}

/** A stored row back to the record its hash covers. */
export function toRecord(row: AuditRow): AuditRecord {
  return {
    seq: Number(row.seq),
    at: new Date(row.at).toISOString(),
    actor: { kind: row.actor_kind, id: row.actor_id, role: row.actor_role, tenant: row.tenant_id },
    action: row.action,
    resource: { type: row.resource_type, id: row.resource_id },
    outcome: row.outcome,
    purpose: row.purpose,
    origin: { ip: row.ip, userAgent: row.user_agent },
    correlationId: row.correlation_id,
    details: row.details ?? null,
  };
}

/** A record's column values in `audit_events` column order (also what tests forge rows with). */
export function rowValues(r: AuditRecord, prev: Buffer, hash: Buffer): unknown[] {
  return [
    r.seq,
    r.at,
    r.actor.kind,
    r.actor.id,
    r.actor.role,
    r.actor.tenant,
    r.action,
    r.resource.type,
    r.resource.id,
    r.outcome,
    r.purpose,
    r.origin.ip,
    r.origin.userAgent,
    r.correlationId,
    r.details === null ? null : JSON.stringify(r.details),
    prev,
    hash,
  ];
}
