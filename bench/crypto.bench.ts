/**
 * Chunked encryption (Cobblestone-256) throughput against node's raw
 * AES-256-GCM on the same bytes: once as a single GCM message (the ceiling
 * for one core), once as one GCM message per 16 KiB chunk (the same AEAD work
 * the format requires, without our framing).
 *
 * Ratios use CPU time (user + system of this process), because on a shared
 * machine wall time mostly measures the neighbours. Cases run round-robin and
 * each keeps its best round.
 *
 *   npm run bench -- crypto [MiB]
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { Transform } from 'node:stream';
import { finished } from 'node:stream/promises';
import {
  CHUNK_SIZE,
  createDecryptStream,
  createEncryptStream,
  decrypt,
  encodeContext,
  encrypt,
} from '../src/modules/crypto/chunked-encryption';

const WRITE_SIZE = 64 * 1024;
const ROUNDS = 5;

interface Case {
  name: string;
  body: () => unknown;
  cpuMs: number;
  wallMs: number;
}

const benchCase = (name: string, body: () => unknown): Case => ({ name, body, cpuMs: Infinity, wallMs: Infinity });

async function measure(cases: Case[]): Promise<void> {
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of cases) {
      const cpu = process.cpuUsage();
      const wall = performance.now();
      await c.body();
      const used = process.cpuUsage(cpu);
      c.wallMs = Math.min(c.wallMs, performance.now() - wall);
      c.cpuMs = Math.min(c.cpuMs, (used.user + used.system) / 1e3);
    }
  }
}

/** Writes as a well-behaved producer would: 64 KiB at a time, waiting on backpressure. */
async function drive(stream: Transform, input: Buffer): Promise<void> {
  stream.on('data', () => undefined);
  const done = finished(stream);
  for (let offset = 0; offset < input.length; offset += WRITE_SIZE) {
    if (!stream.write(input.subarray(offset, offset + WRITE_SIZE))) await once(stream, 'drain');
  }
  stream.end();
  await done;
}

function chunkIv(iv: Buffer, index: number): Buffer {
  const n = Buffer.from(iv);
  n.writeUInt32BE(index, 8);
  return n;
}

export async function run(mib = 256): Promise<void> {
  const bytes = mib * 1024 * 1024;
  const plaintext = randomBytes(bytes);
  const key = randomBytes(32);
  const iv = randomBytes(12);
  const context = encodeContext({ tenant: 'bench', recording: 'bench', kind: 'audio' });

  // Baseline ciphertexts reuse one (key, iv) pair: acceptable in a benchmark only.
  const single = createCipheriv('aes-256-gcm', key, iv);
  const singleCt = Buffer.concat([single.update(plaintext), single.final()]);
  const singleTag = single.getAuthTag();
  const chunkCt = Buffer.allocUnsafe(bytes);
  const chunkTags: Buffer[] = [];
  for (let i = 0, offset = 0; offset < bytes; i++, offset += CHUNK_SIZE) {
    const c = createCipheriv('aes-256-gcm', key, chunkIv(iv, i));
    c.update(plaintext.subarray(offset, offset + CHUNK_SIZE)).copy(chunkCt, offset);
    c.final();
    chunkTags[i] = c.getAuthTag();
  }
  const ciphertext = encrypt(key, context, plaintext);

  const enc = [
    benchCase('raw GCM, one message', () => {
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      for (let offset = 0; offset < bytes; offset += WRITE_SIZE)
        cipher.update(plaintext.subarray(offset, offset + WRITE_SIZE));
      cipher.final();
    }),
    benchCase('raw GCM, per 16 KiB chunk', () => {
      for (let i = 0, offset = 0; offset < bytes; i++, offset += CHUNK_SIZE) {
        const cipher = createCipheriv('aes-256-gcm', key, chunkIv(iv, i));
        cipher.update(plaintext.subarray(offset, offset + CHUNK_SIZE));
        cipher.final();
        cipher.getAuthTag();
      }
    }),
    benchCase('createEncryptStream, 64 KiB writes', () => drive(createEncryptStream(key, context), plaintext)),
    benchCase('encrypt() one-shot', () => encrypt(key, context, plaintext)),
  ];
  const dec = [
    benchCase('raw GCM, one message', () => {
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAuthTag(singleTag);
      for (let offset = 0; offset < bytes; offset += WRITE_SIZE)
        decipher.update(singleCt.subarray(offset, offset + WRITE_SIZE));
      decipher.final();
    }),
    benchCase('raw GCM, per 16 KiB chunk', () => {
      for (let i = 0, offset = 0; offset < bytes; i++, offset += CHUNK_SIZE) {
        const decipher = createDecipheriv('aes-256-gcm', key, chunkIv(iv, i));
        decipher.setAuthTag(chunkTags[i]);
        decipher.update(chunkCt.subarray(offset, offset + CHUNK_SIZE));
        decipher.final();
      }
    }),
    benchCase('createDecryptStream, 64 KiB writes', () => drive(createDecryptStream(key, context), ciphertext)),
    benchCase('decrypt() one-shot', () => decrypt(key, context, ciphertext)),
  ];

  await measure([...enc, ...dec]);

  console.log(`Cobblestone-256 vs raw AES-256-GCM: ${mib} MiB, best of ${ROUNDS}, node ${process.version}`);
  print('encrypt', enc, bytes);
  print('decrypt', dec, bytes);
}

function print(title: string, cases: Case[], bytes: number): void {
  const rate = (ms: number) => bytes / 1e6 / (ms / 1e3);
  const [single, perChunk] = cases.map((c) => rate(c.cpuMs));
  const cols = ['MB/s cpu', 'MB/s wall', 'vs one msg', 'vs per-chunk'];
  console.log(`\n${title.padEnd(38)}${cols.map((c) => c.padStart(13)).join('')}`);
  for (const c of cases) {
    const r = rate(c.cpuMs);
    const cells = [r.toFixed(0), rate(c.wallMs).toFixed(0), (r / single).toFixed(2), (r / perChunk).toFixed(2)];
    console.log(`  ${c.name.padEnd(36)}${cells.map((x) => x.padStart(13)).join('')}`);
  }
}

if (require.main === module) {
  run(Number(process.argv[2] ?? 256)).catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
