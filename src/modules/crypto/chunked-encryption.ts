/**
 * c2sp.org/chunked-encryption, instantiated as Cobblestone-256
 * (AEAD_AES_256_GCM, HKDF-SHA-512, 16 KiB chunks). The format is fixed by the
 * spec and its Wycheproof vectors; nothing here may change the bytes.
 *
 * Ciphertext = salt (24) || commitment (32) || chunk 0 || chunk 1 || ...
 * Every chunk but the last holds exactly 16 KiB of plaintext; the last holds
 * less (possibly nothing), which is what authenticates the message length:
 * there is no final-chunk flag.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Transform, TransformCallback } from 'node:stream';

const AEAD_NAME = 'AEAD_AES_256_GCM';
const INFO_PREFIX = Buffer.from(`c2sp.org/chunked-encryption@v1+${AEAD_NAME}\0`, 'latin1');

export const KEY_SIZE = 32;
export const NONCE_SIZE = 12;
export const TAG_SIZE = 16;
export const SALT_SIZE = 24;
export const COMMITMENT_SIZE = 32;
export const HEADER_SIZE = SALT_SIZE + COMMITMENT_SIZE;
export const CHUNK_SIZE = 16 * 1024;
export const ENCRYPTED_CHUNK_SIZE = CHUNK_SIZE + TAG_SIZE;
/** The spec caps a message at 2^38 chunks (4 PiB). */
export const MAX_CHUNKS = 2 ** 38;

export type ChunkedEncryptionErrorCode =
  | 'BAD_KEY_SIZE'
  | 'BAD_SALT_SIZE'
  | 'BAD_HEADER_SIZE'
  | 'BAD_CONTEXT'
  | 'BAD_RANGE'
  | 'TRUNCATED'
  | 'TRAILING_DATA'
  | 'AUTH_FAILED'
  | 'COMMITMENT_MISMATCH'
  | 'TOO_LONG';

/** Messages carry sizes and indices only, never key or plaintext bytes. */
export class ChunkedEncryptionError extends Error {
  constructor(
    readonly code: ChunkedEncryptionErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ChunkedEncryptionError';
  }
}

function fail(code: ChunkedEncryptionErrorCode, message: string): never {
  throw new ChunkedEncryptionError(code, message);
}

function checkKey(key: Buffer): void {
  if (key.length !== KEY_SIZE) fail('BAD_KEY_SIZE', `input key must be ${KEY_SIZE} bytes, got ${key.length}`);
}

export interface MessageKeys {
  key: Buffer;
  baseNonce: Buffer;
  commitment: Buffer;
}

/**
 * HKDF-Expand only (no Extract): the spec treats the input key as already
 * uniform, which is why node's hkdfSync (Extract+Expand) does not fit.
 */
export function deriveMessageKeys(inputKey: Buffer, salt: Buffer, context: Buffer): MessageKeys {
  checkKey(inputKey);
  if (salt.length !== SALT_SIZE) fail('BAD_SALT_SIZE', `salt must be ${SALT_SIZE} bytes, got ${salt.length}`);
  const info = Buffer.concat([INFO_PREFIX, salt, context]);
  const t1 = createHmac('sha512', inputKey).update(info).update(Buffer.of(1)).digest();
  const t2 = createHmac('sha512', inputKey).update(t1).update(info).update(Buffer.of(2)).digest();
  const okm = Buffer.concat([t1, t2]);
  const keys: MessageKeys = {
    key: Buffer.alloc(KEY_SIZE),
    baseNonce: Buffer.alloc(NONCE_SIZE),
    commitment: Buffer.alloc(COMMITMENT_SIZE),
  };
  okm.copy(keys.key, 0, 0, KEY_SIZE);
  okm.copy(keys.baseNonce, 0, KEY_SIZE, KEY_SIZE + NONCE_SIZE);
  okm.copy(keys.commitment, 0, KEY_SIZE + NONCE_SIZE, KEY_SIZE + NONCE_SIZE + COMMITMENT_SIZE);
  t1.fill(0);
  t2.fill(0);
  okm.fill(0);
  return keys;
}

