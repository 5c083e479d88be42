import { Injectable } from '@nestjs/common';
import { createPublicKey, verify as verifySignature } from 'node:crypto';
import { KmsService } from '../crypto/kms.service';
import { chainHash, checkpointMessage, GENESIS_HASH } from './audit.hash';
import { AuditRepository, toRecord } from './audit.repository';

export type AuditProblem =
  | 'forged-event'
  | 'missing-event'
  | 'prev-hash-mismatch'
  | 'hash-mismatch'
  | 'truncated-tail'
  | 'checkpoint-mismatch'
  | 'checkpoint-signature-invalid';

export interface AuditVerification {
  valid: boolean;
  events: number;
  checkpoints: number;
  lastSeq: number;
  /** The first sequence number that cannot be trusted. */
  firstBadSeq?: number;
  problem?: AuditProblem;
  message: string;
}

const BATCH = 2000;

/** Re-derives every hash of the chain and checks it against the signed checkpoints. */
@Injectable()
export class AuditVerifier {
  constructor(
    private readonly events: AuditRepository,
    private readonly kms: KmsService,
  ) {}

  async verify(): Promise<AuditVerification> {
    const checkpoints = await this.events.listCheckpoints();
    const cpBySeq = new Map(checkpoints.map((c) => [Number(c.seq), c]));
    const fail = (seq: number, problem: AuditProblem, message: string, events: number, lastSeq: number) => ({
      valid: false,
      events,
      checkpoints: checkpoints.length,
      lastSeq,
      firstBadSeq: seq,
      problem,
      message,
    });

    // Signatures first: a forged checkpoint must not vouch for anything, and
    // only the configured signing key may vouch at all.
    const trusted = new Set([this.kms.signingKeyId, (await this.kms.describe(this.kms.signingKeyId)).keyId]);
    const keys = new Map<string, ReturnType<typeof createPublicKey>>();
    for (const c of checkpoints) {
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
    return {
      valid: true,
      events,
      checkpoints: checkpoints.length,
      lastSeq,
      message: `${events} events verified, ${checkpoints.length} signed checkpoints`,
    };
  }
}
