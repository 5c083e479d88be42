import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

// Development stand-in for AWS KMS (JSON 1.1 protocol) so production code runs unchanged.
// SigV4 is not verified: anything that can reach the loopback port can use these keys.

const ACCOUNT = '111122223333';
const BLOB_VERSION = 1;
const BLOB_OVERHEAD = 1 + 16 + 12 + 16;
const MAX_BODY = 64 * 1024;
const MAX_PLAINTEXT = 4096; // AWS limit for Encrypt and RAW Sign
const P256_N = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');
const BUILTIN: ReadonlyArray<[string, Spec]> = [
  ['alias/vault-dev', 'SYMMETRIC_DEFAULT'],
  ['alias/vault-dev-signing', 'ECC_NIST_P256'],
];

type Spec = 'SYMMETRIC_DEFAULT' | 'ECC_NIST_P256';
type Usage = 'ENCRYPT_DECRYPT' | 'SIGN_VERIFY';
type Json = Record<string, unknown>;
interface KeyRecord {
  id: string;
  spec: Spec;
  usage: Usage;
  state: 'Enabled' | 'Disabled';
  created: number; // epoch seconds, as KMS reports it
  description: string;
}

export interface EmbeddedKms {
  endpoint: string;
  keyId: string;
  signingKeyId: string;
  warning: string;
  close: () => Promise<void>;
}

class KmsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}
const validation = (m: string) => new KmsError('ValidationException', m);
const badCiphertext = () =>
  new KmsError(
    'InvalidCiphertextException',
    'The ciphertext is invalid or does not match the key or encryption context',
  );

// Plaintext and key buffers are zeroed as soon as the result no longer needs them.
function wiping<T>(buf: Buffer, fn: (b: Buffer) => T): T {
  try {
    return fn(buf);
  } finally {
    buf.fill(0);
  }
}

const toBig = (b: Buffer) => (b.length ? BigInt('0x' + b.toString('hex')) : 0n);
const toBuf32 = (v: bigint) => Buffer.from(v.toString(16).padStart(64, '0'), 'hex');
const mod = (a: bigint) => ((a % P256_N) + P256_N) % P256_N;
function inverse(a: bigint): bigint {
  let [result, base, e] = [1n, mod(a), P256_N - 2n];
  for (; e > 0n; e >>= 1n, base = (base * base) % P256_N) if (e & 1n) result = (result * base) % P256_N;
  return result;
}