/** Per-message AEAD state: the derived key and base nonce, i.e. the spec's raw mode. */
class ChunkCodec {
  private readonly nonce = Buffer.alloc(NONCE_SIZE);

  constructor(
    private readonly key: Buffer,
    private readonly baseNonce: Buffer,
  ) {}

  static fromHeader(inputKey: Buffer, context: Buffer, header: Buffer): ChunkCodec {
    if (header.length !== HEADER_SIZE)
      fail('BAD_HEADER_SIZE', `header must be ${HEADER_SIZE} bytes, got ${header.length}`);
    const keys = deriveMessageKeys(inputKey, header.subarray(0, SALT_SIZE), context);
    const ok = timingSafeEqual(keys.commitment, header.subarray(SALT_SIZE, HEADER_SIZE));
    keys.commitment.fill(0);
    if (!ok) {
      keys.key.fill(0);
      keys.baseNonce.fill(0);
      fail('COMMITMENT_MISMATCH', 'key commitment does not match (wrong key or context, or corrupted header)');
    }
    return new ChunkCodec(keys.key, keys.baseNonce);
  }

  // nonce = base nonce XOR index, big-endian; the index fits in the last 5 bytes.
  private nonceFor(index: number): Buffer {
    if (index >= MAX_CHUNKS) fail('TOO_LONG', `chunk index exceeds the ${MAX_CHUNKS}-chunk limit`);
    const n = this.nonce;
    this.baseNonce.copy(n);
    n[7] ^= Math.floor(index / 2 ** 32);
    n.writeUInt32BE((n.readUInt32BE(8) ^ index) >>> 0, 8);
    return n;
  }

  seal(plaintext: Buffer, index: number): [body: Buffer, tag: Buffer] {
    const cipher = createCipheriv('aes-256-gcm', this.key, this.nonceFor(index));
    const body = cipher.update(plaintext);
    cipher.final();
    return [body, cipher.getAuthTag()];
  }

  /** `sealed` is body || tag; plaintext is returned only once the tag verifies. */
  open(sealed: Buffer, index: number): Buffer {
    if (sealed.length < TAG_SIZE) fail('TRUNCATED', `chunk ${index} is shorter than its tag`);
    const bodyLength = sealed.length - TAG_SIZE;
    const decipher = createDecipheriv('aes-256-gcm', this.key, this.nonceFor(index), { authTagLength: TAG_SIZE });
    decipher.setAuthTag(sealed.subarray(bodyLength));
    const plaintext = decipher.update(sealed.subarray(0, bodyLength));
    try {
      decipher.final();
    } catch {
      plaintext.fill(0);
      fail('AUTH_FAILED', `chunk ${index} failed authentication`);
    }
    return plaintext;
  }

  wipe(): void {
    this.key.fill(0);
    this.baseNonce.fill(0);
    this.nonce.fill(0);
  }
}

// ---------------------------------------------------------------- lengths

function checkLength(name: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) fail('BAD_RANGE', `${name} must be a non-negative safe integer`);
}

export function ciphertextLength(plaintextLength: number): number {
  checkLength('plaintextLength', plaintextLength);
  const full = Math.floor(plaintextLength / CHUNK_SIZE);
  if (full >= MAX_CHUNKS) fail('TOO_LONG', 'message exceeds the chunk limit');
  return HEADER_SIZE + full * ENCRYPTED_CHUNK_SIZE + (plaintextLength % CHUNK_SIZE) + TAG_SIZE;
}

