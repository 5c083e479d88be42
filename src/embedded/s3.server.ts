import { createHash } from 'node:crypto';
import { once } from 'node:events';
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * The embedded object store: s3rver from its maintained fork `@20minutes/s3rver`
 * (the same server and wire behaviour as s3rver 3.7.1, on current dependencies:
 * busboy 1 instead of the vulnerable dicer, fast-xml-parser 5), on a loopback
 * port. An optional dependency: the production image leaves it out.
 */
export const EMBEDDED_S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/**
 * Started on a worker thread of its own, so its work (request parsing, MD5,
 * file writes, assembling multipart uploads) runs beside the pipeline rather
 * than on the event loop that serves the API and runs redaction — as an
 * object store on another machine would. It lives and dies with the process,
 * as it did in-process. From TypeScript sources (the test runner), where no
 * compiled worker script exists, it runs in-process as before.
 */
export async function startEmbeddedS3(
  dir: string,
  bucket: string,
): Promise<{ endpoint: string; close: () => Promise<void> }> {
  const script = path.join(__dirname, 's3.worker.js');
  if (!fs.existsSync(script)) {
    const server = createEmbeddedS3Server(dir, bucket);
    const addr = await server.run();
    return {
      endpoint: `http://127.0.0.1:${addr.port}`,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  }
  const worker = new Worker(script, { workerData: { dir, bucket } satisfies EmbeddedS3WorkerData });
  const exited = once(worker, 'exit');
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', (m: { port: number }) => resolve(m.port));
    worker.once('error', reject);
    void exited.then(([code]) =>
      reject(new Error(`the embedded object storage stopped (${String(code)}) before listening`)),
    );
  });
  // A failure after start-up leaves S3 requests failing (503 STORAGE_UNAVAILABLE), not the process down.
  worker.on('error', (e: Error) => process.emitWarning(`the embedded object storage stopped: ${e.message}`));
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: async () => {
      worker.postMessage('close');
      const timer = setTimeout(() => void worker.terminate(), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface EmbeddedS3WorkerData {
  dir: string;
  bucket: string;
}

/** Where s3rver keeps the parts of multipart uploads in progress, one directory per upload id. */
export function embeddedUploadsDir(dir: string, bucket: string): string {
  return path.join(dir, bucket, '._S3rver_uploads');
}

/** The server, configured and hardened, not yet listening. */
export function createEmbeddedS3Server(dir: string, bucket: string): S3rverServer {
  let S3rver: S3rverClass;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    S3rver = require('@20minutes/s3rver') as S3rverClass;
  } catch (e) {
    throw new Error(
      'the embedded object storage needs the package @20minutes/s3rver (a development dependency: install without --omit=dev), or set S3_ENDPOINT',
      { cause: e },
    );
  }
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Parts of multipart uploads cut off by a killed process: those uploads ran in it and can never complete.
  fs.rmSync(embeddedUploadsDir(dir, bucket), { recursive: true, force: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    // The fork checks SigV4 signatures but canonicalises bucket-level paths without the
    // trailing slash the SDK signs (`/vault/`), so ListObjectsV2 and HeadBucket would fail.
    // s3rver 3.7.1 never checked V4 signatures at all; this keeps that behaviour (the access
    // key must still exist).
    allowMismatchedSignatures: true,
    directory: dir,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  harden(server);
  return server;
}

/**
 * A quiet shutdown, and two fixes so a full disk is an error answer, not a crashed process: s3rver
 * writes a buffered body with a write stream that has no 'error' listener (an
 * ENOSPC there is an uncaught exception), and answers any store failure with a
 * generic 500. Writes now reject, and a full disk answers what MinIO answers:
 * 507 `XMinioStorageFull`.
 */
function harden(server: S3rverServer): void {
  // s3rver closes its logger when its HTTP server closes; a request still finishing then (a shred's
  // DELETE racing the shutdown) made winston complain on stderr about a logger without transports.
  const logger = server.logger;
  for (const level of ['error', 'warn', 'info', 'debug'] as const) {
    const write = logger[level].bind(logger);
    logger[level] = (...args: unknown[]) => {
      if (logger.transports.length > 0) write(...args);
    };
  }
  const store = server.store;
  const putContent = store.putContent.bind(store);
  store.putContent = async (objectPath, content) => {
    if (!Buffer.isBuffer(content)) return putContent(objectPath, content);
    await fs.promises.writeFile(objectPath, content);
    return [content.length, createHash('md5').update(content).digest('hex')];
  };
  store.putObjectMultipart = (bucket, uploadId, parts) => completeMultipart(store, bucket, uploadId, parts);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const S3Error = require('@20minutes/s3rver/lib/models/error') as S3ErrorClass;
  server.middleware.unshift(async (_ctx, next) => {
    try {
      await next();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOSPC' && code !== 'EDQUOT') throw e;
      const full = new S3Error('XMinioStorageFull', 'Storage backend has reached its minimum free drive threshold.');
      full.status = 507;
      full.expose = true;
      throw full;
    }
  });
}

/**
 * Completing a multipart upload: the parts are appended to the object file a
 * buffer at a time, and its ETag is the one S3 and MinIO give (the MD5 of the
 * parts' MD5s, "-<parts>"), from the MD5s kept with each part. s3rver streamed
 * every part back through a second MD5 of the whole object instead: for a
 * 1 h recording that was about a third of the embedded store's CPU.
 */
async function completeMultipart(
  store: S3rverStore,
  bucket: string,
  uploadId: string,
  parts: { number: number }[],
): Promise<{ md5: string; size: number }> {
  const uploadDir = path.join(store.getResourcePath(bucket, undefined, 'uploads'), uploadId);
  const [key, metadata] = await Promise.all([
    fs.promises.readFile(path.join(uploadDir, 'key'), 'utf8'),
    fs.promises.readFile(path.join(uploadDir, 'metadata'), 'utf8').then((m) => JSON.parse(m) as unknown),
  ]);
  const objectPath = store.getResourcePath(bucket, key, 'object');
  await fs.promises.mkdir(path.dirname(objectPath), { recursive: true });
  const etag = createHash('md5');
  const buffer = Buffer.allocUnsafe(1024 * 1024);
  let size = 0;
  const sorted = [...parts].sort((a, b) => a.number - b.number);
  const out = await fs.promises.open(objectPath, 'w');
  try {
    for (const part of sorted) {
      const partPath = path.join(uploadDir, String(part.number));
      etag.update(Buffer.from(await fs.promises.readFile(`${partPath}.md5`, 'utf8'), 'hex'));
      const input = await fs.promises.open(partPath, 'r');
      try {
        for (;;) {
          const { bytesRead } = await input.read(buffer, 0, buffer.length, null);
          if (bytesRead === 0) break;
          await out.write(buffer, 0, bytesRead);
          size += bytesRead;
        }
      } finally {
        await input.close();
      }
    }
  } finally {
    await out.close();
  }
  const md5 = `${etag.digest('hex')}-${sorted.length}`;
  await store.putMetadata(bucket, key, metadata, md5);
  await fs.promises.rm(uploadDir, { recursive: true, force: true });
  return { md5, size };
}

/** What is used of s3rver's filesystem store. */
interface S3rverStore {
  putContent(objectPath: string, content: Buffer | NodeJS.ReadableStream): Promise<[number, string]>;
  putObjectMultipart(
    bucket: string,
    uploadId: string,
    parts: { number: number }[],
  ): Promise<{ md5: string; size: number }>;
  putMetadata(bucket: string, key: string, metadata: unknown, md5: string): Promise<void>;
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
}

/** What is used of s3rver, which ships no types. */
export interface S3rverServer {
  run(): Promise<AddressInfo>;
  close(callback: () => void): void;
  /** s3rver's winston logger (also every request's `ctx.logger`). */
  logger: Record<'error' | 'warn' | 'info' | 'debug', (...args: unknown[]) => void> & { transports: unknown[] };
  /** Koa's middleware stack. */
  middleware: ((ctx: unknown, next: () => Promise<void>) => Promise<void>)[];
  store: S3rverStore;
}
type S3ErrorClass = new (code: string, message: string) => Error & { status: number; expose: boolean };
type S3rverClass = new (options: {
  address: string;
  port: number;
  silent: boolean;
  allowMismatchedSignatures: boolean;
  directory: string;
  configureBuckets: { name: string; configs: string[] }[];
}) => S3rverServer;
