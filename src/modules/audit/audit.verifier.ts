import { Inject, Injectable } from '@nestjs/common';
import { createPublicKey, verify as verifySignature } from 'node:crypto';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config';
import { KmsService } from '../crypto/kms.service';
import { AuditAnchorStore, type AnchorProtection } from './audit-anchor.store';
import { chainHash, checkpointMessage, GENESIS_HASH } from './audit.hash';
import { AuditRepository, toRecord } from './audit.repository';

export type AuditProblem =
  | 'forged-event'
  | 'missing-event'
  | 'prev-hash-mismatch'
  | 'hash-mismatch'
  | 'truncated-tail'
  | 'checkpoint-mismatch'
  | 'checkpoint-signature-invalid'
  | 'anchor-missing-from-table'
  | 'uncovered-events';

export interface AuditVerification {
  valid: boolean;
  /** Same as `valid`. */
  ok: boolean;
  events: number;
  checkpoints: number;
  lastSeq: number;
  /** The first sequence number that cannot be trusted. */
  firstBadSeq?: number;
  problem?: AuditProblem;
  message: string;
  /** Checkpoints anchored in the object store, and whether Object Lock protects them. */
  anchors: { count: number } & AnchorProtection;
}

/** Timer jitter and signing time allowed on top of one checkpoint interval before events count as uncovered. */
const COVER_SLACK_MS = 60_000;

const BATCH = 2000;

/** Re-derives every hash of the chain and checks it against the signed checkpoints. */
@Injectable()
export class AuditVerifier {
  constructor(
    private readonly events: AuditRepository,
    private readonly kms: KmsService,
    private readonly anchorStore: AuditAnchorStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async verify(now = Date.now()): Promise<AuditVerification> {
    const checkpoints = await this.events.listCheckpoints();
    const [anchored, protection] = await Promise.all([this.anchorStore.list(), this.anchorStore.protectionMode()]);
    const anchors = { count: anchored.length, ...protection };
    const cpBySeq = new Map(checkpoints.map((c) => [Number(c.seq), c]));
    const fail = (seq: number, problem: AuditProblem, message: string, events: number, lastSeq: number) => ({
      valid: false,
      ok: false,
      events,
      checkpoints: checkpoints.length,
      lastSeq,
      firstBadSeq: seq,
      problem,
      message,
      anchors,
    });

    // Signatures first: a forged checkpoint must not vouch for anything, and
    // only the configured signing key may vouch at all.
    const trusted = new Set([this.kms.signingKeyId, (await this.kms.describe(this.kms.signingKeyId)).keyId]);
    const keys = new Map<string, ReturnType<typeof createPublicKey>>();
    for (const c of [...checkpoints, ...anchored]) {
      if (!trusted.has(c.keyId)) {
        return fail(
          Number(c.seq),
          'checkpoint-signature-invalid',
          `checkpoint at ${c.seq} is signed by an untrusted key`,
          0,
          0,
        );
      }
      let key = keys.get(c.keyId);
      if (!key) {
        key = createPublicKey({ key: await this.kms.publicKey(c.keyId), format: 'der', type: 'spki' });
        keys.set(c.keyId, key);
      }
      const message = checkpointMessage(Number(c.seq), c.headHash, c.signedAt.toISOString());
      if (!verifySignature('sha256', message, key, c.signature)) {
        return fail(
          Number(c.seq),
          'checkpoint-signature-invalid',
          `checkpoint at ${c.seq} has an invalid signature`,
          0,
          0,
        );
      }
    }

    // Every anchored checkpoint must be in the table as anchored: deleting or replacing one is a rewrite.
    for (const a of anchored) {
      const row = cpBySeq.get(a.seq);
      if (!row || !row.headHash.equals(a.headHash) || !row.signature.equals(a.signature)) {
        return fail(
          a.seq,
          'anchor-missing-from-table',
          `checkpoint at ${a.seq} is anchored in the object store but ${row ? 'differs in' : 'missing from'} the table`,
          0,
          0,
        );
      }
    }
    // The newest signed checkpoint: events after it must be younger than one checkpoint interval.
    const covered = [...checkpoints.map((c) => Number(c.seq)), ...anchored.map((a) => a.seq)].reduce(
      (a, b) => Math.max(a, b),
      0,
    );
    let firstUncoveredAt: Date | undefined;

    let prev: Buffer = GENESIS_HASH;
    let expected = 1;
    let events = 0;
    // The last checkpoint the chain matched: a rewrite with recomputed hashes is only known to start after it.
    let trustedUpTo = 0;
    let after = '-9223372036854775808';
    for (;;) {
      const rows = await this.events.eventsAfter(after, BATCH);
      for (const row of rows) {
        const seq = Number(row.seq);
        after = row.seq;
        if (seq < expected) return fail(seq, 'forged-event', `event ${seq} is outside the chain`, events, expected - 1);
        if (seq !== expected)
          return fail(expected, 'missing-event', `event ${expected} is missing`, events, expected - 1);
        if (!row.prev_hash.equals(prev)) {
          return fail(seq, 'prev-hash-mismatch', `event ${seq} does not link to event ${seq - 1}`, events, seq);
        }
        const hash = chainHash(prev, toRecord(row));
        if (!hash.equals(row.hash)) return fail(seq, 'hash-mismatch', `event ${seq} was altered`, events, seq);
        const cp = cpBySeq.get(seq);
        if (cp && !cp.headHash.equals(hash)) {
          return fail(
            trustedUpTo + 1,
            'checkpoint-mismatch',
            `the chain after ${trustedUpTo} was rewritten: at ${seq} it differs from its signed checkpoint`,
            events,
            seq,
          );
        }
        if (cp) trustedUpTo = seq;
        if (seq === covered + 1) firstUncoveredAt = new Date(row.at);
        prev = hash;
        expected = seq + 1;
        events++;
      }
      if (rows.length < BATCH) break;
    }
    const lastSeq = expected - 1;
    const lastCheckpoint = checkpoints.length ? Number(checkpoints[checkpoints.length - 1].seq) : 0;
    if (lastCheckpoint > lastSeq) {
      return fail(
        lastSeq + 1,
        'truncated-tail',
        `events after ${lastSeq} were removed (checkpoint at ${lastCheckpoint})`,
        events,
        lastSeq,
      );
    }
    const limit = this.config.audit.checkpointIntervalMs + COVER_SLACK_MS;
    if (firstUncoveredAt && now - firstUncoveredAt.getTime() > limit) {
      return fail(
        covered + 1,
        'uncovered-events',
        `events after ${covered} are older than one checkpoint interval and no signed checkpoint covers them`,
        events,
        lastSeq,
      );
    }
    return {
      valid: true,
      ok: true,
      events,
      checkpoints: checkpoints.length,
      lastSeq,
      message: `${events} events verified, ${checkpoints.length} signed checkpoints (${anchored.length} anchored; ${protection.note})`,
      anchors,
    };
  }
}
