import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Transform } from 'node:stream';
import { inflateSync } from 'node:zlib';
import {
  authenticateLength,
  CHUNK_SIZE,
  ChunkedEncryptionError,
  ciphertextLength,
  ciphertextRangeFor,
  createDecryptStream,
  createEncryptStream,
  createRangeDecryptStream,
  decrypt,
  deriveMessageKeys,
  encodeContext,
  encrypt,
  ENCRYPTED_CHUNK_SIZE,
  finalChunkRange,
  HEADER_SIZE,
  hazmat,
  plaintextLength,
  TAG_SIZE,
} from './chunked-encryption';

const VECTORS_DIR = path.resolve(__dirname, '../../../test/vectors/wycheproof');

interface RawVector {
  tcId: number;
  comment: string;
  key: string;
  ctx: string;
  ct: string;
  aeadKey?: string;
  baseNonce?: string;
  msgLength?: number;
  msgSha512?: string;
  result: 'valid' | 'invalid' | 'acceptable';
  flags: string[];
}

interface Vector extends RawVector {
  keyBytes: Buffer;
  ctxBytes: Buffer;
  ctBytes: Buffer;
}

const file = JSON.parse(
  readFileSync(path.join(VECTORS_DIR, 'c2sp_chunked_encryption_aes_256_gcm_test.json'), 'utf8'),
) as {
  algorithm: string;
  numberOfTests: number;
  testGroups: { aead: string; sha: string; tests: RawVector[] }[];
};
const vectors: Vector[] = file.testGroups.flatMap((g) =>
  g.tests.map((t) => ({
    ...t,
    keyBytes: Buffer.from(t.key, 'hex'),
    ctxBytes: Buffer.from(t.ctx, 'hex'),
    ctBytes: inflateSync(Buffer.from(t.ct, 'hex')),
  })),
);
const name = (v: Vector) => `tc${v.tcId} ${v.result} ${v.comment}`;
const sha512 = (b: Buffer) => createHash('sha512').update(b).digest('hex');
const has = (v: Vector, flag: string) => v.flags.includes(flag);
/** A hex field the vector's group always carries. */
const hex = (field: string | undefined) => {
  if (field === undefined) throw new Error('the test vector lacks a field its group carries');
  return Buffer.from(field, 'hex');
};

interface StreamResult {
  output: Buffer;
  error?: Error;
}

type Sizer = (i: number) => number;
const fixed =
  (n: number): Sizer =>
  () =>
    n;
const randomSizes: Sizer = () => 1 + Math.floor(Math.random() * 40000);

function run(stream: Transform, input: Buffer, size: Sizer = fixed(65536)): Promise<StreamResult> {
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    stream.on('data', (b: Buffer) => out.push(b));
    stream.on('end', () => resolve({ output: Buffer.concat(out) }));
    stream.on('error', (error) => resolve({ output: Buffer.concat(out), error }));
    for (let offset = 0, i = 0; offset < input.length && !stream.destroyed; i++) {
      const n = size(i);
      stream.write(input.subarray(offset, offset + n));
      offset += n;
    }
    if (!stream.destroyed) stream.end();
  });
}

async function expectStillErrored(stream: Transform): Promise<void> {
  let ended = false;
  stream.on('end', () => (ended = true));
  // Node's own stream errors come from another realm under Jest, so no instanceof here.
  const writeError = await new Promise<Error | null | undefined>((resolve) => stream.write(Buffer.alloc(100), resolve));
  expect(writeError?.message).toEqual(expect.any(String));
  stream.end();
  await new Promise((r) => setImmediate(r));
  expect(ended).toBe(false);
}

/** Jest's toEqual walks Buffers element by element; on MiB-sized ones that takes seconds. */
function expectBytes(actual: Buffer, expected: Buffer): void {
  if (actual.equals(expected)) return;
  let i = 0;
  while (i < actual.length && i < expected.length && actual[i] === expected[i]) i++;
  throw new Error(`bytes differ: lengths ${actual.length} vs ${expected.length}, first difference at offset ${i}`);
}

