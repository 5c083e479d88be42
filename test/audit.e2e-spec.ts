import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { run } from '../src/cli';
import { CreateKeyCommand, SignCommand } from '@aws-sdk/client-kms';
import { chainHash, checkpointMessage, GENESIS_HASH, type AuditRecord } from '../src/modules/audit/audit.hash';
import { KmsService } from '../src/modules/crypto/kms.service';
import { AuditService, type AuditInput } from '../src/modules/audit/audit.service';
import { rowValues, toRecord } from '../src/modules/audit/audit.repository';
import { AuditVerifier } from '../src/modules/audit/audit.verifier';
import { anchorKey, AuditAnchorStore } from '../src/modules/audit/audit-anchor.store';
import { ObjectStore } from '../src/modules/storage/object-store';
import { startTestApp, type TestApp } from './support/app';
import { TEST_DATABASE_URL } from './support/database';

type AuditRow = Parameters<typeof toRecord>[0];

const N = 50;
const CHECKPOINTS = [25, 50];

const event = (i: number): AuditInput => ({
  actor: { kind: 'staff', id: `qa-${i % 7}@acme`, role: 'qa', tenant: null },
  action: i % 3 ? 'recording.read' : 'recording.download',
  resource: { type: 'recording', id: `rec-${i}` },
  outcome: i % 11 ? 'success' : 'denied',
  purpose: i % 2 ? 'QA review' : null,
  origin: { ip: '10.0.0.1', userAgent: 'jest' },
  correlationId: `corr-${i}`,
  details: { i, route: '/v1/recordings/:id', nested: { b: [1, 'two', null], a: true } },
});

const COLUMNS = `seq, at, actor_kind, actor_id, actor_role, tenant_id, action, resource_type, resource_id, outcome,
  purpose, ip, user_agent, correlation_id, details, prev_hash, hash`;

