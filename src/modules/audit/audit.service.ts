import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit, Optional } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { describeError } from '../../common/errors/app-exception.filter';
import { AppException } from '../../common/errors/app.exception';
import { dependencyFailure, RETRY_AFTER_SECONDS } from '../../common/errors/dependency-errors';
import { cleanFreeText, replaceControlCharacters } from '../../common/validation';
import { maskCardData, maskCardText } from '../redaction/card-text';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config';
import { KmsService } from '../crypto/kms.service';
import { AuditAnchorStore } from './audit-anchor.store';
import { chainHash, checkpointMessage, GENESIS_HASH, type AuditRecord } from './audit.hash';
import { AuditRepository } from './audit.repository';
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
    private readonly events: AuditRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly kms: KmsService,
    /** Absent where only events are appended (operator CLI commands other than audit:checkpoint). */
    @Optional() private readonly anchors?: AuditAnchorStore,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => {
      this.checkpoint().catch((e: unknown) => this.logger.warn({ err: describeError(e) }, 'audit checkpoint failed'));
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
   * event with the caller's own transaction instead: if it cannot be written,
   * the caller's transaction fails with it (503 `AUDIT_UNAVAILABLE`).
   */
  append(input: AuditInput, manager?: EntityManager): Promise<AuditRecord> {
    const appended = manager
      ? this.events.withChainLock((m) => this.appendBatch(m, [input]), manager).then(([r]) => r)
      : new Promise<AuditRecord>((resolve, reject) => {
          this.queue.push({ input, resolve, reject });
          if (!this.draining) void this.drain();
        });
    return appended.catch((e: unknown) => {
      throw auditUnavailable(e);
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    while (this.queue.length) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        const records = await this.events.withChainLock((m) =>
          this.appendBatch(
            m,
            batch.map((b) => b.input),
          ),
        );
        batch.forEach((b, i) => b.resolve(records[i]));
      } catch (e) {
        batch.forEach((b) => b.reject(e));
      }
    }
    this.draining = false;
  }

  /** Chain `inputs` onto the head; `m` holds the chain lock. */
  private async appendBatch(m: EntityManager, inputs: AuditInput[]): Promise<AuditRecord[]> {
    const head = await this.events.head(m);
    let seq = head?.seq ?? 0;
    let prevHash: Buffer = head?.hash ?? GENESIS_HASH;
    const at = new Date().toISOString();
    const links = inputs.map((input) => {
      const record = normalise(input, ++seq, at);
      const link = { record, prevHash, hash: chainHash(prevHash, record) };
      prevHash = link.hash;
      return link;
    });
    await this.events.insert(m, links);
    return links.map((l) => l.record);
  }

  /** Sign the current head through KMS so that cutting off the tail is detectable. */
  async checkpoint(): Promise<{ seq: number } | undefined> {
    const head = await this.events.head();
    if (!head) return undefined;
    // Another instance signing now will have signed this head or a later one.
    const done = await this.events.withCheckpointLock(async (m) => {
      const last = await this.events.lastCheckpointSeq(m);
      if (last !== undefined && last >= head.seq) return { seq: last, anchor: undefined };
      const signedAt = new Date();
      const sig = await this.kms.sign(checkpointMessage(head.seq, head.hash, signedAt.toISOString()));
      const stored = await this.events.insertCheckpoint(
        {
          seq: String(head.seq),
          headHash: head.hash,
          signedAt,
          keyId: sig.keyId,
          algorithm: sig.algorithm,
          signature: sig.signature,
        },
        m,
      );
      return { seq: head.seq, anchor: stored ? { seq: head.seq, headHash: head.hash, signedAt, ...sig } : undefined };
    });
    // Also outside the database, write-once, once the row has committed: deleting checkpoints from the
    // table is then detectable. Only the writer whose row was stored anchors it.
    if (done?.anchor) await this.anchors?.write(done.anchor);
    return done && { seq: done.seq };
  }
}

/**
 * An audit event that could not be written (a constraint, a lock timeout, a trigger): a 503 the
 * client may retry, `AUDIT_UNAVAILABLE`; whatever it was to record rolled back with it. A lost
 * database is `DATABASE_UNAVAILABLE`, as anywhere else.
 */
export function auditUnavailable(error: unknown): AppException {
  if (error instanceof AppException) return error;
  return (
    dependencyFailure(error) ??
    new AppException('AUDIT_UNAVAILABLE', 'The audit event could not be written; nothing was changed, retry later', {
      headers: { 'Retry-After': RETRY_AFTER_SECONDS },
      cause: error,
    })
  );
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
      id: safeOrNull(input.actor.id),
      role: input.actor.role,
      tenant: input.actor.tenant?.toLowerCase() ?? null,
    },
    action: input.action,
    resource: { type: input.resource?.type ?? null, id: safeOrNull(input.resource?.id) },
    outcome: input.outcome,
    purpose: input.purpose ? cleanFreeText(input.purpose) : null,
    origin: {
      ip: input.origin?.ip ?? null,
      userAgent: input.origin?.userAgent ? cleanFreeText(input.origin.userAgent) : null,
    },
    correlationId: safeOrNull(input.correlationId),
    details:
      input.details === undefined || input.details === null
        ? null
        : maskCardData(
            JSON.parse(JSON.stringify(input.details), (_k, v: unknown) => (typeof v === 'string' ? safe(v) : v)),
          ).value,
  };
}

/**
 * What a caller sent is recorded as sent, except what PostgreSQL cannot store (NUL) and what could
 * disguise a line (other controls, bidi overrides): each becomes U+FFFD, so the row still shows
 * that something was there.
 */
function safe(value: string): string {
  return replaceControlCharacters(value, '\ufffd');
}

function safeOrNull(value: string | null | undefined): string | null {
  return value === undefined || value === null ? null : maskCardText(safe(value)).text;
}
