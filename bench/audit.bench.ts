/**
 * Audit append throughput against the machine's PostgreSQL: 200 concurrent
 * writers (AUDIT_BENCH_WRITERS) calling AuditService.append (one hash chain,
 * one advisory lock) over a pool of 20 connections (AUDIT_BENCH_POOL; the
 * server allows 100 for everyone), against the same rows INSERTed by as many
 * writers into an unchained copy of the table, and scaled down to 50 and 1
 * writers. Resets the database `vault_bench` (BENCH_DATABASE_URL to override).
 *
 *   npm run bench -- audit
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../src/config/config';
import { createDataSource, migrate } from '../src/database/data-source';
import { chainHash, GENESIS_HASH, type AuditRecord } from '../src/modules/audit/audit.hash';
import type { AuditAnchorStore } from '../src/modules/audit/audit-anchor.store';
import { AuditRepository } from '../src/modules/audit/audit.repository';
import { AuditService, type AuditInput } from '../src/modules/audit/audit.service';
import { AuditVerifier } from '../src/modules/audit/audit.verifier';
import type { KmsService } from '../src/modules/crypto/kms.service';
import { resetTestDatabase } from '../test/support/database';

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/vault_bench';
const envInt = (name: string, def: number) => {
  const v = process.env[name];
  return v && /^\d+$/.test(v) ? Number(v) : def;
};
const WRITERS = envInt('AUDIT_BENCH_WRITERS', 200);
const POOL = envInt('AUDIT_BENCH_POOL', 20);
const MAX_EVENTS = 20_000;
const MAX_SECONDS = 10;

const event = (i: number): AuditInput => ({
  actor: { kind: 'staff', id: `qa-${i % 17}@acme`, role: 'qa', tenant: null },
  action: 'recording.read',
  resource: { type: 'recording', id: `rec-${i}` },
  outcome: 'success',
  purpose: 'QA review',
  origin: { ip: '10.0.0.1', userAgent: 'bench' },
  correlationId: `corr-${i}`,
  details: { method: 'GET', route: '/v1/recordings/:id', status: 200 },
});

interface Result {
  label: string;
  events: number;
  seconds: number;
  latencies: number[];
}

/** `writers` loops issuing `write` until MAX_EVENTS are issued or MAX_SECONDS pass. */
async function load(label: string, writers: number, write: (i: number) => Promise<unknown>): Promise<Result> {
  const latencies: number[] = [];
  let issued = 0;
  const start = performance.now();
  const deadline = start + MAX_SECONDS * 1000;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (issued < MAX_EVENTS && performance.now() < deadline) {
        const i = ++issued;
        const t0 = performance.now();
        await write(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { label, events: latencies.length, seconds: (performance.now() - start) / 1000, latencies };
}

function plainInsert(ds: DataSource): (i: number) => Promise<unknown> {
  return (i) => {
    const input = event(i);
    const record: AuditRecord = {
      seq: i,
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
    // Same hashing work per row as append, so the difference is the chaining, not SHA-256.
    const hash = chainHash(GENESIS_HASH, record);
    return ds.query(
      `INSERT INTO audit_events_plain (seq, at, actor_kind, actor_id, actor_role, tenant_id, action, resource_type,
         resource_id, outcome, purpose, ip, user_agent, correlation_id, details, prev_hash, hash)
       VALUES (nextval('audit_events_plain_seq'),$1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)`,
      [
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
        JSON.stringify(record.details),
        GENESIS_HASH,
        hash,
      ],
    );
  };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

export async function run(): Promise<void> {
  await resetTestDatabase(DATABASE_URL);
  const ds = createDataSource(DATABASE_URL, POOL);
  await ds.initialize();
  try {
    await migrate(ds);
    // Same columns, defaults and indexes, no append-only triggers; seq from a sequence instead of the chain head.
    await ds.query('CREATE TABLE audit_events_plain (LIKE audit_events INCLUDING DEFAULTS INCLUDING INDEXES)');
    await ds.query('CREATE SEQUENCE audit_events_plain_seq');
    // No checkpoints are made here, so the verifier only asks KMS which signing key it trusts.
    const noKms = {
      signingKeyId: 'none',
      describe: () => Promise.resolve({ keyId: 'none', enabled: true }),
    } as unknown as KmsService;
    const audit = new AuditService(AuditRepository.open(ds), {} as AppConfig, noKms);

    const results = [
      await load(`chained append, ${WRITERS} writers`, WRITERS, (i) => audit.append(event(i))),
      await load(`plain INSERT, ${WRITERS} writers`, WRITERS, plainInsert(ds)),
      await load('chained append, 50 writers', 50, (i) => audit.append(event(i))),
      await load('chained append, 1 writer', 1, (i) => audit.append(event(i))),
    ];

    // No object store here: no anchors, and the interval is long enough that coverage never fails.
    const noAnchors = {
      list: () => Promise.resolve([]),
      protectionMode: () => Promise.resolve({ objectLock: 'unsupported' as const, note: 'benchmark: no object store' }),
    } as unknown as AuditAnchorStore;
    const check = await new AuditVerifier(AuditRepository.open(ds), noKms, noAnchors, {
      audit: { checkpointIntervalMs: 86_400_000, anchorRetentionMs: 0 },
    } as AppConfig).verify();
    if (!check.valid) throw new Error(`the benchmarked chain does not verify: ${check.message}`);

    const plainRate = results[1].events / results[1].seconds;
    console.log(
      `\nAudit append throughput (${DATABASE_URL.replace(/\/\/[^@]*@/, '//')}, pool of ${POOL} connections, up to ${MAX_EVENTS} events or ${MAX_SECONDS} s per run)\n`,
    );
    console.log('| run                        | events |  events/s | p50 ms | p99 ms | vs plain |');
    console.log('| -------------------------- | ------ | --------- | ------ | ------ | -------- |');
    for (const r of results) {
      const sorted = [...r.latencies].sort((a, b) => a - b);
      const rate = r.events / r.seconds;
      console.log(
        `| ${r.label.padEnd(26)} | ${String(r.events).padStart(6)} | ${rate.toFixed(0).padStart(9)} | ` +
          `${percentile(sorted, 0.5).toFixed(1).padStart(6)} | ${percentile(sorted, 0.99).toFixed(1).padStart(6)} | ` +
          `${(rate / plainRate).toFixed(2).padStart(8)} |`,
      );
    }
    console.log(`\nchain verified afterwards: ${check.message}`);
  } finally {
    await ds.destroy();
  }
}

if (require.main === module) {
  run().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