function expectCode(fn: () => unknown, code: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(ChunkedEncryptionError);
  expect((caught as ChunkedEncryptionError).code).toBe(code);
}

/** Whole-message read through the random-access interface, as the Range endpoint would do it. */
async function readAllByRange(key: Buffer, ctx: Buffer, ct: Buffer, size?: Sizer): Promise<StreamResult> {
  let stream: Transform;
  let body: Buffer;
  try {
    const total = plaintextLength(ct.length);
    const header = ct.subarray(0, HEADER_SIZE);
    if (total === 0) {
      stream = createRangeDecryptStream(key, ctx, header, 0, 0, 0, 0, 0);
      body = ct.subarray(HEADER_SIZE);
    } else {
      const r = ciphertextRangeFor(0, total - 1, ct.length);
      const s = createRangeDecryptStream(
        key,
        ctx,
        header,
        r.firstChunkIndex,
        r.lastChunkIndex,
        r.finalChunkIndex,
        r.sliceStart,
        r.sliceLength,
      );
      stream = s;
      body = ct.subarray(r.offset, r.offset + r.length);
    }
  } catch (error) {
    return { output: Buffer.alloc(0), error: error as Error };
  }
  return run(stream, body, size);
}

function lengthAuth(key: Buffer, ctx: Buffer, ct: Buffer): number {
  const f = finalChunkRange(ct.length);
  return authenticateLength(
    key,
    ctx,
    ct.subarray(0, HEADER_SIZE),
    ct.subarray(f.offset, f.offset + f.length),
    f.finalChunkIndex,
  );
}

