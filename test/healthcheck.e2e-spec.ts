import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { startTestApp } from './support/app';
import { DIST, requireBuild, stop } from './support/child';
import { resetTestDatabase, TEST_DATABASE_URL } from './support/database';

/**
 * The image's health checks, run from the build the way Docker runs them:
 * `node dist/src/healthcheck.js` for the API, `… worker` for the worker.
 */
function healthcheck(args: string[], env: NodeJS.ProcessEnv): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(DIST, 'healthcheck.js'), ...args], {
      env: { PATH: process.env.PATH, ...env },
      stdio: 'ignore',
    });
    child.once('exit', resolve);
  });
}

const portOf = (server: Server) => (server.address() as AddressInfo).port;

describe('container health checks', () => {
  beforeAll(requireBuild);

  it('API: healthy while /health/ready answers 200, unhealthy on 503 or when nothing listens', async () => {
    const t = await startTestApp();
    const port = portOf(t.app.getHttpServer() as Server);
    try {
      expect(await healthcheck([], { PORT: String(port), HOST: '127.0.0.1' })).toBe(0);
      // The listener's wildcard address is probed on loopback.
      expect(await healthcheck([], { PORT: String(port), HOST: '0.0.0.0' })).toBe(0);
    } finally {
      await t.close();
    }
    expect(await healthcheck([], { PORT: String(port), HOST: '127.0.0.1' })).toBe(1);

    const unready = createServer((req, res) => {
      res.statusCode = req.url === '/health/ready' ? 503 : 200;
      res.end('{"status":"unavailable"}');
    });
    await new Promise<void>((resolve) => unready.listen(0, '127.0.0.1', resolve));
    try {
      expect(await healthcheck([], { PORT: String(portOf(unready)), HOST: '127.0.0.1' })).toBe(1);
    } finally {
      await new Promise((resolve) => unready.close(resolve));
    }
  });

  it('worker: healthy while its heartbeat is fresh, unhealthy when stale or stopped', async () => {
    await resetTestDatabase();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-worker-data-'));
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-worker-tmp-'));
    const beat = path.join(tmp, 'vault-worker.alive');
    const worker = spawn(process.execPath, [path.join(DIST, 'worker.js')], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TMPDIR: tmp,
        DATABASE_URL: TEST_DATABASE_URL,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    worker.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      const deadline = Date.now() + 45_000;
      while (!fs.existsSync(beat)) {
        if (worker.exitCode !== null || Date.now() > deadline) throw new Error(`no heartbeat: ${stderr.slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(await healthcheck(['worker'], { TMPDIR: tmp })).toBe(0);

      // A hung worker stops beating: paused, its last beat ages past the limit and the check fails.
      process.kill(worker.pid!, 'SIGSTOP');
      try {
        const old = new Date(Date.now() - 5 * 60_000);
        fs.utimesSync(beat, old, old);
        expect(await healthcheck(['worker'], { TMPDIR: tmp })).toBe(1);
      } finally {
        process.kill(worker.pid!, 'SIGCONT');
      }

      expect(await stop(worker)).toBe(0);
      expect(fs.existsSync(beat)).toBe(false);
      expect(await healthcheck(['worker'], { TMPDIR: tmp })).toBe(1);
    } finally {
      await stop(worker);
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