// Node cannot sign or verify a precomputed digest, so DIGEST mode is ECDSA by hand; ECDH
// supplies the only hard part (k·G). Verification uses the private scalar, which we hold.
function baseX(k: bigint): bigint {
  const ecdh = crypto.createECDH('prime256v1');
  ecdh.setPrivateKey(toBuf32(k));
  return toBig(ecdh.getPublicKey().subarray(1, 33));
}
function derInt(v: bigint): Buffer {
  let b = toBuf32(v);
  while (b.length > 1 && b[0] === 0 && !(b[1] & 0x80)) b = b.subarray(1);
  if (b[0] & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return Buffer.concat([Buffer.from([2, b.length]), b]);
}
function signDigest(d: bigint, z: bigint): Buffer {
  for (;;) {
    const k = toBig(crypto.randomBytes(32));
    if (k === 0n || k >= P256_N) continue;
    const r = baseX(k) % P256_N;
    const s = mod(inverse(k) * (z + r * d));
    if (r === 0n || s === 0n) continue;
    const body = Buffer.concat([derInt(r), derInt(s)]);
    return Buffer.concat([Buffer.from([0x30, body.length]), body]);
  }
}
function verifyDigest(d: bigint, z: bigint, sig: Buffer): boolean {
  if (sig.length < 8 || sig[0] !== 0x30 || sig[1] !== sig.length - 2) return false;
  const rs: bigint[] = [];
  for (let o = 2; rs.length < 2;) {
    const len = sig[o + 1];
    if (sig[o] !== 2 || !len || o + 2 + len > sig.length) return false;
    rs.push(toBig(sig.subarray(o + 2, o + 2 + len)));
    o += 2 + len;
    if (rs.length === 2 && o !== sig.length) return false;
  }
  const [r, s] = rs;
  if (r < 1n || r >= P256_N || s < 1n || s >= P256_N) return false;
  const w = inverse(s);
  const t = mod(z * w + r * w * d); // u1 + u2·d, i.e. u1·G + u2·Q without point addition
  return t !== 0n && baseX(t) % P256_N === r;
}

function ecPrivateKey(d: Buffer): crypto.KeyObject {
  const ecdh = crypto.createECDH('prime256v1');
  ecdh.setPrivateKey(d);
  const point = ecdh.getPublicKey();
  const [x, y] = [point.subarray(1, 33), point.subarray(33)].map((c) => c.toString('base64url'));
  return crypto.createPrivateKey({ key: { kty: 'EC', crv: 'P-256', d: d.toString('base64url'), x, y }, format: 'jwk' });
}

// Sorted and length-prefixed so that equal contexts give equal AAD whatever the JSON key order.
function contextAad(ctx: unknown): Buffer {
  if (ctx === undefined || ctx === null) ctx = {};
  if (typeof ctx !== 'object' || Array.isArray(ctx)) throw validation('EncryptionContext must be a map of strings');
  const u32 = (n: number) => Buffer.from([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
  const pairs = Object.entries(ctx as Json).map(([k, v]) => {
    if (typeof v !== 'string') throw validation('EncryptionContext values must be strings');
    return [Buffer.from(k), Buffer.from(v)];
  });
  pairs.sort((a, b) => Buffer.compare(a[0], b[0]));
  return Buffer.concat([u32(pairs.length), ...pairs.flatMap(([k, v]) => [u32(k.length), k, u32(v.length), v])]);
}

function bytes(b: Json, field: string): Buffer {
  const v = b[field];
  const ok = typeof v === 'string' && v.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(v);
  if (!ok) throw validation(`${field} must be base64`);
  return Buffer.from(v, 'base64');
}

const uuidBytes = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex');
/** A request field in an error message: any JSON value, strings as they are. */
const shown = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
const uuidString = (b: Buffer) => b.toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');

function loadMaster(file: string): Buffer {
  if (!fs.existsSync(file)) {
    wiping(crypto.randomBytes(32), (k) => fs.writeFileSync(file, k, { mode: 0o600, flag: 'wx' }));
  }
  const st = fs.statSync(file);
  const refuse = (why: string) => new Error(`Refusing to start the development KMS: ${file} ${why}`);
  if (!st.isFile() || st.mode & 0o077) throw refuse(`must have mode 0600, not ${(st.mode & 0o777).toString(8)}`);
  const master = fs.readFileSync(file);
  if (master.length !== 32) throw refuse('must hold exactly 32 bytes');
  return master;
}

class Kms {
  private keys = new Map<string, KeyRecord>();
  private aliases = new Map<string, string>();

  constructor(
    private readonly master: Buffer,
    private readonly file: string,
    private readonly region: string,
  ) {
    if (fs.existsSync(file)) {
      const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { keys: KeyRecord[]; aliases: Record<string, string> };
      for (const k of saved.keys) this.keys.set(k.id, k);
      for (const [a, id] of Object.entries(saved.aliases)) this.aliases.set(a, id);
    }
    const missing = BUILTIN.filter(([alias]) => !this.aliases.has(alias));
    for (const [alias, spec] of missing) this.aliases.set(alias, this.create(spec, `development ${alias}`, false).id);
    if (missing.length) this.save();
  }

  arn(ref: KeyRecord | string): string {
    const id = typeof ref === 'string' ? this.resolve(ref).id : ref.id;
    return `arn:aws:kms:${this.region}:${ACCOUNT}:key/${id}`;
  }

  wipe(): void {
    this.master.fill(0);
  }

  private save(): void {
    const tmp = `${this.file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
    const json = JSON.stringify({ keys: [...this.keys.values()], aliases: Object.fromEntries(this.aliases) }, null, 2);
    const fd = fs.openSync(tmp, 'wx', 0o600);
    try {
      fs.writeFileSync(fd, json);
      fs.fsyncSync(fd); // so a crash cannot leave an empty registry that orphans every blob
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, this.file);
  }

  private create(spec: Spec, description: string, persist = true): KeyRecord {
    const usage: Usage = spec === 'SYMMETRIC_DEFAULT' ? 'ENCRYPT_DECRYPT' : 'SIGN_VERIFY';
    const created = Date.now() / 1000;
    const rec: KeyRecord = { id: crypto.randomUUID(), spec, usage, state: 'Enabled', created, description };
    this.keys.set(rec.id, rec);
    if (persist) this.save();
    return rec;
  }

  private resolve(ref: unknown): KeyRecord {
    if (typeof ref !== 'string' || !ref) throw validation('KeyId is required');
    let name = ref;
    const arn = /^arn:aws:kms:([^:]+):(\d{12}):((?:key|alias)\/.+)$/.exec(ref);
    if (arn) name = arn[1] === this.region && arn[2] === ACCOUNT ? arn[3].replace(/^key\//, '') : '';
    const rec = this.keys.get(name.startsWith('alias/') ? (this.aliases.get(name) ?? '') : name);
    if (!rec) throw new KmsError('NotFoundException', `Key '${ref}' does not exist`);
    return rec;
  }

  private use(ref: unknown, usage: Usage): KeyRecord {
    return this.usable(this.resolve(ref), usage);
  }

  private usable(rec: KeyRecord, usage: Usage): KeyRecord {
    const arn = this.arn(rec);
    if (rec.state === 'Disabled') throw new KmsError('DisabledException', `${arn} is disabled`);
    if (rec.usage !== usage) throw new KmsError('InvalidKeyUsageException', `${arn} has KeyUsage ${rec.usage}`);
    return rec;
  }

  private symmetricKey(id: string): Buffer {
    return Buffer.from(crypto.hkdfSync('sha256', this.master, Buffer.alloc(0), id, 32));
  }

  // Derived rather than stored, so nothing but master.key needs protecting and restarts are free.
  private withScalar<T>(id: string, fn: (d: Buffer) => T): T {
    for (let i = 0; ; i++) {
      const d = Buffer.from(crypto.hkdfSync('sha256', this.master, Buffer.alloc(0), `ecc-p256:${id}:${i}`, 32));
      const v = toBig(d);
      if (v > 0n && v < P256_N) return wiping(d, fn);
      d.fill(0);
    }
  }

  private seal(rec: KeyRecord, plaintext: Buffer, ctx: unknown): string {
    const iv = crypto.randomBytes(12);
    const cipher = wiping(this.symmetricKey(rec.id), (key) => crypto.createCipheriv('aes-256-gcm', key, iv));
    const ct = Buffer.concat([cipher.setAAD(contextAad(ctx)).update(plaintext), cipher.final()]);
    return Buffer.concat([Buffer.from([BLOB_VERSION]), uuidBytes(rec.id), iv, ct, cipher.getAuthTag()]).toString(
      'base64',
    );
  }

  private open(blob: Buffer, ctx: unknown, keyRef: unknown): { rec: KeyRecord; plaintext: Buffer } {
    const aad = contextAad(ctx);
    if (blob.length < BLOB_OVERHEAD || blob[0] !== BLOB_VERSION) throw badCiphertext();
    const rec = this.keys.get(uuidString(blob.subarray(1, 17)));
    if (!rec) throw badCiphertext();
    if (keyRef !== undefined && this.resolve(keyRef).id !== rec.id) {
      throw new KmsError(
        'IncorrectKeyException',
        'The ciphertext was not encrypted under the key given in the request',
      );
    }
    this.usable(rec, 'ENCRYPT_DECRYPT');
    const iv = blob.subarray(17, 29);
    const decipher = wiping(this.symmetricKey(rec.id), (key) => crypto.createDecipheriv('aes-256-gcm', key, iv));
    decipher.setAAD(aad).setAuthTag(blob.subarray(blob.length - 16));
    const plaintext = decipher.update(blob.subarray(29, blob.length - 16));
    try {
      decipher.final();
    } catch {
      throw wiping(plaintext, badCiphertext);
    }
    return { rec, plaintext };
  }

  private metadata(rec: KeyRecord): Json {
    const { id: KeyId, created: CreationDate, description: Description, usage: KeyUsage, state: KeyState } = rec;
    const algorithms =
      rec.spec === 'SYMMETRIC_DEFAULT'
        ? { EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'] }
        : { SigningAlgorithms: ['ECDSA_SHA_256'] };
    return {
      KeyMetadata: {
        AWSAccountId: ACCOUNT,
        KeyId,
        Arn: this.arn(rec),
        CreationDate,
        Enabled: KeyState === 'Enabled',
        Description,
        KeyUsage,
        KeyState,
        Origin: 'AWS_KMS',
        KeyManager: 'CUSTOMER',
        KeySpec: rec.spec,
        CustomerMasterKeySpec: rec.spec,
        MultiRegion: false,
        ...algorithms,
      },
    };
  }

  private dataKey(b: Json, withPlaintext: boolean): Json {
    const rec = this.use(b.KeyId, 'ENCRYPT_DECRYPT');
    const { KeySpec: spec, NumberOfBytes: n } = b;
    if ((spec === undefined) === (n === undefined))
      throw validation('Specify exactly one of KeySpec and NumberOfBytes');
    const length = spec === 'AES_256' ? 32 : spec === 'AES_128' ? 16 : n;
    if (typeof length !== 'number' || !Number.isInteger(length) || length < 1 || length > 1024) {
      throw validation('Invalid KeySpec or NumberOfBytes');
    }
    return wiping(crypto.randomBytes(length), (plaintext) => ({
      KeyId: this.arn(rec),
      CiphertextBlob: this.seal(rec, plaintext, b.EncryptionContext),
      ...(withPlaintext ? { Plaintext: plaintext.toString('base64') } : {}),
    }));
  }

  private signing(b: Json): { rec: KeyRecord; message: Buffer; digest: boolean } {
    const rec = this.use(b.KeyId, 'SIGN_VERIFY');
    if (b.SigningAlgorithm !== 'ECDSA_SHA_256') throw validation('SigningAlgorithm must be ECDSA_SHA_256');
    const digest = b.MessageType === 'DIGEST';
    if (!digest && (b.MessageType ?? 'RAW') !== 'RAW') throw validation('MessageType must be RAW or DIGEST');
    const message = bytes(b, 'Message');
    const badLength = digest ? message.length !== 32 : message.length < 1 || message.length > MAX_PLAINTEXT;
    if (badLength)
      throw validation(digest ? 'A SHA-256 digest is 32 bytes' : `Message must be 1 to ${MAX_PLAINTEXT} bytes`);
    return { rec, message, digest };
  }

  private setState(b: Json, state: KeyRecord['state']): Json {
    this.resolve(b.KeyId).state = state;
    this.save();
    return {};
  }

  readonly ops: Record<string, (b: Json) => Json> = {
    GenerateDataKey: (b) => this.dataKey(b, true),
    GenerateDataKeyWithoutPlaintext: (b) => this.dataKey(b, false),
    Encrypt: (b) => {
      const rec = this.use(b.KeyId, 'ENCRYPT_DECRYPT');
      return wiping(bytes(b, 'Plaintext'), (plaintext) => {
        if (plaintext.length < 1 || plaintext.length > MAX_PLAINTEXT) {
          throw validation(`Plaintext must be 1 to ${MAX_PLAINTEXT} bytes`);
        }
        const CiphertextBlob = this.seal(rec, plaintext, b.EncryptionContext);
        return { KeyId: this.arn(rec), CiphertextBlob, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
      });
    },
    Decrypt: (b) => {
      const { rec, plaintext } = this.open(bytes(b, 'CiphertextBlob'), b.EncryptionContext, b.KeyId);
      return wiping(plaintext, (p) => ({
        KeyId: this.arn(rec),
        Plaintext: p.toString('base64'),
        EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      }));
    },
    ReEncrypt: (b) => {
      const { rec, plaintext } = this.open(bytes(b, 'CiphertextBlob'), b.SourceEncryptionContext, b.SourceKeyId);
      return wiping(plaintext, (p) => {
        const dest = this.use(b.DestinationKeyId, 'ENCRYPT_DECRYPT');
        return {
          CiphertextBlob: this.seal(dest, p, b.DestinationEncryptionContext),
          SourceKeyId: this.arn(rec),
          KeyId: this.arn(dest),
          SourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
          DestinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
        };
      });
    },
    DescribeKey: (b) => this.metadata(this.resolve(b.KeyId)),
    CreateKey: (b) => {
      const spec = b.KeySpec ?? b.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT';
      const usage = b.KeyUsage ?? (spec === 'SYMMETRIC_DEFAULT' ? 'ENCRYPT_DECRYPT' : undefined);
      if (spec !== 'SYMMETRIC_DEFAULT' && spec !== 'ECC_NIST_P256') {
        throw new KmsError(
          'UnsupportedOperationException',
          `The development KMS does not support KeySpec ${shown(spec)}`,
        );
      }
      if (usage !== (spec === 'SYMMETRIC_DEFAULT' ? 'ENCRYPT_DECRYPT' : 'SIGN_VERIFY')) {
        throw validation(`KeyUsage ${shown(usage)} is not valid for ${spec}`);
      }
      const description = b.Description ?? '';
      if (typeof description !== 'string') throw validation('Description must be a string');
      return this.metadata(this.create(spec, description));
    },
    Sign: (b) => {
      const { rec, message, digest } = this.signing(b);
      const signature = this.withScalar(rec.id, (d) =>
        digest ? signDigest(toBig(d), toBig(message)) : crypto.sign('sha256', message, ecPrivateKey(d)),
      );
      return { KeyId: this.arn(rec), Signature: signature.toString('base64'), SigningAlgorithm: 'ECDSA_SHA_256' };
    },
    Verify: (b) => {
      const { rec, message, digest } = this.signing(b);
      const signature = bytes(b, 'Signature');
      const valid = this.withScalar(rec.id, (d) =>
        digest
          ? verifyDigest(toBig(d), toBig(message), signature)
          : crypto.verify('sha256', message, crypto.createPublicKey(ecPrivateKey(d)), signature),
      );
      if (!valid) throw new KmsError('KMSInvalidSignatureException', 'The signature is not valid');
      return { KeyId: this.arn(rec), SignatureValid: true, SigningAlgorithm: 'ECDSA_SHA_256' };
    },
    GetPublicKey: (b) => {
      const rec = this.resolve(b.KeyId);
      if (rec.usage !== 'SIGN_VERIFY')
        throw new KmsError('UnsupportedOperationException', `${rec.id} is a symmetric key`);
      const publicKey = this.withScalar(rec.id, (d) => crypto.createPublicKey(ecPrivateKey(d)));
      return {
        KeyId: this.arn(rec),
        PublicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
        KeySpec: rec.spec,
        CustomerMasterKeySpec: rec.spec,
        KeyUsage: rec.usage,
        SigningAlgorithms: ['ECDSA_SHA_256'],
      };
    },
    DisableKey: (b) => this.setState(b, 'Disabled'),
    EnableKey: (b) => this.setState(b, 'Enabled'),
  };
}

function dispatch(kms: Kms, req: http.IncomingMessage, size: number, body: Buffer): Json {
  if (!req.headers.authorization)
    throw new KmsError('MissingAuthenticationTokenException', 'Missing Authentication Token');
  if (size > MAX_BODY) throw new KmsError('ValidationException', `Request body exceeds ${MAX_BODY} bytes`, 413);
  const target = String(req.headers['x-amz-target'] ?? '');
  const op = /^TrentService\.(\w+)$/.exec(target)?.[1];
  if (req.method !== 'POST' || !op || !Object.hasOwn(kms.ops, op)) {
    throw new KmsError('UnknownOperationException', `Unknown operation '${target}'`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.length ? body.toString('utf8') : '{}');
  } catch {
    throw new KmsError('SerializationException', 'Request body is not valid JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new KmsError('SerializationException', 'Request body must be a JSON object');
  }
  return kms.ops[op](parsed as Json);
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export async function startEmbeddedKms(opts: {
  dataDir: string;
  host?: string;
  port?: number;
  region?: string;
}): Promise<EmbeddedKms> {
  const host = opts.host ?? '127.0.0.1';
  if (!isLoopback(host)) throw new Error(`The development KMS has no authentication; loopback only, not ${host}`);
  const region = opts.region ?? 'us-east-1';
  const dir = path.join(opts.dataDir, 'kms');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const masterFile = path.join(dir, 'master.key');
  const kms = new Kms(loadMaster(masterFile), path.join(dir, 'keys.json'), region);

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // Oversized bodies are drained rather than cut off, so the client reliably reads the error.
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => {
      let status = 200;
      let out: Json;
      try {
        out = dispatch(kms, req, size, Buffer.concat(chunks));
      } catch (e) {
        const err =
          e instanceof KmsError ? e : new KmsError('KMSInternalException', 'Development KMS internal error', 500);
        status = err.status;
        out = { __type: err.type, message: err.message };
      }
      const text = JSON.stringify(out);
      res.writeHead(status, {
        'Content-Type': 'application/x-amz-json-1.1',
        'Content-Length': Buffer.byteLength(text),
        'x-amzn-RequestId': crypto.randomUUID(),
      });
      res.end(text);
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, host, resolve);
    });
  } catch (e) {
    kms.wipe();
    throw e;
  }
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    endpoint,
    keyId: kms.arn('alias/vault-dev'),
    signingKeyId: kms.arn('alias/vault-dev-signing'),
    warning:
      `DEVELOPMENT ONLY: embedded KMS at ${endpoint}, no request authentication, master secret in plain file ` +
      `${masterFile}. Recordings encrypted with it are only as safe as that file. ` +
      'Set KMS_KEY_ID (and KMS_ENDPOINT) to use a real KMS.',
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      kms.wipe();
    },
  };
}
