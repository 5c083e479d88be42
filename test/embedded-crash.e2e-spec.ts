import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import PgBoss from 'pg-boss';
import { issueDevToken, loadDevIssuerKey } from '../src/modules/auth/dev-issuer';
import { embeddedDatabaseOf, startService, type ServiceProcess } from './support/service';
import { settleAll, soakCall, type Accepted, type SoakTenant } from './support/soak';
import { prng } from './fixtures/dtmf-corpus';

const until = async (what: string, check: () => Promise<boolean> | boolean, timeoutMs = 60_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

/** Files of s3rver's objects under DATA_DIR, as object keys. */
function storedObjects(dataDir: string): string[] {
  const root = path.join(dataDir, 's3', 'vault');
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('._S3rver_object')) found.push(path.relative(root, p).replace(/\._S3rver_object$/, ''));
    }
  };
  if (fs.existsSync(root)) walk(root);
  return found;
}

/**
 * An upload that never ends: metadata, then a WAV whose header promises an
 * hour, streamed until the connection dies. Resolves once `bytes` are sent.
 */
function endlessUpload(base: string, key: string, metadata: unknown, bytes: number): Promise<void> {
  const boundary = 'vault-crash-test-boundary';
  const req = http.request(`${base}/v1/recordings`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': `multipart/form-data; boundary=${boundary}` },
  });
  req.on('error', () => undefined); // the server is killed under it
  req.write(`--${boundary}\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n${JSON.stringify(metadata)}\r\n`);
  req.write(
    `--${boundary}\r\nContent-Disposition: form-data; name="audio"; filename="long.wav"\r\nContent-Type: audio/wav\r\n\r\n`,
  );
  const dataBytes = 8000 * 2 * 3600;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(dataBytes, 40);
  req.write(header);
  const chunk = Buffer.alloc(256 * 1024);
  for (let i = 0; i < chunk.length / 2; i++)
    chunk.writeInt16LE(Math.round(3000 * Math.sin((2 * Math.PI * 300 * i) / 8000)), i * 2);
  return new Promise((resolve) => {
    let sent = 0;
    const pump = () => {
      while (!req.destroyed) {
        sent += chunk.length;
        if (sent >= bytes) resolve();
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
    };
    pump();
  });
}

describe('SIGKILL of the service mid-upload on embedded defaults', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-kill-'));
  let svc: ServiceProcess | undefined;
  afterAll(async () => {
    if (svc && !svc.exit()) await svc.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts again, finishes the accepted recordings, and leaves nothing of the interrupted upload', async () => {
    // No worker in the first run, so the accepted recordings are certainly unprocessed when it is killed.
    svc = await startService({ DATA_DIR: dataDir, WORKER_ENABLED: 'false' });
    const first = svc;
    const created = await first.cli('tenant:create', 'acme');
    const key = (await first.cli('apikey:create', '--tenant', 'acme', '--role', 'ingest')).key as string;
    const qa = await issueDevToken(
      await loadDevIssuerKey(dataDir),
      {
        subject: 'qa@acme',
        audience: 'call-recording-vault',
        role: 'qa',
        tenant: 'acme',
        roleClaim: 'vault_role',
        tenantClaim: 'vault_tenant',
      },
      900,
    );
    const tenant: SoakTenant = { id: created.id as string, name: 'acme', ingestKey: key, qa, legal: '' };

    const accepted = new Map<string, Accepted>();
    const rand = prng(11);
    for (let n = 0; n < 3; n++) {
      const { wav, metadata } = soakCall(n, 'acme', rand);
      const form = new FormData();
      form.append('metadata', JSON.stringify(metadata));
      form.append('audio', new Blob([wav]), 'call.wav');
      const res = await fetch(`${first.base}/v1/recordings`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${key}` },
        body: form,
      });
      expect(res.status).toBe(202);
      const { id } = (await res.json()) as { id: string };
      accepted.set(id, {
        tenant: tenant.id,
        externalCallId: String(metadata.externalCallId),
        size: wav.length,
        acceptedAt: Date.now(),
      });
    }

    // Kill once the interrupted upload's key row and a whole encrypted part of it are stored.
    const interrupted = { ...soakCall(99, 'acme', rand).metadata, externalCallId: 'acme-interrupted' };
    await endlessUpload(first.base, key, interrupted, 12 * 1024 * 1024);
    const uploads = path.join(dataDir, 's3', 'vault', '._S3rver_uploads');
    await until(
      'a stored part of the interrupted upload',
      () =>
        fs.existsSync(uploads) && fs.readdirSync(uploads).some((u) => fs.existsSync(path.join(uploads, u, '1.md5'))),
    );
    const db1 = new Client({ connectionString: embeddedDatabaseOf(dataDir) });
    await db1.connect();
    const statusesAtKill = (await db1.query(`SELECT status FROM recordings`)).rows.map((r) => r.status);
    await db1.end();
    const postmaster = Number(fs.readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    expect(() => process.kill(postmaster, 0)).not.toThrow(); // PostgreSQL outlived the service

    svc = await startService({ DATA_DIR: dataDir, QUARANTINE_TTL: '1s' });
    const second = svc;
    expect(() => process.kill(postmaster, 0)).toThrow();
    expect(fs.existsSync(uploads)).toBe(false);
    const final = await settleAll(second.base, [tenant], accepted, 90_000);
    expect([...final.values()]).toEqual(['available', 'available', 'available']);

    const db = new Client({ connectionString: embeddedDatabaseOf(dataDir) });
    await db.connect();
    try {
      expect(statusesAtKill).toEqual(['received', 'received', 'received']);
      const rows = (await db.query('SELECT id, external_call_id FROM recordings ORDER BY id')).rows;
      expect(rows.map((r) => r.id)).toEqual([...accepted.keys()].sort());
      // The interrupted upload committed nothing; its key row is unlinked until the quarantine sweep.
      const orphanKeys = async () =>
        (await db.query(`SELECT object_key FROM data_keys WHERE recording_id IS NULL`)).rows.map(
          (r) => r.object_key as string,
        );
      const orphans = await orphanKeys();
      expect(orphans).toHaveLength(1);
      expect(orphans[0]).toMatch(new RegExp(`^tenants/${tenant.id}/recordings/[0-9a-f-]{36}/quarantine-`));

      const boss = new PgBoss({
        connectionString: embeddedDatabaseOf(dataDir),
        schema: 'pgboss',
        supervise: false,
        schedule: false,
        migrate: false,
      });
      await boss.start();
      await boss.send('quarantine.sweep', {});
      await boss.stop({ graceful: false, wait: true });
      const keys = async () =>
        (await db.query(`SELECT object_key, object_kind FROM data_keys ORDER BY object_key`)).rows;
      // The sweep destroys the orphaned key; finalize has destroyed the accepted recordings' quarantine copies.
      await until('only the redacted recordings and their waveforms to keep keys', async () =>
        (await keys()).every((k) => k.object_kind === 'recording' || k.object_kind === 'peaks'),
      );
      expect((await keys()).length).toBe(6);
      // Objects are purged just after the transaction that deleted their keys commits.
      const kept = (await keys()).map((k) => k.object_key).sort();
      await until(
        'the destroyed keys’ objects to be purged',
        () => storedObjects(dataDir).length === kept.length,
        10_000,
      ).catch(() => undefined);
      expect(storedObjects(dataDir).sort()).toEqual(kept);
    } finally {
      await db.end();
    }
    expect(await second.cli('audit:verify')).toMatchObject({ valid: true });
    expect(await second.stop()).toBe(0);
  }, 240_000);
});