/** Throws TRUNCATED for lengths no message encrypts to (see the spec's implementation notes). */
export function plaintextLength(ciphertextLength: number): number {
  checkLength('ciphertextLength', ciphertextLength);
  if (ciphertextLength < HEADER_SIZE + TAG_SIZE) fail('TRUNCATED', 'ciphertext too short for header and final chunk');
  const body = ciphertextLength - HEADER_SIZE;
  const full = Math.floor(body / ENCRYPTED_CHUNK_SIZE);
  const last = body % ENCRYPTED_CHUNK_SIZE;
  if (last < TAG_SIZE) fail('TRUNCATED', 'ciphertext length leaves no valid short final chunk');
  if (full >= MAX_CHUNKS) fail('TOO_LONG', 'message exceeds the chunk limit');
  return full * CHUNK_SIZE + last - TAG_SIZE;
}

export interface CiphertextRange {
  /** Byte range of the covering chunks; the 56-byte header at offset 0 must be fetched too. */
  offset: number;
  length: number;
  firstChunkIndex: number;
  lastChunkIndex: number;
  finalChunkIndex: number;
  /** Where the requested bytes start within the first chunk's plaintext, and how many. */
  sliceStart: number;
  sliceLength: number;
  plaintextLength: number;
}

export function ciphertextRangeFor(
  plaintextStart: number,
  plaintextEndInclusive: number,
  totalCiphertextLength: number,
): CiphertextRange {
  const total = plaintextLength(totalCiphertextLength);
  checkLength('plaintextStart', plaintextStart);
  checkLength('plaintextEndInclusive', plaintextEndInclusive);
  if (plaintextStart > plaintextEndInclusive || plaintextEndInclusive >= total) {
    fail('BAD_RANGE', `range ${plaintextStart}-${plaintextEndInclusive} not satisfiable for length ${total}`);
  }
  const firstChunkIndex = Math.floor(plaintextStart / CHUNK_SIZE);
  const finalChunkIndex = Math.floor(total / CHUNK_SIZE);
  // A range that reaches the end takes in the final chunk (possibly empty), so
  // "this is the end" is authenticated rather than taken from the object size.
  const lastChunkIndex =
    plaintextEndInclusive === total - 1 ? finalChunkIndex : Math.floor(plaintextEndInclusive / CHUNK_SIZE);
  const offset = HEADER_SIZE + firstChunkIndex * ENCRYPTED_CHUNK_SIZE;
  const end = Math.min(HEADER_SIZE + (lastChunkIndex + 1) * ENCRYPTED_CHUNK_SIZE, totalCiphertextLength);
  return {
    offset,
    length: end - offset,
    firstChunkIndex,
    lastChunkIndex,
    finalChunkIndex,
    sliceStart: plaintextStart - firstChunkIndex * CHUNK_SIZE,
    sliceLength: plaintextEndInclusive - plaintextStart + 1,
    plaintextLength: total,
  };
}

/** Where the final chunk sits, for {@link authenticateLength}. */
export function finalChunkRange(totalCiphertextLength: number): {
  offset: number;
  length: number;
  finalChunkIndex: number;
} {
  const total = plaintextLength(totalCiphertextLength);
  const finalChunkIndex = Math.floor(total / CHUNK_SIZE);
  const offset = HEADER_SIZE + finalChunkIndex * ENCRYPTED_CHUNK_SIZE;
  return { offset, length: totalCiphertextLength - offset, finalChunkIndex };
}

/**
 * Authenticates the message length by decrypting the final chunk at its
 * index, as the spec requires before trusting a length (e.g. to answer a
 * suffix range or report a total size). Returns the plaintext length.
 */
export function authenticateLength(
  key: Buffer,
  context: Buffer,
  header: Buffer,
  finalChunkCiphertext: Buffer,
  finalChunkIndex: number,
): number {
  checkLength('finalChunkIndex', finalChunkIndex);
  if (finalChunkCiphertext.length >= ENCRYPTED_CHUNK_SIZE) fail('TRUNCATED', 'final chunk is not short');
  const codec = ChunkCodec.fromHeader(key, context, header);
  try {
    codec.open(finalChunkCiphertext, finalChunkIndex).fill(0);
  } finally {
    codec.wipe();
  }
  return finalChunkIndex * CHUNK_SIZE + finalChunkCiphertext.length - TAG_SIZE;
}

