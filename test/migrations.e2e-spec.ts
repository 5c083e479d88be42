import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { migrations } from '../migrations';
import { createDataSource, migrate } from '../src/database/data-source';
import { spawnEmbedded } from './support/child';
import { resetTestDatabase, TEST_DATABASE_URL } from './support/database';

const TABLES = [
  'tenants',
  'api_keys',
  'recordings',
  'participants',
  'consent_events',
  'data_keys',
  'audit_events',
  'audit_checkpoints',
];

async function tables(url: string): Promise<string[]> {
  const ds = createDataSource(url, 2);
  await ds.initialize();
  try {
    const rows = await ds.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
    );
    return rows.map((r: { table_name: string }) => r.table_name);
  } finally {
    await ds.destroy();
  }
}

async function upDownUp(url: string): Promise<void> {
  const ds = createDataSource(url, 4);
  await ds.initialize();
  try {
    // Two runners at once: the advisory lock lets exactly one apply each migration.
    const [a, b] = await Promise.all([migrate(ds), migrate(ds)]);
    expect([...a, ...b].sort()).toEqual(migrations.map((m) => m.name).sort());
    expect(await tables(url)).toEqual(expect.arrayContaining(TABLES));
    for (let i = 0; i < migrations.length; i++) await migrate(ds, 'down');
    expect((await tables(url)).filter((t) => t !== 'migrations')).toEqual([]);
    expect(await migrate(ds)).toHaveLength(migrations.length);
    expect(await migrate(ds)).toEqual([]);
  } finally {
    await ds.destroy();
  }
}

describe('migrations', () => {
  it('apply once, revert completely and re-apply on a fresh PostgreSQL database', async () => {
    await resetTestDatabase();
    await upDownUp(TEST_DATABASE_URL);
  });

  it('make a matter of each free-text matter of earlier holds, per tenant, and link the holds to it', async () => {
    await resetTestDatabase();
    const ds = createDataSource(TEST_DATABASE_URL, 2);
    await ds.initialize();
    try {
      await migrate(ds);
      // Back to just before CreateMatters (and whatever came after it).
      const at = migrations.findIndex((m) => m.name === 'CreateMatters1764900400000');
      expect(at).toBeGreaterThan(0);
      for (let i = migrations.length; i > at; i--) await migrate(ds, 'down');
      const hold = async (tenant: string, recording: string, matter: string): Promise<string> =>
        (
          await ds.query(
            `INSERT INTO legal_holds (recording_id, tenant_id, matter, reason, placed_by) VALUES ($1, $2, $3, 'r', 'x') RETURNING id`,
            [recording, tenant, matter],
          )
        )[0].id;
      const ids: Record<string, string> = {};
      for (const name of ['acme', 'globex']) {
        const [tenant] = await ds.query(`INSERT INTO tenants (name) VALUES ($1) RETURNING id`, [name]);
        const [rec] = await ds.query(
          `INSERT INTO recordings (tenant_id, external_call_id, status) VALUES ($1, 'c', 'available') RETURNING id`,
          [tenant.id],
        );
        ids[`${name}-a1`] = await hold(tenant.id, rec.id, 'Smith v. Acme');
        ids[`${name}-a2`] = await hold(tenant.id, rec.id, 'Smith v. Acme');
        if (name === 'acme') ids['acme-b'] = await hold(tenant.id, rec.id, 'Other');
      }
      await migrate(ds);
      const matters: { tenant: string; reference: string; name: string; holds: string[] }[] = await ds.query(
        `SELECT t.name AS tenant, m.reference, m.name, array_agg(h.id ORDER BY h.placed_at, h.id) AS holds
           FROM matters m JOIN tenants t ON t.id = m.tenant_id JOIN legal_holds h ON h.matter_id = m.id
          GROUP BY 1, 2, 3 ORDER BY 1, 2`,
      );
      const sorted = (...k: string[]) => k.map((x) => ids[x]).sort();
      expect(matters.map((m) => [m.tenant, m.reference, m.name, [...m.holds].sort()])).toEqual([
        ['acme', 'Other', 'Other', sorted('acme-b')],
        ['acme', 'Smith v. Acme', 'Smith v. Acme', sorted('acme-a1', 'acme-a2')],
        ['globex', 'Smith v. Acme', 'Smith v. Acme', sorted('globex-a1', 'globex-a2')],
      ]);
      expect((await ds.query(`SELECT count(*)::int AS n FROM legal_holds WHERE matter_id IS NULL`))[0].n).toBe(0);
    } finally {
      await ds.destroy();
    }
  });

  it('do the same on the embedded PostgreSQL', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-embedded-pg-'));
    const pg = await spawnEmbedded({
      DATA_DIR: dataDir,
      S3_ENDPOINT: 'http://127.0.0.1:1',
      KMS_KEY_ID: 'k',
      KMS_SIGNING_KEY_ID: 's',
    });
    try {
      expect(pg.endpoints.embedded).toEqual(['database (embedded PostgreSQL)']);
      await upDownUp(pg.endpoints.databaseUrl);
    } finally {
      await pg.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
