import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import type { AppConfig } from '../config/config';
import type { ServiceEndpoints } from '../config/service-endpoints';
import { embeddedDatabaseUrl, startEmbeddedPostgres, type EmbeddedLog } from './postgres.server';
import { EMBEDDED_S3_CREDENTIALS, embeddedUploadsDir, startEmbeddedS3 } from './s3.server';

/**
 * Stand-ins for PostgreSQL, S3 and KMS that speak the production wire
 * protocols, started only for services the configuration leaves unset, and
 * never in production (the configuration refuses that). The running service
 * records their loopback addresses in `<DATA_DIR>/embedded.json` so that the
 * operator CLI and a worker reach the same ones.
 */

interface Record_ {
  pid: number;
  /** The embedded PostgreSQL's port; its password stays in its own file. */
  databasePort?: number;
  s3Endpoint?: string;
  kms?: { endpoint: string; keyId: string; signingKeyId: string };
}

const KMS_DEV_CREDENTIALS = { accessKeyId: 'vault-dev', secretAccessKey: 'vault-dev' };
const recordPath = (dataDir: string) => path.join(dataDir, 'embedded.json');

/**
 * Start what is missing. With `reuse`, an embedded set already started by a
 * live service on the same DATA_DIR is used instead of starting a second one.
 */
export async function resolveServices(
  config: AppConfig,
  opts: { reuse?: boolean; record?: boolean; log?: EmbeddedLog } = {},
): Promise<ServiceEndpoints> {
  const needDb = !config.database.url;
  const needS3 = !config.s3.endpoint;
  const needKms = !config.kms.keyId;
  const closers: (() => Promise<void>)[] = [];
  const embedded: string[] = [];
  const notices: string[] = [];
  const warnings: string[] = [];
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });

  const running = opts.reuse ? await liveRecord(config.dataDir) : undefined;
  const rec: Record_ = { pid: process.pid };
  if (!running && (needDb || needS3 || needKms)) {
    const release = lockDataDir(config.dataDir);
    closers.push(() => Promise.resolve().then(release));
  }

  let databaseUrl = config.database.url;
  let s3Endpoint = config.s3.endpoint;
  let kms = config.kms.keyId
    ? {
        endpoint: config.kms.endpoint,
        keyId: config.kms.keyId,
        signingKeyId: config.kms.signingKeyId as string,
        credentials: config.kms.credentials,
      }
    : undefined;
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
  };
  try {
    if (needDb) {
      embedded.push('database (embedded PostgreSQL)');
      if (running?.databasePort) databaseUrl = embeddedDatabaseUrl(config.dataDir, running.databasePort);
      else {
        const pg = await startEmbeddedPostgres({ dataDir: config.dataDir, log: opts.log });
        databaseUrl = pg.url;
        notices.push(pg.notice);
        closers.push(pg.close);
      }
      rec.databasePort = Number(new URL(databaseUrl).port);
    }

    if (needS3) {
      embedded.push('object storage (s3rver)');
      if (running?.s3Endpoint) s3Endpoint = running.s3Endpoint;
      else {
        const s3 = await startEmbeddedS3(path.join(config.dataDir, 's3'), config.s3.bucket);
        s3Endpoint = s3.endpoint;
        closers.push(s3.close);
      }
      rec.s3Endpoint = s3Endpoint;
    }

    if (needKms) {
      embedded.push('key management (development KMS)');
      if (running?.kms) kms = { ...running.kms, credentials: KMS_DEV_CREDENTIALS };
      else {
        const { startEmbeddedKms } = await import('./kms.server');
        const server = await startEmbeddedKms({ dataDir: config.dataDir, region: config.kms.region });
        warnings.push(server.warning);
        kms = {
          endpoint: server.endpoint,
          keyId: server.keyId,
          signingKeyId: server.signingKeyId,
          credentials: KMS_DEV_CREDENTIALS,
        };
        closers.push(server.close);
      }
      rec.kms = { endpoint: kms.endpoint as string, keyId: kms.keyId, signingKeyId: kms.signingKeyId };
    }
  } catch (e) {
    await closeAll();
    throw e;
  }

  const wrote = opts.record && embedded.length > 0 && !running;
  if (wrote) fs.writeFileSync(recordPath(config.dataDir), JSON.stringify(rec, null, 2), { mode: 0o600 });

  return {
    databaseUrl: databaseUrl as string,
    s3: {
      endpoint: s3Endpoint,
      bucket: config.s3.bucket,
      region: config.s3.region,
      credentials: needS3 ? EMBEDDED_S3_CREDENTIALS : config.s3.credentials,
      forcePathStyle: needS3 ? true : config.s3.forcePathStyle,
      timeouts: config.s3.timeouts,
      ...(needS3 ? { embeddedUploadsDir: embeddedUploadsDir(path.join(config.dataDir, 's3'), config.s3.bucket) } : {}),
    },
    kms: { region: config.kms.region, timeouts: config.kms.timeouts, ...(kms as NonNullable<typeof kms>) },
    embedded,
    notices,
    warnings,
    async close() {
      if (wrote) fs.rmSync(recordPath(config.dataDir), { force: true });
      await closeAll();
    },
  };
}

/** The stand-ins' files belong to one process at a time. */
function lockDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, 'embedded.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx', mode: 0o600 });
      return () => fs.rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(fs.readFileSync(file, 'utf8'));
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new Error(
          `DATA_DIR ${dataDir} is in use by the embedded services of process ${pid}; stop it or choose another DATA_DIR`,
          { cause: e },
        );
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`could not lock DATA_DIR ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function liveRecord(dataDir: string): Promise<Record_ | undefined> {
  let rec: Record_;
  try {
    rec = JSON.parse(fs.readFileSync(recordPath(dataDir), 'utf8')) as Record_;
  } catch {
    return undefined;
  }
  if (!isAlive(rec.pid)) return undefined;
  const target = rec.databasePort ? `http://127.0.0.1:${rec.databasePort}` : (rec.s3Endpoint ?? rec.kms?.endpoint);
  if (!target) return undefined;
  const u = new URL(target);
  return (await canConnect(u.hostname, Number(u.port))) ? rec : undefined;
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
    s.setTimeout(1000, () => {
      s.destroy();
      resolve(false);
    });
  });
}