// ---------------------------------------------------------------- encryption

export interface EncryptOptions {
  /** Only for reproducing test vectors; production must let the salt be random. */
  salt?: Buffer;
}

function startMessage(key: Buffer, context: Buffer, opts: EncryptOptions): { codec: ChunkCodec; header: Buffer } {
  checkKey(key);
  const salt = opts.salt ?? randomBytes(SALT_SIZE);
  const keys = deriveMessageKeys(key, salt, context);
  const header = Buffer.concat([salt, keys.commitment]);
  keys.commitment.fill(0);
  return { codec: new ChunkCodec(keys.key, keys.baseNonce), header };
}

class EncryptTransform extends Transform {
  private readonly codec: ChunkCodec;
  private readonly pending = Buffer.alloc(CHUNK_SIZE);
  private pendingLength = 0;
  private index = 0;

  constructor(key: Buffer, context: Buffer, opts: EncryptOptions) {
    super();
    const { codec, header } = startMessage(key, context, opts);
    this.codec = codec;
    this.push(header);
  }

  private sealChunk(plaintext: Buffer): void {
    const [body, tag] = this.codec.seal(plaintext, this.index++);
    this.push(body);
    this.push(tag);
  }

  // A full 16 KiB buffer can never be the final chunk, so it is sealed at once.
  override _transform(data: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    try {
      let offset = 0;
      if (this.pendingLength > 0) {
        offset = data.copy(this.pending, this.pendingLength, 0, CHUNK_SIZE - this.pendingLength);
        this.pendingLength += offset;
        if (this.pendingLength < CHUNK_SIZE) {
          callback();
          return;
        }
        this.sealChunk(this.pending);
        this.pendingLength = 0;
      }
      for (; data.length - offset >= CHUNK_SIZE; offset += CHUNK_SIZE) {
        this.sealChunk(data.subarray(offset, offset + CHUNK_SIZE));
      }
      this.pendingLength = data.copy(this.pending, 0, offset);
      callback();
    } catch (err) {
      callback(err as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      this.sealChunk(this.pending.subarray(0, this.pendingLength));
      this.wipe();
      callback();
    } catch (err) {
      callback(err as Error);
    }
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.wipe();
    callback(err);
  }

  private wipe(): void {
    this.pending.fill(0);
    this.pendingLength = 0;
    this.codec.wipe();
  }
}

export function createEncryptStream(key: Buffer, context: Buffer, opts: EncryptOptions = {}): Transform {
  return new EncryptTransform(key, context, opts);
}

export function encrypt(key: Buffer, context: Buffer, plaintext: Buffer, opts: EncryptOptions = {}): Buffer {
  const { codec, header } = startMessage(key, context, opts);
  return sealAll(codec, plaintext, header);
}

function sealAll(codec: ChunkCodec, plaintext: Buffer, header: Buffer): Buffer {
  const out = Buffer.allocUnsafe(header.length + ciphertextLength(plaintext.length) - HEADER_SIZE);
  let at = header.copy(out);
  try {
    for (let index = 0, offset = 0; ; index++, offset += CHUNK_SIZE) {
      const end = Math.min(offset + CHUNK_SIZE, plaintext.length);
      const [body, tag] = codec.seal(plaintext.subarray(offset, end), index);
      at += body.copy(out, at);
      at += tag.copy(out, at);
      if (end - offset < CHUNK_SIZE) return out;
    }
  } finally {
    codec.wipe();
  }
}

// ---------------------------------------------------------------- decryption

interface DecryptPlan {
  /** Known up front for random access; otherwise read from the stream. */
  header?: Buffer;
  firstIndex: number;
  lastIndex: number;
  /** Unknown when streaming: the chunk that turns out short at the end is final. */
  finalIndex?: number;
  sliceStart: number;
  sliceLength: number;
}

/**
 * Full chunks are decrypted as soon as they are complete: a 16 KiB chunk is
 * never final, so no look-ahead is needed, and plaintext leaves only after
 * its tag verifies. The short final chunk is decrypted at end of input.
 */
class DecryptTransform extends Transform {
  private inputKey: Buffer;
  private codec?: ChunkCodec;
  private readonly header = Buffer.alloc(HEADER_SIZE);
  private headerLength = 0;
  private readonly pending = Buffer.alloc(ENCRYPTED_CHUNK_SIZE);
  private pendingLength = 0;
  private index: number;
  private skip: number;
  private remaining: number;
  private failure?: Error;
  /** Verified plaintext of one write, pushed as one buffer: a push per 16 KiB chunk costs more downstream than a copy. */
  private out: Buffer[] = [];