describe('Wycheproof c2sp_chunked_encryption_aes_256_gcm_test.json', () => {
  const valid = vectors.filter((v) => v.result === 'valid');
  const invalid = vectors.filter((v) => v.result === 'invalid');
  const plaintextOf = (v: Vector) => decrypt(v.keyBytes, v.ctxBytes, v.ctBytes);

  it('is the Cobblestone-256 file, complete', () => {
    expect(file.algorithm).toBe('Cobblestone-256');
    expect(vectors).toHaveLength(file.numberOfTests);
    for (const g of file.testGroups) expect([g.aead, g.sha]).toEqual(['AEAD_AES_256_GCM', 'SHA-512']);
    expect(vectors.some((v) => v.result === 'acceptable')).toBe(false);
  });

  describe('one-shot decryption', () => {
    it.each(valid.map((v) => [name(v), v] as const))('%s', (_n, v) => {
      const pt = plaintextOf(v);
      expect(pt.length).toBe(v.msgLength);
      expect(sha512(pt)).toBe(v.msgSha512);
    });
    it.each(invalid.map((v) => [name(v), v] as const))('%s', (_n, v) => {
      expect(() => plaintextOf(v)).toThrow(ChunkedEncryptionError);
      if (has(v, 'InvalidKeySize')) expectCode(() => plaintextOf(v), 'BAD_KEY_SIZE');
      if (has(v, 'WrongKey') || has(v, 'WrongContext')) expectCode(() => plaintextOf(v), 'COMMITMENT_MISMATCH');
    });
  });

  describe('streaming decryption', () => {
    const sizers: [string, Sizer][] = [
      ['whole', fixed(Infinity)],
      ['1 byte', fixed(1)],
      ['16383', fixed(16383)],
      ['16400', fixed(ENCRYPTED_CHUNK_SIZE)],
      ['16401', fixed(ENCRYPTED_CHUNK_SIZE + 1)],
      ['random', randomSizes],
    ];
    const cases = vectors.flatMap((v) =>
      sizers
        // 1-byte writes of the 4 MiB rollover vectors add nothing but minutes.
        .filter(([s]) => s !== '1 byte' || v.ctBytes.length < 100_000)
        .map(([s, sizer]) => [`${name(v)} / ${s} writes`, v, sizer] as const),
    );

    it.each(cases)('%s', async (_n, v, sizer) => {
      if (has(v, 'InvalidKeySize')) {
        expectCode(() => createDecryptStream(v.keyBytes, v.ctxBytes), 'BAD_KEY_SIZE');
        return;
      }
      const stream = createDecryptStream(v.keyBytes, v.ctxBytes);
      const { output, error } = await run(stream, v.ctBytes, sizer);
      if (v.result === 'valid') {
        expect(error).toBeUndefined();
        expect(output.length).toBe(v.msgLength);
        expect(sha512(output)).toBe(v.msgSha512);
        return;
      }
      expect(error).toBeInstanceOf(ChunkedEncryptionError);
      if (has(v, 'PartialPlaintext')) {
        // Allowed: at most the valid prefix. This implementation releases every verified full chunk.
        expect(output.length).toBe(v.msgLength);
        expect(sha512(output)).toBe(v.msgSha512);
      } else {
        expect(output.length).toBe(0);
      }
      await expectStillErrored(stream);
    });
  });

  describe('random-access decryption of the whole message', () => {
    it.each(vectors.map((v) => [name(v), v] as const))('%s', async (_n, v) => {
      const { output, error } = await readAllByRange(v.keyBytes, v.ctxBytes, v.ctBytes, fixed(5000));
      if (v.result === 'valid') {
        expect(error).toBeUndefined();
        expect(sha512(output)).toBe(v.msgSha512);
      } else {
        expect(error).toBeInstanceOf(ChunkedEncryptionError);
        if (has(v, 'HeaderFailure')) expect(output.length).toBe(0);
      }
    });
  });

  describe('length authentication via the final chunk', () => {
    it.each(vectors.map((v) => [name(v), v] as const))('%s', (_n, v) => {
      const auth = () => lengthAuth(v.keyBytes, v.ctxBytes, v.ctBytes);
      if (v.result === 'valid') {
        expect(auth()).toBe(v.msgLength);
      } else if (has(v, 'ValidFinalChunk')) {
        // Permitted to succeed: the fault is elsewhere. Ours does, and reports the final chunk's view of the length.
        expect(auth()).toBe(plaintextLength(v.ctBytes.length));
      } else {
        expect(auth).toThrow(ChunkedEncryptionError);
      }
    });
  });

  describe('key derivation matches aeadKey / baseNonce', () => {
    it.each(vectors.filter((v) => v.aeadKey).map((v) => [name(v), v] as const))('%s', (_n, v) => {
      const keys = deriveMessageKeys(v.keyBytes, v.ctBytes.subarray(0, 24), v.ctxBytes);
      expect(keys.key.toString('hex')).toBe(v.aeadKey);
      expect(keys.baseNonce.toString('hex')).toBe(v.baseNonce);
      if (v.result === 'valid') expectBytes(keys.commitment, v.ctBytes.subarray(24, HEADER_SIZE));
    });
  });

  describe('raw mode', () => {
    const raw = vectors.filter((v) => !has(v, 'HeaderFailure'));
    it.each(raw.map((v) => [name(v), v] as const))('%s', (_n, v) => {
      const aeadKey = hex(v.aeadKey);
      const baseNonce = hex(v.baseNonce);
      const body = v.ctBytes.subarray(HEADER_SIZE);
      if (v.result === 'valid') {
        const pt = hazmat.rawDecrypt(aeadKey, baseNonce, body);
        expect(sha512(pt)).toBe(v.msgSha512);
        expectBytes(hazmat.rawEncrypt(aeadKey, baseNonce, pt), body);
      } else {
        expect(() => hazmat.rawDecrypt(aeadKey, baseNonce, body)).toThrow(ChunkedEncryptionError);
      }
    });
  });

  describe('encryption with the vector salt reproduces ct exactly', () => {
    it.each(valid.map((v) => [name(v), v] as const))('%s', async (_n, v) => {
      const pt = plaintextOf(v);
      const salt = v.ctBytes.subarray(0, 24);
      expectBytes(encrypt(v.keyBytes, v.ctxBytes, pt, { salt }), v.ctBytes);
      for (const sizer of [fixed(65536), fixed(16385), randomSizes]) {
        const { output, error } = await run(createEncryptStream(v.keyBytes, v.ctxBytes, { salt }), pt, sizer);
        expect(error).toBeUndefined();
        expectBytes(output, v.ctBytes);
      }
    });
  });
});

