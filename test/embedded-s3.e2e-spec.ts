import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { createEmbeddedS3Server, EMBEDDED_S3_CREDENTIALS } from '../src/embedded/s3.server';
import { DIST, requireBuild } from './support/child';

const PART = 5 * 1024 * 1024;

/** The ETag S3 and MinIO give an object: its MD5, or for a multipart upload the MD5 of the parts' MD5s and "-<parts>". */
function s3Etag(data: Buffer, partSize: number): string {
  const md5 = (b: Buffer) => createHash('md5').update(b).digest();
  if (data.length <= partSize) return md5(data).toString('hex');
  const parts: Buffer[] = [];
  for (let o = 0; o < data.length; o += partSize) parts.push(md5(data.subarray(o, o + partSize)));
  return `${md5(Buffer.concat(parts)).toString('hex')}-${parts.length}`;
}

function client(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    credentials: EMBEDDED_S3_CREDENTIALS,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** Uploads of several sizes at once (single PUT, exactly one part, multipart with a short last part) read back byte for byte. */
async function roundTrips(s3: S3Client): Promise<void> {
  const sizes = [0, 1000, PART, PART + 1, 3 * PART + 12_345, 2 * PART];
  const objects = sizes.map((n, i) => ({ key: `obj-${i}`, data: randomBytes(n) }));
  const etags = await Promise.all(
    objects.map(async ({ key, data }) => {
      const up = new Upload({
        client: s3,
        params: { Bucket: 'vault', Key: key, Body: Readable.from([data]) },
        partSize: PART,
        queueSize: 2,
      });
      return (await up.done()).ETag;
    }),
  );
  for (const [i, { key, data }] of objects.entries()) {
    const want = JSON.stringify(s3Etag(data, PART));
    expect({ key, etag: etags[i] }).toEqual({ key, etag: want });
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'vault', Key: key }));
    expect({ key, etag: head.ETag, size: head.ContentLength }).toEqual({ key, etag: want, size: data.length });
    const got = await s3.send(new GetObjectCommand({ Bucket: 'vault', Key: key }));
    const body = Buffer.from(
      await (got.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
    );
    expect(body.equals(data)).toBe(true);
  }
}

/**
 * The embedded object store: multipart uploads are assembled into the object
 * byte for byte with the ETag S3 gives (not a second MD5 of every byte), and
 * the store runs on its own thread when started from the build.
 */
describe('embedded object storage', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-s3-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('in-process: concurrent single and multipart uploads read back exactly, with S3 ETags', async () => {
    const dir = tmp();
    const server = createEmbeddedS3Server(dir, 'vault');
    const addr = await server.run();
    try {
      await roundTrips(client(`http://127.0.0.1:${addr.port}`));
      // Completed uploads leave no parts behind.
      expect(fs.readdirSync(path.join(dir, 'vault', '._S3rver_uploads'))).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('from the build: the store runs on a thread of its own, serves the same, and its thread ends on close', async () => {
    requireBuild();
    const threads = () => fs.readdirSync('/proc/self/task').length;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const built = require(path.join(DIST, 'embedded/s3.server.js')) as typeof import('../src/embedded/s3.server');
    const before = threads();
    const s3 = await built.startEmbeddedS3(tmp(), 'vault');
    try {
      expect(threads()).toBeGreaterThan(before);
      await roundTrips(client(s3.endpoint));
    } finally {
      await s3.close();
    }
    expect(threads()).toBe(before);
  });
});