  constructor(
    key: Buffer,
    private readonly context: Buffer,
    private readonly plan: DecryptPlan,
  ) {
    super();
    checkKey(key);
    this.index = plan.firstIndex;
    this.skip = plan.sliceStart;
    this.remaining = plan.sliceLength;
    if (plan.header) {
      this.codec = ChunkCodec.fromHeader(key, context, plan.header);
      this.inputKey = Buffer.alloc(0);
    } else {
      // Copied so the caller may wipe its key while the header is still in flight.
      this.inputKey = Buffer.alloc(KEY_SIZE);
      key.copy(this.inputKey);
    }
  }

  override _transform(data: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    if (this.failure) {
      callback(this.failure);
      return;
    }
    try {
      this.consume(data);
      this.flushOut();
      callback();
    } catch (err) {
      this.failWith(err as Error, callback);
    }
  }

  override _flush(callback: TransformCallback): void {
    if (this.failure) {
      callback(this.failure);
      return;
    }
    try {
      this.finish();
      this.flushOut();
      this.wipe();
      callback();
    } catch (err) {
      this.failWith(err as Error, callback);
    }
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.wipe();
    callback(err);
  }

  private flushOut(): void {
    if (this.out.length === 1) this.push(this.out[0]);
    else if (this.out.length > 1) this.push(Buffer.concat(this.out));
    this.out = [];
  }

  private failWith(err: Error, callback: TransformCallback): void {
    // Chunks verified before the failing one are a valid prefix (the spec allows releasing it); nothing after.
    this.flushOut();
    this.failure = err;
    this.wipe();
    callback(err);
  }

  private consume(data: Buffer): void {
    let offset = 0;
    if (!this.codec) {
      offset = data.copy(this.header, this.headerLength, 0, HEADER_SIZE - this.headerLength);
      this.headerLength += offset;
      if (this.headerLength < HEADER_SIZE) return;
      this.codec = ChunkCodec.fromHeader(this.inputKey, this.context, this.header);
      this.inputKey.fill(0);
    }
    if (this.pendingLength > 0) {
      const n = data.copy(this.pending, this.pendingLength, offset, offset + ENCRYPTED_CHUNK_SIZE - this.pendingLength);
      this.pendingLength += n;
      offset += n;
      if (this.pendingLength < ENCRYPTED_CHUNK_SIZE) return;
      this.openFull(this.pending);
      this.pendingLength = 0;
    }
    for (; data.length - offset >= ENCRYPTED_CHUNK_SIZE; offset += ENCRYPTED_CHUNK_SIZE) {
      this.openFull(data.subarray(offset, offset + ENCRYPTED_CHUNK_SIZE));
    }
    if (offset < data.length && this.index > this.plan.lastIndex) {
      fail('TRAILING_DATA', `data after chunk ${this.plan.lastIndex}`);
    }
    this.pendingLength = data.copy(this.pending, 0, offset);
  }

