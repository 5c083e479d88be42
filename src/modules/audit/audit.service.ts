import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config';
import { KmsService } from '../crypto/kms.service';
import { chainHash, checkpointMessage, GENESIS_HASH, type AuditRecord } from './audit.hash';

/** Any fixed number; serialises appends so the chain stays one chain under concurrency. */
const AUDIT_LOCK = 727_274_002;

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

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Append one event; pass `manager` to commit it with the caller's own transaction. */
  async append(input: AuditInput, manager?: EntityManager): Promise<AuditRecord> {
    const run = async (m: EntityManager) => {
      await m.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK]);
      const [head] = (await m.query('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1')) as {
        seq: string;
        hash: Buffer;
      }[];
      const record: AuditRecord = {
        seq: head ? Number(head.seq) + 1 : 1,
        at: new Date().toISOString(),
        actor: input.actor,
        action: input.action,
        resource: { type: input.resource?.type ?? null, id: input.resource?.id ?? null },
        outcome: input.outcome,
        purpose: input.purpose ?? null,
        origin: { ip: input.origin?.ip ?? null, userAgent: input.origin?.userAgent ?? null },
        correlationId: input.correlationId ?? null,
        details: input.details ?? null,
      };
      const prev = head ? head.hash : GENESIS_HASH;
      const hash = chainHash(prev, record);
      await m.query(
        `INSERT INTO audit_events (seq, at, actor_kind, actor_id, actor_role, tenant_id, action, resource_type,
           resource_id, outcome, purpose, ip, user_agent, correlation_id, details, prev_hash, hash)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17)`,
        [
          record.seq,
          record.at,
          record.actor.kind,
          record.actor.id,
          record.actor.role,
          record.actor.tenant,
          record.action,
          record.resource.type,
          record.resource.id,
          record.outcome,
          record.purpose,
          record.origin.ip,
          record.origin.userAgent,
          record.correlationId,
          record.details === null ? null : JSON.stringify(record.details),
          prev,
          hash,
        ],
      );
      return record;
    };
    return manager ? run(manager) : this.ds.transaction(run);
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