describe('chunked encryption', () => {
  const key = randomBytes(32);
  const ctx = encodeContext({ tenant: 't-1', recording: 'r-1', kind: 'audio' });
  // Three chunks: two full, one short.
  const pt3 = randomBytes(2 * CHUNK_SIZE + 10);
  const ct3 = encrypt(key, ctx, pt3);
  const chunkAt = (ct: Buffer, i: number) =>
    ct.subarray(
      HEADER_SIZE + i * ENCRYPTED_CHUNK_SIZE,
      Math.min(HEADER_SIZE + (i + 1) * ENCRYPTED_CHUNK_SIZE, ct.length),
    );

  async function expectAllInterfacesReject(ct: Buffer, code: string, k = key, c = ctx): Promise<void> {
    expectCode(() => decrypt(k, c, ct), code);
    const streamed = await run(createDecryptStream(k, c), ct, randomSizes);
    expect((streamed.error as ChunkedEncryptionError | undefined)?.code).toBe(code);
    const ranged = await readAllByRange(k, c, ct);
    expect((ranged.error as ChunkedEncryptionError | undefined)?.code).toBe(code);
  }

  it('round-trips the three-chunk message through every interface', async () => {
    expect(ct3.length).toBe(ciphertextLength(pt3.length));
    expectBytes(decrypt(key, ctx, ct3), pt3);
    expectBytes((await run(createDecryptStream(key, ctx), ct3, randomSizes)).output, pt3);
    expectBytes((await readAllByRange(key, ctx, ct3)).output, pt3);
    expect(lengthAuth(key, ctx, ct3)).toBe(pt3.length);
  });

  it('rejects every truncation of a three-chunk message', () => {
    const accepted: number[] = [];
    for (let len = 0; len < ct3.length; len++) {
      const cut = ct3.subarray(0, len);
      for (const attempt of [() => decrypt(key, ctx, cut), () => lengthAuth(key, ctx, cut)]) {
        try {
          attempt();
          accepted.push(len);
        } catch (err) {
          if (!(err instanceof ChunkedEncryptionError)) throw err;
        }
      }
    }
    expect(accepted).toEqual([]);
  });

  it('errors every truncated stream, releasing at most the verified full chunks', async () => {
    for (let len = 0; len < ct3.length; len++) {
      const { output, error } = await run(createDecryptStream(key, ctx), ct3.subarray(0, len), fixed(7000));
      expect(error).toBeInstanceOf(ChunkedEncryptionError);
      const fullChunks = Math.max(0, Math.floor((len - HEADER_SIZE) / ENCRYPTED_CHUNK_SIZE));
      expectBytes(output, pt3.subarray(0, Math.min(fullChunks, 2) * CHUNK_SIZE));
    }
  });

  it('rejects swapped, duplicated and dropped chunks', async () => {
    const [h, c0, c1, c2] = [ct3.subarray(0, HEADER_SIZE), chunkAt(ct3, 0), chunkAt(ct3, 1), chunkAt(ct3, 2)];
    await expectAllInterfacesReject(Buffer.concat([h, c1, c0, c2]), 'AUTH_FAILED');
    await expectAllInterfacesReject(Buffer.concat([h, c0, c0, c2]), 'AUTH_FAILED');
    await expectAllInterfacesReject(Buffer.concat([h, c0, c2]), 'AUTH_FAILED');
  });

  it('rejects a chunk spliced from another object at the same index (same key and context)', async () => {
    const other = encrypt(key, ctx, pt3);
    const spliced = Buffer.concat([ct3.subarray(0, HEADER_SIZE), chunkAt(ct3, 0), chunkAt(other, 1), chunkAt(ct3, 2)]);
    await expectAllInterfacesReject(spliced, 'AUTH_FAILED');
  });

  it('rejects every single-bit flip in salt and commitment before decrypting', () => {
    for (let bit = 0; bit < HEADER_SIZE * 8; bit++) {
      const bad = Buffer.from(ct3);
      bad[bit >> 3] ^= 1 << (bit & 7);
      expectCode(() => decrypt(key, ctx, bad), 'COMMITMENT_MISMATCH');
      expectCode(
        () => createRangeDecryptStream(key, ctx, bad.subarray(0, HEADER_SIZE), 0, 0, 2, 0, 1),
        'COMMITMENT_MISMATCH',
      );
    }
  });

  it('rejects single-bit flips in chunk bodies and tags', async () => {
    for (let i = 0; i < 3; i++) {
      const start = HEADER_SIZE + i * ENCRYPTED_CHUNK_SIZE;
      const tagStart = Math.min(start + ENCRYPTED_CHUNK_SIZE, ct3.length) - TAG_SIZE;
      const positions = [start, start + 1, Math.floor((start + tagStart) / 2), tagStart - 1];
      for (let p = tagStart; p < tagStart + TAG_SIZE; p++) positions.push(p);
      for (const p of positions) {
        const bad = Buffer.from(ct3);
        bad[p] ^= 1 << (p % 8);
        expectCode(() => decrypt(key, ctx, bad), 'AUTH_FAILED');
      }
    }
    const bad = Buffer.from(ct3);
    bad[HEADER_SIZE + ENCRYPTED_CHUNK_SIZE + 5] ^= 0x80;
    await expectAllInterfacesReject(bad, 'AUTH_FAILED');
  });

  it('rejects the wrong context and the wrong key via the commitment', async () => {
    await expectAllInterfacesReject(
      ct3,
      'COMMITMENT_MISMATCH',
      key,
      encodeContext({ tenant: 't-2', recording: 'r-1', kind: 'audio' }),
    );
    await expectAllInterfacesReject(ct3, 'COMMITMENT_MISMATCH', randomBytes(32));
    expectCode(() => lengthAuth(randomBytes(32), ctx, ct3), 'COMMITMENT_MISMATCH');
  });

  it('rejects trailing data, including a whole extra chunk', async () => {
    await expectAllInterfacesReject(Buffer.concat([ct3, Buffer.alloc(1)]), 'AUTH_FAILED');
    const longer = encrypt(key, ctx, randomBytes(3 * CHUNK_SIZE), { salt: ct3.subarray(0, 24) });
    // A genuine full chunk 2 (same salt, longer message) pushes ct3's final chunk to index 3.
    const extended = Buffer.concat([
      ct3.subarray(0, HEADER_SIZE + 2 * ENCRYPTED_CHUNK_SIZE),
      chunkAt(longer, 2),
      ct3.subarray(-26),
    ]);
    expectCode(() => decrypt(key, ctx, extended), 'AUTH_FAILED');
  });

  it('keeps erroring after a failure: writes fail and the stream never ends', async () => {
    const bad = Buffer.from(ct3);
    bad[HEADER_SIZE + 3] ^= 1;
    const stream = createDecryptStream(key, ctx);
    const { error } = await run(stream, bad);
    expect((error as ChunkedEncryptionError).code).toBe('AUTH_FAILED');
    await expectStillErrored(stream);
  });

  describe('streaming with odd write sizes', () => {
    const lengths = [0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 3 * CHUNK_SIZE, 100_000];
    const sizers: [string, Sizer][] = [
      ['1', fixed(1)],
      ['16383', fixed(16383)],
      ['16384', fixed(16384)],
      ['16385', fixed(16385)],
      ['16399', fixed(16399)],
      ['16400', fixed(16400)],
      ['16401', fixed(16401)],
      ['random', randomSizes],
    ];
    it.each(lengths.flatMap((len) => sizers.map(([s, sizer]) => [len, s, sizer] as const)))(
      'length %d, %s-byte writes',
      async (len, _s, sizer) => {
        const pt = randomBytes(len);
        const enc = await run(createEncryptStream(key, ctx), pt, sizer);
        expect(enc.error).toBeUndefined();
        expect(enc.output.length).toBe(ciphertextLength(len));
        expectBytes(decrypt(key, ctx, enc.output), pt);
        const dec = await run(createDecryptStream(key, ctx), enc.output, sizer);
        expect(dec.error).toBeUndefined();
        expectBytes(dec.output, pt);
      },
    );
  });

  it('encrypts the empty message as one empty chunk', async () => {
    const { output } = await run(createEncryptStream(key, ctx), Buffer.alloc(0));
    expect(output.length).toBe(HEADER_SIZE + TAG_SIZE);
    expect(decrypt(key, ctx, output).length).toBe(0);
    expect(lengthAuth(key, ctx, output)).toBe(0);
  });

  it('does not depend on the caller keeping its key buffer intact', async () => {
    const k = Buffer.from(key);
    const stream = createDecryptStream(k, ctx);
    k.fill(0);
    expectBytes((await run(stream, ct3, fixed(10))).output, pt3);
  });

  describe('ranges', () => {
    const pt = randomBytes(5 * CHUNK_SIZE + 777);
    const ct = encrypt(key, ctx, pt);
    const aligned = randomBytes(4 * CHUNK_SIZE);
    const ctAligned = encrypt(key, ctx, aligned);

    async function readRange(c: Buffer, start: number, end: number, sizer: Sizer = fixed(3000)): Promise<StreamResult> {
      const r = ciphertextRangeFor(start, end, c.length);
      const stream = createRangeDecryptStream(
        key,
        ctx,
        c.subarray(0, HEADER_SIZE),
        r.firstChunkIndex,
        r.lastChunkIndex,
        r.finalChunkIndex,
        r.sliceStart,
        r.sliceLength,
      );
      return run(stream, c.subarray(r.offset, r.offset + r.length), sizer);
    }

    const named: [string, number, number][] = [
      ['first byte', 0, 0],
      ['last byte', pt.length - 1, pt.length - 1],
      ['whole', 0, pt.length - 1],
      ['across the first boundary', CHUNK_SIZE - 1, CHUNK_SIZE],
      ['exactly chunk 1', CHUNK_SIZE, 2 * CHUNK_SIZE - 1],
      ['across several chunks', 100, 3 * CHUNK_SIZE + 5],
      ['into the final chunk', 4 * CHUNK_SIZE + 10, pt.length - 1],
      ['only the final chunk', 5 * CHUNK_SIZE, 5 * CHUNK_SIZE + 3],
    ];
    it.each(named)('%s', async (_n, start, end) => {
      const { output, error } = await readRange(ct, start, end);
      expect(error).toBeUndefined();
      expectBytes(output, pt.subarray(start, end + 1));
    });

    it('random ranges with random write sizes', async () => {
      for (let i = 0; i < 60; i++) {
        const a = Math.floor(Math.random() * pt.length);
        const b = Math.floor(Math.random() * pt.length);
        const [start, end] = a <= b ? [a, b] : [b, a];
        const { output, error } = await readRange(ct, start, end, randomSizes);
        expect(error).toBeUndefined();
        expectBytes(output, pt.subarray(start, end + 1));
      }
    });

    it('handles a message whose final chunk is empty', async () => {
      const last = aligned.length - 1;
      expect(ciphertextRangeFor(last, last, ctAligned.length)).toMatchObject({ lastChunkIndex: 4, finalChunkIndex: 4 });
      expect(ciphertextRangeFor(last - 1, last - 1, ctAligned.length)).toMatchObject({ lastChunkIndex: 3 });
      expectBytes((await readRange(ctAligned, last, last)).output, aligned.subarray(last));
      expectBytes((await readRange(ctAligned, 0, last)).output, aligned);
      expect(lengthAuth(key, ctx, ctAligned)).toBe(aligned.length);
    });

    it('maps lengths both ways and refuses impossible ciphertext lengths', () => {
      for (const len of [0, 1, 15, 16, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 7 * CHUNK_SIZE + 3]) {
        expect(plaintextLength(ciphertextLength(len))).toBe(len);
      }
      for (const bad of [
        0,
        55,
        HEADER_SIZE,
        HEADER_SIZE + 15,
        HEADER_SIZE + ENCRYPTED_CHUNK_SIZE,
        HEADER_SIZE + ENCRYPTED_CHUNK_SIZE + 15,
      ]) {
        expectCode(() => plaintextLength(bad), 'TRUNCATED');
      }
      expectCode(() => plaintextLength(-1), 'BAD_RANGE');
      expectCode(() => plaintextLength(1.5), 'BAD_RANGE');
      expectCode(() => ciphertextLength(2 ** 38 * CHUNK_SIZE), 'TOO_LONG');
    });

    it('reports the covering chunks, header excluded', () => {
      expect(ciphertextRangeFor(CHUNK_SIZE - 1, CHUNK_SIZE, ct.length)).toEqual({
        offset: HEADER_SIZE,
        length: 2 * ENCRYPTED_CHUNK_SIZE,
        firstChunkIndex: 0,
        lastChunkIndex: 1,
        finalChunkIndex: 5,
        sliceStart: CHUNK_SIZE - 1,
        sliceLength: 2,
        plaintextLength: pt.length,
      });
      const tail = ciphertextRangeFor(pt.length - 1, pt.length - 1, ct.length);
      expect(tail.offset + tail.length).toBe(ct.length);
    });

    it('refuses unsatisfiable ranges', () => {
      expectCode(() => ciphertextRangeFor(10, 9, ct.length), 'BAD_RANGE');
      expectCode(() => ciphertextRangeFor(0, pt.length, ct.length), 'BAD_RANGE');
      expectCode(() => ciphertextRangeFor(-1, 5, ct.length), 'BAD_RANGE');
      expectCode(() => ciphertextRangeFor(0, 0, HEADER_SIZE + TAG_SIZE), 'BAD_RANGE');
      expectCode(() => createRangeDecryptStream(key, ctx, ct.subarray(0, HEADER_SIZE), 2, 1, 5, 0, 1), 'BAD_RANGE');
      expectCode(
        () => createRangeDecryptStream(key, ctx, ct.subarray(0, HEADER_SIZE), 0, 0, 5, 100, CHUNK_SIZE),
        'BAD_RANGE',
      );
      expectCode(() => createRangeDecryptStream(key, ctx, ct.subarray(0, 40), 0, 0, 5, 0, 1), 'BAD_HEADER_SIZE');
    });

    it('errors when the covering ciphertext is short, long, or from the wrong index', async () => {
      const header = ct.subarray(0, HEADER_SIZE);
      const chunks12 = ct.subarray(HEADER_SIZE + ENCRYPTED_CHUNK_SIZE, HEADER_SIZE + 3 * ENCRYPTED_CHUNK_SIZE);
      const open = (first: number, last: number) => createRangeDecryptStream(key, ctx, header, first, last, 5, 0, 10);
      expect((await run(open(1, 2), chunks12)).error).toBeUndefined();
      expect(((await run(open(1, 2), chunks12.subarray(0, -1))).error as ChunkedEncryptionError).code).toBe(
        'TRUNCATED',
      );
      expect(
        ((await run(open(1, 2), Buffer.concat([chunks12, Buffer.alloc(1)]))).error as ChunkedEncryptionError).code,
      ).toBe('TRAILING_DATA');
      expect(((await run(open(2, 3), chunks12)).error as ChunkedEncryptionError).code).toBe('AUTH_FAILED');
      const finalWithExtra = Buffer.concat([chunkAt(ct, 5), Buffer.alloc(ENCRYPTED_CHUNK_SIZE)]);
      expect(((await run(open(5, 5), finalWithExtra)).error as ChunkedEncryptionError).code).toBe('TRAILING_DATA');
    });

    it('authenticates the length only with the genuine final chunk', () => {
      const header = ct.subarray(0, HEADER_SIZE);
      expect(lengthAuth(key, ctx, ct)).toBe(pt.length);
      // A full chunk presented as final (object cut at a chunk boundary) is refused.
      expectCode(() => authenticateLength(key, ctx, header, chunkAt(ct, 4), 4), 'TRUNCATED');
      // The real final chunk at a different index (object shortened or lengthened) fails authentication.
      expectCode(() => authenticateLength(key, ctx, header, chunkAt(ct, 5), 4), 'AUTH_FAILED');
      expectCode(() => authenticateLength(key, ctx, header, chunkAt(ct, 5), 6), 'AUTH_FAILED');
    });
  });

  describe('encodeContext', () => {
    it('is independent of key order and exact', () => {
      const a = encodeContext({ tenant: 't', recording: 'r', kind: 'k' });
      const b = encodeContext({ kind: 'k', recording: 'r', tenant: 't' });
      expectBytes(a, b);
      expect(encodeContext({ b: '2', a: 'é' }).toString('hex')).toBe(
        '00000002' + '00000001' + '61' + '00000002' + 'c3a9' + '00000001' + '62' + '00000001' + '32',
      );
    });

    it('never encodes distinct contexts alike', () => {
      const samples: Record<string, string>[] = [
        {},
        { a: '' },
        { a: 'bc' },
        { ab: 'c' },
        { a: 'b', c: '' },
        { a: 'b\u0000c' },
        { 'a\u0000': 'bc' },
      ];
      const encoded = new Set(samples.map((s) => encodeContext(s).toString('hex')));
      expect(encoded.size).toBe(samples.length);
    });

    it('rejects empty keys, non-strings and lone surrogates', () => {
      expectCode(() => encodeContext({ '': 'x' }), 'BAD_CONTEXT');
      expectCode(() => encodeContext({ a: 1 as unknown as string }), 'BAD_CONTEXT');
      expectCode(() => encodeContext({ a: '\ud800' }), 'BAD_CONTEXT');
    });
  });

  it('validates key and salt sizes at construction', () => {
    for (const k of [randomBytes(31), randomBytes(33), Buffer.alloc(0)]) {
      expectCode(() => createEncryptStream(k, ctx), 'BAD_KEY_SIZE');
      expectCode(() => createDecryptStream(k, ctx), 'BAD_KEY_SIZE');
      expectCode(() => encrypt(k, ctx, Buffer.alloc(1)), 'BAD_KEY_SIZE');
      expectCode(() => decrypt(k, ctx, ct3), 'BAD_KEY_SIZE');
      expectCode(() => createRangeDecryptStream(k, ctx, ct3.subarray(0, HEADER_SIZE), 0, 0, 2, 0, 1), 'BAD_KEY_SIZE');
    }
    expectCode(() => createEncryptStream(key, ctx, { salt: randomBytes(23) }), 'BAD_SALT_SIZE');
  });

  it('keeps key material out of error messages', () => {
    const messages: string[] = [];
    const collect = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        messages.push((err as Error).message);
      }
    };
    const bad = Buffer.from(ct3);
    bad[HEADER_SIZE] ^= 1;
    collect(() => decrypt(key, ctx, bad));
    collect(() => decrypt(randomBytes(32), ctx, ct3));
    collect(() => decrypt(key, ctx, ct3.subarray(0, 100)));
    collect(() => createDecryptStream(key.subarray(1), ctx));
    expect(messages).toHaveLength(4);
    const secrets = [key.toString('hex'), key.toString('base64'), key.toString('latin1')];
    for (const m of messages) for (const s of secrets) expect(m).not.toContain(s);
  });
});