  private openFull(sealed: Buffer): void {
    if (this.index > this.plan.lastIndex) fail('TRAILING_DATA', `data after chunk ${this.plan.lastIndex}`);
    if (this.index === this.plan.finalIndex) fail('TRAILING_DATA', `final chunk ${this.index} is not short`);
    // Set from the header before any full chunk is passed here.
    if (!this.codec) fail('TRUNCATED', 'ciphertext ends inside the header');
    this.release(this.codec.open(sealed, this.index++));
  }

  private finish(): void {
    if (!this.codec) fail('TRUNCATED', 'ciphertext ends inside the header');
    const { finalIndex, lastIndex } = this.plan;
    const expectFinal = finalIndex === undefined || (this.index === finalIndex && this.index <= lastIndex);
    if (expectFinal) {
      if (this.pendingLength < TAG_SIZE) fail('TRUNCATED', `final chunk ${this.index} is missing or cut short`);
      this.release(this.codec.open(this.pending.subarray(0, this.pendingLength), this.index++));
    } else if (this.pendingLength > 0 || this.index <= lastIndex) {
      fail('TRUNCATED', `ciphertext ends inside chunk ${this.index}`);
    }
    if (this.remaining > 0 && finalIndex !== undefined) fail('BAD_RANGE', 'range extends past the end of the message');
  }

  private release(plaintext: Buffer): void {
    if (this.skip === 0 && plaintext.length <= this.remaining) {
      this.remaining -= plaintext.length;
      if (plaintext.length > 0) this.out.push(plaintext);
      return;
    }
    const start = Math.min(this.skip, plaintext.length);
    const end = Math.min(plaintext.length, start + this.remaining);
    this.skip -= start;
    this.remaining -= end - start;
    if (end > start) this.out.push(plaintext.subarray(start, end));
  }

