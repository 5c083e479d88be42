import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

/**
 * The embedded object store: s3rver from its maintained fork `@20minutes/s3rver`
 * (the same server and wire behaviour as s3rver 3.7.1, on current dependencies:
 * busboy 1 instead of the vulnerable dicer, fast-xml-parser 5), in-process on a
 * loopback port. An optional dependency: the production image leaves it out.
 */
export const EMBEDDED_S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export async function startEmbeddedS3(
  dir: string,
  bucket: string,
): Promise<{ endpoint: string; close: () => Promise<void> }> {
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
  fs.rmSync(path.join(dir, bucket, '._S3rver_uploads'), { recursive: true, force: true });
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
  const addr = await server.run();
  return {
    endpoint: `http://127.0.0.1:${addr.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What is used of s3rver, which ships no types. */
interface S3rverServer {
  run(): Promise<AddressInfo>;
  close(callback: () => void): void;
}
type S3rverClass = new (options: {
  address: string;
  port: number;
  silent: boolean;
  allowMismatchedSignatures: boolean;
  directory: string;
  configureBuckets: { name: string; configs: string[] }[];
}) => S3rverServer;
