import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config';
import { KmsService } from '../crypto/kms.service';
import { chainHash, checkpointMessage, GENESIS_HASH, type AuditRecord } from './audit.hash';

/** Any fixed number; serialises appends so the chain stays one chain under concurrency. */
const AUDIT_LOCK = 727_274_002;
/** 500 events × 17 parameters stays well under PostgreSQL's 65,535 bind parameters. */
const MAX_BATCH = 500;

export interface AuditInput {
  actor: AuditRecord['actor'];
  action: string;
  resource?: Partial<AuditRecord['resource']>;
  outcome: AuditRecord['outcome'];
  purpose?: string | null;
  origin?: Partial<AuditRecord['origin']>;
  correlationId?: string | null;
  details?: unknown;
}

@Injectable()
export class AuditService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AuditService.name);
  private timer?: NodeJS.Timeout;
  private readonly queue: { input: AuditInput; resolve: (r: AuditRecord) => void; reject: (e: unknown) => void }[] = [];
  private draining = false;

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly kms: KmsService,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => {
      this.checkpoint().catch((e) => this.logger.warn({ err: (e as Error).name }, 'audit checkpoint failed'));
    }, this.config.audit.checkpointIntervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    while (this.draining) await new Promise((r) => setTimeout(r, 10));
  }

  /**
   * Append one event. Concurrent appends are group-committed: one transaction
   * takes the chain lock once, chains the whole batch and commits once, and
   * each caller resolves only after that commit. Pass `manager` to commit the
   * event with the caller's own transaction instead.
   */
  append(input: AuditInput, manager?: EntityManager): Promise<AuditRecord> {
    if (manager) return this.appendBatch(manager, [input]).then(([r]) => r);
    return new Promise((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    while (this.queue.length) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        const records = await this.ds.transaction((m) => this.appendBatch(m, batch.map((b) => b.input)));
        batch.forEach((b, i) => b.resolve(records[i]));
      } catch (e) {
        batch.forEach((b) => b.reject(e));
      }
    }
    this.draining = false;
  }

  private async appendBatch(m: EntityManager, inputs: AuditInput[]): Promise<AuditRecord[]> {
    await m.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK]);
    const [head] = (await m.query('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1')) as {
      seq: string;
      hash: Buffer;
    }[];
    let seq = head ? Number(head.seq) : 0;
    let prev: Buffer = head ? head.hash : GENESIS_HASH;
    const at = new Date().toISOString();
    const records: AuditRecord[] = [];
    const values: unknown[] = [];
    for (const input of inputs) {
      const record = normalise(input, ++seq, at);
      const hash = chainHash(prev, record);
      values.push(...rowValues(record, prev, hash));
      records.push(record);
      prev = hash;
    }
    const width = 17;
    const tuples = records.map((_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(',')})`);
    await m.query(
      `INSERT INTO audit_events (seq, at, actor_kind, actor_id, actor_role, tenant_id, action, resource_type,
         resource_id, outcome, purpose, ip, user_agent, correlation_id, details, prev_hash, hash)
       VALUES ${tuples.join(',')}`,
      values,
    );
    return records;
  }

  /** Sign the current head through KMS so that cutting off the tail is detectable. */
  async checkpoint(): Promise<{ seq: number } | undefined> {
    const [head] = (await this.ds.query('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1')) as {
      seq: string;
      hash: Buffer;
    }[];
    if (!head) return undefined;
    const seq = Number(head.seq);
    const [last] = (await this.ds.query('SELECT max(seq) AS seq FROM audit_checkpoints')) as { seq: string | null }[];
    if (last?.seq && Number(last.seq) >= seq) return { seq: Number(last.seq) };
    const signedAt = new Date().toISOString();
    const sig = await this.kms.sign(checkpointMessage(seq, head.hash, signedAt));
    await this.ds.query(
      `INSERT INTO audit_checkpoints (seq, head_hash, signed_at, key_id, algorithm, signature)
       VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT (seq) DO NOTHING`,
      [seq, head.hash, signedAt, sig.keyId, sig.algorithm, sig.signature],
    );
    return { seq };
  }
}

/**
 * The event exactly as the database will hand it back, so the hash a verifier
 * recomputes from the row is the hash computed here: details through a JSON
 * round trip (Dates become strings, undefined disappears), UUIDs lower-case.
 */
function normalise(input: AuditInput, seq: number, at: string): AuditRecord {
  return {
    seq,
    at,
    actor: {
      kind: input.actor.kind,
      id: input.actor.id,
      role: input.actor.role,
      tenant: input.actor.tenant?.toLowerCase() ?? null,
    },
    action: input.action,
    resource: { type: input.resource?.type ?? null, id: input.resource?.id ?? null },
    outcome: input.outcome,
    purpose: input.purpose ?? null,
    origin: { ip: input.origin?.ip ?? null, userAgent: input.origin?.userAgent ?? null },
    correlationId: input.correlationId ?? null,
    details: input.details === undefined || input.details === null ? null : JSON.parse(JSON.stringify(input.details)),
  };
}

function rowValues(r: AuditRecord, prev: Buffer, hash: Buffer): unknown[] {
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