  private wipe(): void {
    this.inputKey.fill(0);
    this.codec?.wipe();
  }
}

/**
 * Errors (TRUNCATED, AUTH_FAILED, COMMITMENT_MISMATCH, ...) destroy the
 * stream: later writes fail and it never ends cleanly. Plaintext already
 * emitted is an authenticated prefix, never the whole message; consumers
 * must treat an error as "message invalid".
 */
export function createDecryptStream(key: Buffer, context: Buffer): Transform {
  return new DecryptTransform(key, context, {
    firstIndex: 0,
    lastIndex: Infinity,
    sliceStart: 0,
    sliceLength: Infinity,
  });
}

/**
 * Decrypts chunks firstChunkIndex..lastChunkIndex (their ciphertext, fed in
 * order) and emits `sliceLength` bytes starting `sliceStart` bytes into the
 * first chunk's plaintext. The header's commitment is checked here, so this
 * throws before any chunk is read if key, context or header are wrong.
 * The total length is authenticated only when the range covers the final
 * chunk; see {@link authenticateLength} otherwise.
 */
export function createRangeDecryptStream(
  key: Buffer,
  context: Buffer,
  header: Buffer,
  firstChunkIndex: number,
  lastChunkIndex: number,
  finalChunkIndex: number,
  sliceStart: number,
  sliceLength: number,
): Transform {
  for (const [name, n] of Object.entries({
    firstChunkIndex,
    lastChunkIndex,
    finalChunkIndex,
    sliceStart,
    sliceLength,
  })) {
    checkLength(name, n);
  }
  if (firstChunkIndex > lastChunkIndex || lastChunkIndex > finalChunkIndex || finalChunkIndex >= MAX_CHUNKS) {
    fail('BAD_RANGE', 'chunk indices must satisfy first <= last <= final < 2^38');
  }
  if (sliceStart + sliceLength > (lastChunkIndex - firstChunkIndex + 1) * CHUNK_SIZE) {
    fail('BAD_RANGE', 'slice extends past the covering chunks');
  }
  return new DecryptTransform(key, context, {
    header,
    firstIndex: firstChunkIndex,
    lastIndex: lastChunkIndex,
    finalIndex: finalChunkIndex,
    sliceStart,
    sliceLength,
  });
}

/** Returns plaintext only if the whole message authenticates. */
export function decrypt(key: Buffer, context: Buffer, ciphertext: Buffer): Buffer {
  checkKey(key);
  if (ciphertext.length < HEADER_SIZE) fail('TRUNCATED', 'ciphertext ends inside the header');
  const codec = ChunkCodec.fromHeader(key, context, ciphertext.subarray(0, HEADER_SIZE));
  return openAll(codec, ciphertext.subarray(HEADER_SIZE));
}

function openAll(codec: ChunkCodec, body: Buffer): Buffer {
  const full = Math.floor(body.length / ENCRYPTED_CHUNK_SIZE);
  const last = body.length % ENCRYPTED_CHUNK_SIZE;
  // Not zero-filled: every byte is overwritten on success and wiped on failure.
  const out = Buffer.allocUnsafeSlow(full * CHUNK_SIZE + Math.max(0, last - TAG_SIZE));
  try {
    if (last < TAG_SIZE) fail('TRUNCATED', `final chunk ${full} is missing or cut short`);
    for (let index = 0; index <= full; index++) {
      const offset = index * ENCRYPTED_CHUNK_SIZE;
      const plaintext = codec.open(body.subarray(offset, Math.min(offset + ENCRYPTED_CHUNK_SIZE, body.length)), index);
      plaintext.copy(out, index * CHUNK_SIZE);
      plaintext.fill(0);
    }
    return out;
  } catch (err) {
    out.fill(0);
    throw err;
  } finally {
    codec.wipe();
  }
}

/**
 * The spec's raw mode (key and base nonce supplied, no salt or commitment).
 * Exposed only so the Wycheproof vectors can check it; the spec advises
 * against using it outside a higher-level protocol, so application code must not.
 */
export const hazmat = {
  rawEncrypt(aeadKey: Buffer, baseNonce: Buffer, plaintext: Buffer): Buffer {
    return sealAll(rawCodec(aeadKey, baseNonce), plaintext, Buffer.alloc(0));
  },
  rawDecrypt(aeadKey: Buffer, baseNonce: Buffer, ciphertext: Buffer): Buffer {
    return openAll(rawCodec(aeadKey, baseNonce), ciphertext);
  },
};

function rawCodec(aeadKey: Buffer, baseNonce: Buffer): ChunkCodec {
  checkKey(aeadKey);
  if (baseNonce.length !== NONCE_SIZE) fail('BAD_KEY_SIZE', `base nonce must be ${NONCE_SIZE} bytes`);
  return new ChunkCodec(Buffer.from(aeadKey), Buffer.from(baseNonce));
}

// ---------------------------------------------------------------- context

/**
 * Canonical bytes for an encryption context such as
 * `{ tenant, recording, kind }`: u32be pair count, then for each pair in
 * UTF-8 byte order of the key, u32be length + key, u32be length + value.
 * Length prefixes keep distinct objects from ever encoding alike.
 */
export function encodeContext(ctx: Record<string, string>): Buffer {
  const pairs = Object.entries(ctx).map(([k, v]) => {
    if (k.length === 0) fail('BAD_CONTEXT', 'context keys must not be empty');
    if (typeof v !== 'string') fail('BAD_CONTEXT', `context value for "${k}" must be a string`);
    return [utf8Strict(k), utf8Strict(v)] as const;
  });
  pairs.sort((a, b) => Buffer.compare(a[0], b[0]));
  const parts: Buffer[] = [u32(pairs.length)];
  for (const [k, v] of pairs) parts.push(u32(k.length), k, u32(v.length), v);
  return Buffer.concat(parts);
}

// Lone surrogates would become U+FFFD and let two different strings collide.
function utf8Strict(s: string): Buffer {
  const b = Buffer.from(s, 'utf8');
  if (b.toString('utf8') !== s) fail('BAD_CONTEXT', 'context strings must be well-formed Unicode');
  return b;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}
