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
