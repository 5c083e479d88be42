import { execFile, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { embeddedDatabaseUrl } from '../../src/embedded/postgres.server';
import { DIST, requireBuild, stop } from './child';

const exec = promisify(execFile);

/** Variables that select a real service: unset, as on a fresh machine, so every stand-in starts. */
const SERVICE_VARIABLES = [
  'NODE_ENV',
  'DATABASE_URL',
  'S3_ENDPOINT',
  'KMS_ENDPOINT',
  'KMS_KEY_ID',
  'KMS_SIGNING_KEY_ID',
  'OIDC_ISSUER',
];

export interface ServiceProcess {
  child: ChildProcess;
  base: string;
  env: NodeJS.ProcessEnv;
  /** How the process ended, once it has; `undefined` while it runs. */
  exit(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
  output(): { out: string; err: string };
  /** `npm run vault -- <args> --json` against the same DATA_DIR and configuration. */
  cli(...args: string[]): Promise<Record<string, unknown>>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * `node dist/src/main.js` as `npm start` runs it, with `env` on top of the
 * caller's environment less the variables that select real services: so
 * with only DATA_DIR given, it is the README's first command on a fresh machine.
 */
export async function startService(env: NodeJS.ProcessEnv): Promise<ServiceProcess> {
  requireBuild();
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !SERVICE_VARIABLES.includes(k)));
  const port = env.PORT ?? String(await freePort());
  const full: NodeJS.ProcessEnv = { ...base, LOG_LEVEL: 'info', ...env, PORT: port };
  const child = spawn(process.execPath, [path.join(DIST, 'main.js')], { env: full, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let ended: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.once('exit', (code, signal) => (ended = { code, signal }));
  await new Promise<void>((resolve, reject) => {
    const check = () => out.includes('listening on') && resolve();
    child.stdout.on('data', check);
    child.once('exit', (code) => reject(new Error(`service exited with ${code}: ${err.slice(-2000)}`)));
  });
  return {
    child,
    base: `http://127.0.0.1:${port}`,
    env: full,
    exit: () => ended,
    output: () => ({ out, err }),
    cli: async (...args) =>
      JSON.parse((await exec(process.execPath, [path.join(DIST, 'cli.js'), ...args, '--json'], { env: full })).stdout),
    stop: (signal = 'SIGTERM') => stop(child, signal),
  };
}

/** The running embedded PostgreSQL of a service on `dataDir`, as the CLI finds it. */
export function embeddedDatabaseOf(dataDir: string): string {
  const rec = JSON.parse(fs.readFileSync(path.join(dataDir, 'embedded.json'), 'utf8')) as { databasePort: number };
  return embeddedDatabaseUrl(dataDir, rec.databasePort);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