describe('audit chain against real PostgreSQL', () => {
  let t: TestApp;
  let audit: AuditService;
  let verifier: AuditVerifier;
  /** An ordinary session: the append-only triggers apply. */
  let db: Client;
  /** A superuser session that skips the triggers, to play the attacker with database access. */
  let su: Client;

  beforeAll(async () => {
    // No timed checkpoints: each case places its own.
    t = await startTestApp({ AUDIT_CHECKPOINT_INTERVAL: '24h', AUTH_FAILURE_LIMIT: '100000' });
    audit = t.app.get(AuditService);
    verifier = t.app.get(AuditVerifier);
    db = new Client({ connectionString: TEST_DATABASE_URL });
    su = new Client({ connectionString: TEST_DATABASE_URL });
    await Promise.all([db.connect(), su.connect()]);
    await su.query('SET session_replication_role = replica');
  });
  afterAll(async () => {
    await Promise.all([db.end(), su.end()]);
    await t.close();
  });

  /** A fresh deployment: no events, no checkpoints, no anchors (the embedded store has no Object Lock). */
  async function reset(): Promise<void> {
    await su.query('TRUNCATE audit_events, audit_checkpoints');
    const store = t.app.get(ObjectStore);
    for (const a of await t.app.get(AuditAnchorStore).list()) await store.delete(anchorKey(a.seq));
  }

  async function freshChain(n = N, checkpoints = CHECKPOINTS): Promise<void> {
    await reset();
    for (let i = 1; i <= n; i++) {
      await audit.append(event(i));
      if (checkpoints.includes(i)) await audit.checkpoint();
    }
    expect((await verifier.verify()).valid).toBe(true);
  }

  async function rows(fromSeq = 1): Promise<AuditRow[]> {
    return (await db.query(`SELECT ${COLUMNS} FROM audit_events WHERE seq >= $1 ORDER BY seq`, [fromSeq])).rows;
  }

  async function expectBroken(firstBadSeq: number, problem: string) {
    const r = await verifier.verify();
    expect(r).toMatchObject({ valid: false, firstBadSeq, problem });
    return r;
  }

  describe('the database refuses edits', () => {
    beforeAll(() => freshChain(5, [5]));

    it.each<[string, string, unknown[]]>([
      ['audit_events', 'UPDATE audit_events SET outcome = $1', ['denied']],
      ['audit_events', 'DELETE FROM audit_events WHERE seq = $1', [3]],
      ['audit_events', 'TRUNCATE audit_events', []],
      ['audit_checkpoints', 'UPDATE audit_checkpoints SET seq = seq + $1', [1]],
      ['audit_checkpoints', 'DELETE FROM audit_checkpoints WHERE seq = $1', [5]],
      ['audit_checkpoints', 'TRUNCATE audit_checkpoints', []],
    ])('%s: %s', async (table, sql, params) => {
      await expect(db.query(sql, params)).rejects.toMatchObject({
        code: '42501',
        message: `${table} is append-only`,
      });
    });

    it('still holds every row afterwards', async () => {
      expect((await db.query('SELECT count(*)::int AS n FROM audit_events')).rows[0].n).toBe(5);
      expect((await db.query('SELECT count(*)::int AS n FROM audit_checkpoints')).rows[0].n).toBe(1);
      expect(await verifier.verify()).toMatchObject({ valid: true, events: 5, checkpoints: 1 });
    });
  });

  describe('tampering by someone who bypasses the triggers', () => {
    beforeEach(() => freshChain());

    it.each([
      ['action', 'recording.delete'],
      ['outcome', 'error'],
      ['details', '{"i": 17, "route": "/v1/recordings/:id"}'],
    ])('an edited %s of event 17 is a hash mismatch at 17', async (column, value) => {
      await su.query(`UPDATE audit_events SET ${column} = $1 WHERE seq = 17`, [value]);
      const r = await expectBroken(17, 'hash-mismatch');
      expect(r.message).toBe('event 17 was altered');
      expect(r.lastSeq).toBe(17);
    });

    it('a deleted event in the middle is missing at its seq', async () => {
      await su.query('DELETE FROM audit_events WHERE seq = 30');
      expect((await expectBroken(30, 'missing-event')).message).toBe('event 30 is missing');
    });

    it('a deleted first event is missing at 1', async () => {
      await su.query('DELETE FROM audit_events WHERE seq = 1');
      await expectBroken(1, 'missing-event');
    });

    it('events swapped by seq are caught at the earlier one', async () => {
      await su.query('UPDATE audit_events SET seq = -1 WHERE seq = 12');
      await su.query('UPDATE audit_events SET seq = 12 WHERE seq = 15');
      await su.query('UPDATE audit_events SET seq = 15 WHERE seq = -1');
      await expectBroken(12, 'prev-hash-mismatch');
    });

    it('contents swapped under fixed seqs and hashes are caught at the earlier one', async () => {
      await su.query(`
        UPDATE audit_events a SET at = b.at, actor_id = b.actor_id, action = b.action, resource_id = b.resource_id,
               outcome = b.outcome, purpose = b.purpose, correlation_id = b.correlation_id, details = b.details
          FROM audit_events b
         WHERE (a.seq, b.seq) IN ((12, 15), (15, 12))`);
      await expectBroken(12, 'hash-mismatch');
    });

    it('a forged event with a made-up hash after the head is caught at its seq', async () => {
      const [head] = await rows(N);
      const forged = toRecord({ ...head, seq: String(N + 1), action: 'recording.read' });
      // Inserting is allowed: no bypass needed.
      await db.query(
        `INSERT INTO audit_events (${COLUMNS}) VALUES (${COLUMNS.split(',')
          .map((_, i) => `$${i + 1}`)
          .join(',')})`,
        rowValues(forged, head.hash, randomBytes(32)),
      );
      await expectBroken(N + 1, 'hash-mismatch');
    });

    // Rewriting an event and re-deriving every later hash leaves a self-consistent chain;
    // only the signed head at the next checkpoint can tell.
    it.each([
      [10, 25, 1],
      [30, 50, 26],
    ])(
      'event %i rewritten with every later hash recomputed is caught at checkpoint %i, after the last good one',
      async (k, cp, firstUntrusted) => {
        const chain = await rows(k);
        let prev = chain[0].prev_hash;
        for (const row of chain) {
          const record = toRecord(row);
          if (record.seq === k) record.action = 'recording.delete';
          const hash = chainHash(prev, record);
          await su.query('UPDATE audit_events SET action = $1, prev_hash = $2, hash = $3 WHERE seq = $4', [
            record.action,
            prev,
            hash,
            record.seq,
          ]);
          prev = hash;
        }
        const r = await expectBroken(firstUntrusted, 'checkpoint-mismatch');
        expect(r.message).toBe(
          `the chain after ${firstUntrusted - 1} was rewritten: at ${cp} it differs from its signed checkpoint`,
        );
      },
    );

    it('a row slipped in below seq 1 is outside the chain', async () => {
      const [first] = await rows(1);
      await db.query(
        `INSERT INTO audit_events (${COLUMNS}) VALUES (${COLUMNS.split(',')
          .map((_, i) => `$${i + 1}`)
          .join(',')})`,
        rowValues(toRecord({ ...first, seq: '0' }), GENESIS_HASH, randomBytes(32)),
      );
      await expectBroken(0, 'forged-event');
    });

    it('a rewritten chain vouched for by a checkpoint signed with another KMS key is refused', async () => {
      const kms = t.app.get(KmsService);
      const other = await kms.client.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }));
      const [head] = await rows(N);
      const signedAt = new Date().toISOString();
      const sig = await kms.client.send(
        new SignCommand({
          KeyId: other.KeyMetadata!.Arn,
          Message: checkpointMessage(N, head.hash, signedAt),
          MessageType: 'RAW',
          SigningAlgorithm: 'ECDSA_SHA_256',
        }),
      );
      await su.query('DELETE FROM audit_checkpoints');
      await db.query(
        'INSERT INTO audit_checkpoints (seq, head_hash, signed_at, key_id, algorithm, signature) VALUES ($1,$2,$3,$4,$5,$6)',
        [N, head.hash, signedAt, other.KeyMetadata!.Arn, 'ECDSA_SHA_256', Buffer.from(sig.Signature!)],
      );
      const r = await expectBroken(N, 'checkpoint-signature-invalid');
      expect(r.message).toBe(`checkpoint at ${N} is signed by an untrusted key`);
    });

    it('a tail cut after a checkpoint, the checkpointed event included, is a truncated tail', async () => {
      await su.query('DELETE FROM audit_events WHERE seq > 42');
      const r = await expectBroken(43, 'truncated-tail');
      expect(r.lastSeq).toBe(42);
      expect(r.message).toBe('events after 42 were removed (checkpoint at 50)');
    });

    it.each([
      [
        'a flipped signature byte',
        `UPDATE audit_checkpoints SET signature = overlay(signature placing
         decode(lpad(to_hex(get_byte(signature, length(signature) - 1) # 1), 2, '0'), 'hex')
         from length(signature) for 1) WHERE seq = 25`,
      ],
      [
        'a head hash moved onto another chain',
        `UPDATE audit_checkpoints SET head_hash = sha256(head_hash) WHERE seq = 25`,
      ],
    ])('a checkpoint with %s has an invalid signature', async (_, sql) => {
      await su.query(sql);
      const r = await expectBroken(25, 'checkpoint-signature-invalid');
      expect(r.message).toBe('checkpoint at 25 has an invalid signature');
    });
  });

  it('hashes what the database stores: Dates in details and upper-case tenant ids are no false alarm', async () => {
    await reset();
    const tenant = (await t.tenant('upper-case')).id.toUpperCase();
    await audit.append({
      ...event(1),
      actor: { ...event(1).actor, tenant },
      details: { when: new Date(), skipped: undefined },
    });
    await audit.checkpoint();
    expect(await verifier.verify()).toMatchObject({ valid: true, events: 1 });
  });

  it('group-commits concurrent appends into one contiguous chain, each caller answered after its commit', async () => {
    await reset();
    const records = await Promise.all(Array.from({ length: 300 }, (_, i) => audit.append(event(i))));
    expect(records.map((r) => r.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    const stored = await db.query('SELECT count(*)::int AS n FROM audit_events');
    expect(stored.rows[0].n).toBe(300);
    expect(await verifier.verify()).toMatchObject({ valid: true, events: 300 });
  });

  it('raises no false alarm on 10,000 untouched events with checkpoints', async () => {
    await reset();
    // Appending 10,000 one transaction at a time costs most of the suite's time budget;
    // rows built with the same hash function and stored through SQL still round-trip every field.
    let prev: Buffer = GENESIS_HASH;
    const start = Date.parse('2025-01-01T00:00:00Z');
    for (let from = 1; from <= 10_000; from += 500) {
      const values: unknown[] = [];
      const tuples: string[] = [];
      for (let seq = from; seq < from + 500; seq++) {
        const input = event(seq);
        const record: AuditRecord = {
          seq,
          at: new Date(start + seq * 1_237).toISOString(),
          actor: { ...input.actor, tenant: seq % 5 ? null : '3f2b1c4d-5e6f-4a1b-8c2d-0123456789ab' },
          action: input.action,
          resource: { type: input.resource?.type ?? null, id: input.resource?.id ?? null },
          outcome: input.outcome,
          purpose: input.purpose ?? null,
          origin: { ip: seq % 2 ? '2001:db8::1' : '10.0.0.1', userAgent: seq % 3 ? 'curl/8 «ü»' : null },
          correlationId: input.correlationId ?? null,
          details: seq % 4 ? { ...(input.details as object), z: seq / 7, emoji: '📞', quote: 'a"b\\c' } : null,
        };
        const hash = chainHash(prev, record);
        const row = rowValues(record, prev, hash);
        tuples.push(`(${row.map((_, i) => `$${values.length + i + 1}`).join(',')})`);
        values.push(...row);
        prev = hash;
      }
      await db.query(`INSERT INTO audit_events (${COLUMNS}) VALUES ${tuples.join(',')}`, values);
      if (from % 2500 === 1) await audit.checkpoint();
    }
    await audit.checkpoint();
    expect(await verifier.verify()).toMatchObject({ valid: true, events: 10_000, lastSeq: 10_000, checkpoints: 5 });
  });

  it('keeps one valid chain under 200 concurrent requests', async () => {
    await freshChain(10, [10]);
    await t.tenant('acme');
    const { key } = await t.apiKey('acme', 'admin');
    const before = (await db.query('SELECT count(*)::int AS n FROM audit_events')).rows[0].n as number;
    const requests = Array.from({ length: 200 }, () =>
      t.http().get('/v1/tenants/current').set('Authorization', `Bearer ${key}`),
    );
    // Checkpoints race the appends: each must still sign a head that is on the chain.
    const checkpoints = Array.from({ length: 5 }, (_, i) =>
      new Promise((r) => setTimeout(r, i * 50)).then(() => audit.checkpoint()),
    );
    const responses = await Promise.all(requests);
    await Promise.all(checkpoints);
    expect(responses.map((r) => r.status)).toEqual(Array(200).fill(200));
    const [stats] = (
      await db.query('SELECT count(*)::int AS n, min(seq)::int AS lo, max(seq)::int AS hi FROM audit_events')
    ).rows;
    expect(stats.n - before).toBeGreaterThanOrEqual(200);
    expect([stats.lo, stats.hi]).toEqual([1, stats.n]);
    expect(await verifier.verify()).toMatchObject({ valid: true, events: stats.n, lastSeq: stats.n });
  });

  describe('the audit:verify CLI', () => {
    const cli = () =>
      run(['audit:verify', '--json'], {
        DATABASE_URL: TEST_DATABASE_URL,
        DATA_DIR: t.config.dataDir,
        LOG_LEVEL: 'silent',
      });

    it('exits 0 on a clean chain', async () => {
      await freshChain(20, [10, 20]);
      const out = await cli();
      expect(out.exitCode).toBe(0);
      expect(out.json).toMatchObject({ valid: true, events: 20, checkpoints: 2 });
    });

    it('exits 2 and names the first bad seq on a tampered chain', async () => {
      await freshChain(20, [10, 20]);
      await su.query(`UPDATE audit_events SET outcome = 'success' WHERE seq = 11`);
      const out = await cli();
      expect(out.exitCode).toBe(2);
      expect(out.json).toMatchObject({ valid: false, firstBadSeq: 11, problem: 'hash-mismatch' });
      expect(out.text).toContain('(first bad seq 11)');
    });
  });
});
