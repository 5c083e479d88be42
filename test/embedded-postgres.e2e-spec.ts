import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { DIST, requireBuild, spawnEmbedded } from './support/child';
import { freePort } from './support/service';

/** Only the database is embedded here; S3 and KMS point elsewhere and are never called. */
const ONLY_DATABASE = { S3_ENDPOINT: 'http://127.0.0.1:1', KMS_KEY_ID: 'k', KMS_SIGNING_KEY_ID: 's', DATABASE_URL: '' };
const dirs: string[] = [];
const newDataDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-embedded-'));
  dirs.push(dir);
  return dir;
};
const start = (dataDir: string) => spawnEmbedded({ ...ONLY_DATABASE, DATA_DIR: dataDir });
const postmasterPid = (dataDir: string) =>
  Number(fs.readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
async function query(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}
async function waitGone(pid: number) {
  for (let i = 0; i < 200 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
}

describe('the embedded PostgreSQL', () => {
  beforeAll(requireBuild);
  afterAll(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is a real PostgreSQL on loopback, with a random password kept 0600, run by a non-root user, and keeps its data across clean restarts', async () => {
    const dataDir = newDataDir();
    const pg = await start(dataDir);
    const url = new URL(pg.endpoints.databaseUrl);
    expect(url.hostname).toBe('127.0.0.1');
    expect(pg.endpoints.embedded).toEqual(['database (embedded PostgreSQL)']);
    const passwordFile = path.join(dataDir, 'postgres.password');
    expect(fs.statSync(passwordFile).mode & 0o777).toBe(0o600);
    expect(decodeURIComponent(url.password)).toBe(fs.readFileSync(passwordFile, 'utf8'));
    expect(url.password.length).toBeGreaterThanOrEqual(32);

    const [settings] = await query(
      pg.endpoints.databaseUrl,
      `SELECT version(), current_setting('listen_addresses') AS listen, current_setting('unix_socket_directories') AS sockets, current_setting('data_directory') AS dir`,
    );
    expect(settings).toMatchObject({ listen: '127.0.0.1', sockets: '', dir: path.join(dataDir, 'postgres') });
    expect(settings.version).toMatch(/^PostgreSQL 18\./);
    const wrong = new URL(pg.endpoints.databaseUrl);
    wrong.password = 'not-the-password';
    await expect(query(wrong.toString(), 'SELECT 1')).rejects.toMatchObject({ code: '28P01' });

    // PostgreSQL refuses to run as root: as root, the `postgres` user runs it and owns its files.
    const runAs =
      process.getuid!() === 0
        ? Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }))
        : process.getuid!();
    const pid = postmasterPid(dataDir);
    expect(fs.readFileSync(`/proc/${pid}/status`, 'utf8')).toMatch(new RegExp(`\\nUid:\\s+${runAs}\\s`));
    expect(fs.statSync(path.join(dataDir, 'postgres')).uid).toBe(runAs);

    await query(pg.endpoints.databaseUrl, `CREATE TABLE kept (v text); INSERT INTO kept VALUES ('before restart')`);
    expect(await pg.stop()).toBe(0);
    await waitGone(pid);
    expect(alive(pid)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);

    const again = await start(dataDir);
    try {
      expect(again.endpoints.databaseUrl).toContain(url.password);
      expect(await query(again.endpoints.databaseUrl, 'SELECT v FROM kept')).toEqual([{ v: 'before restart' }]);
    } finally {
      await again.stop();
    }
  });

  it('starts again after its owner was killed with SIGKILL, stopping the PostgreSQL left running', async () => {
    const dataDir = newDataDir();
    const first = await start(dataDir);
    await query(first.endpoints.databaseUrl, `CREATE TABLE kept (v text); INSERT INTO kept VALUES ('committed')`);
    const orphan = postmasterPid(dataDir);
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    expect(alive(orphan)).toBe(true);

    const second = await start(dataDir);
    try {
      expect(alive(orphan)).toBe(false);
      expect(postmasterPid(dataDir)).not.toBe(orphan);
      expect(await query(second.endpoints.databaseUrl, 'SELECT v FROM kept')).toEqual([{ v: 'committed' }]);
    } finally {
      await second.stop();
    }
  });

  it('starts over a stale postmaster.pid naming another live process or a dead one', async () => {
    const dataDir = newDataDir();
    const first = await start(dataDir);
    const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
    const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
    await first.stop();
    const deadPid = spawnSync('true').pid;
    for (const stalePid of [process.pid, deadPid]) {
      fs.writeFileSync(pidFile, [String(stalePid), ...lines.slice(1)].join('\n'));
      const pg = await start(dataDir);
      try {
        expect(await query(pg.endpoints.databaseUrl, 'SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
        expect(postmasterPid(dataDir)).not.toBe(stalePid);
      } finally {
        await pg.stop();
      }
    }
  });

  it('stops start-up on a DATA_DIR from the PGlite version, explaining it and changing nothing', async () => {
    const dataDir = newDataDir();
    const legacy = path.join(dataDir, 'pglite');
    fs.mkdirSync(legacy);
    fs.writeFileSync(path.join(legacy, 'PG_VERSION'), '17\n');
    const before = fs.readdirSync(dataDir).sort();
    const env = {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      DATABASE_URL: '',
      S3_ENDPOINT: '',
      KMS_KEY_ID: '',
    };
    const child = spawn(process.execPath, [path.join(DIST, 'main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(err).toContain(
      `${legacy} holds a database made by an earlier version of this service with the embedded PGlite`,
    );
    expect(err).toContain('It held development data only');
    expect(err).toContain(`To start fresh, delete ${dataDir}`);
    expect(err).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect(fs.readdirSync(dataDir).sort()).toEqual(before);
    expect(fs.readFileSync(path.join(legacy, 'PG_VERSION'), 'utf8')).toBe('17\n');
  });
});
