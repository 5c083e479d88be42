import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  GetPublicKeyCommand,
  KMSClient,
  ListAliasesCommand,
  MessageType,
  ReEncryptCommand,
  SignCommand,
  VerifyCommand,
} from '@aws-sdk/client-kms';
import { startEmbeddedKms } from './kms.server';

type Server = Awaited<ReturnType<typeof startEmbeddedKms>>;

const dirs: string[] = [];
const servers: Server[] = [];
const newDir = () => {
  const dir = fs.mkdtempSync(os.tmpdir() + '/kms-');
  dirs.push(dir);
  return dir;
};
const clientFor = (server: Server) =>
  new KMSClient({
    endpoint: server.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
  });
const start = async (dataDir = newDir()) => {
  const server = await startEmbeddedKms({ dataDir });
  servers.push(server);
  return { server, dataDir, kms: clientFor(server) };
};

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const ctx = { tenantId: 't-1', recordingId: 'r-42' };
const uuidOf = (arn: string) => arn.split('/').pop() as string;
const buf = (u: Uint8Array | undefined) => Buffer.from(u as Uint8Array);
const rejectsWith = (p: Promise<unknown>, name: string) => expect(p).rejects.toMatchObject({ name });
const dataKey = (kms: KMSClient, EncryptionContext?: Record<string, string>) =>
  kms.send(new GenerateDataKeyCommand({ KeyId: 'alias/vault-dev', KeySpec: 'AES_256', EncryptionContext }));

it('round-trips GenerateDataKey and Decrypt with an encryption context, with or without KeyId', async () => {
  const { server, kms } = await start();
  expect(server.warning).toMatch(/DEVELOPMENT ONLY/);
  expect(server.keyId).toMatch(/^arn:aws:kms:us-east-1:111122223333:key\/[0-9a-f-]{36}$/);
  const dk = await dataKey(kms, ctx);
  expect(dk.Plaintext).toHaveLength(32);
  expect(dk.KeyId).toBe(server.keyId);

  const reordered = { recordingId: 'r-42', tenantId: 't-1' };
  const out = await kms.send(new DecryptCommand({ CiphertextBlob: dk.CiphertextBlob, EncryptionContext: reordered }));
  expect(buf(out.Plaintext)).toEqual(buf(dk.Plaintext));
  expect(out.KeyId).toBe(server.keyId);
  const byId = new DecryptCommand({
    CiphertextBlob: dk.CiphertextBlob,
    EncryptionContext: ctx,
    KeyId: uuidOf(server.keyId),
  });
  expect(buf((await kms.send(byId)).Plaintext)).toEqual(buf(dk.Plaintext));

  const small = await kms.send(new GenerateDataKeyCommand({ KeyId: server.keyId, NumberOfBytes: 7 }));
  expect(small.Plaintext).toHaveLength(7);
  const sealed = await kms.send(
    new GenerateDataKeyWithoutPlaintextCommand({ KeyId: server.keyId, KeySpec: 'AES_128' }),
  );
  expect(sealed).not.toHaveProperty('Plaintext');
  expect((await kms.send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob }))).Plaintext).toHaveLength(16);
});

it('round-trips Encrypt and Decrypt', async () => {
  const { server, kms } = await start();
  const enc = await kms.send(
    new EncryptCommand({ KeyId: 'alias/vault-dev', Plaintext: Buffer.from('secret'), EncryptionContext: ctx }),
  );
  expect(enc.KeyId).toBe(server.keyId);
  const dec = await kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: ctx }));
  expect(buf(dec.Plaintext).toString()).toBe('secret');
});

it('rejects a wrong or missing encryption context with InvalidCiphertextException', async () => {
  const { kms } = await start();
  const { CiphertextBlob } = await dataKey(kms, ctx);
  for (const EncryptionContext of [
    { ...ctx, tenantId: 't-2' },
    { tenantId: 't-1' },
    { ...ctx, extra: '' },
    undefined,
  ]) {
    await rejectsWith(
      kms.send(new DecryptCommand({ CiphertextBlob, EncryptionContext })),
      'InvalidCiphertextException',
    );
  }
});

it('rejects tampered, truncated and foreign blobs with InvalidCiphertextException', async () => {
  const { kms } = await start();
  const blob = buf((await dataKey(kms)).CiphertextBlob);
  // version byte, key id, IV, ciphertext, tag
  const variants = [0, 1, 20, 40, blob.length - 1].map((i) => {
    const t = Buffer.from(blob);
    t[i] ^= 1;
    return t;
  });
  variants.push(blob.subarray(0, 40), Buffer.from('not a kms blob'));
  for (const CiphertextBlob of variants) {
    await rejectsWith(kms.send(new DecryptCommand({ CiphertextBlob })), 'InvalidCiphertextException');
  }
});

it('describes a key by alias, ARN and bare id', async () => {
  const { server, kms } = await start();
  const id = uuidOf(server.keyId);
  const aliasArn = 'arn:aws:kms:us-east-1:111122223333:alias/vault-dev';
  for (const KeyId of ['alias/vault-dev', server.keyId, id, aliasArn]) {
    const { KeyMetadata: m } = await kms.send(new DescribeKeyCommand({ KeyId }));
    expect(m).toMatchObject({
      KeyId: id,
      Arn: server.keyId,
      KeyState: 'Enabled',
      Enabled: true,
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeySpec: 'SYMMETRIC_DEFAULT',
    });
    expect(m?.CreationDate).toBeInstanceOf(Date);
    expect(Math.abs((m?.CreationDate?.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
  }
  const signing = await kms.send(new DescribeKeyCommand({ KeyId: 'alias/vault-dev-signing' }));
  expect(signing.KeyMetadata).toMatchObject({
    Arn: server.signingKeyId,
    KeyUsage: 'SIGN_VERIFY',
    KeySpec: 'ECC_NIST_P256',
  });
});

it('reports unknown keys as NotFoundException', async () => {
  const { server, kms } = await start();
  const otherRegion = `arn:aws:kms:eu-west-1:111122223333:key/${uuidOf(server.keyId)}`;
  for (const KeyId of [crypto.randomUUID(), 'alias/nope', otherRegion, 'constructor', '__proto__']) {
    await rejectsWith(kms.send(new DescribeKeyCommand({ KeyId })), 'NotFoundException');
  }
  await rejectsWith(
    kms.send(new GenerateDataKeyCommand({ KeyId: crypto.randomUUID(), KeySpec: 'AES_256' })),
    'NotFoundException',
  );
});

it('re-encrypts under a newly created key, and Decrypt then yields the same plaintext', async () => {
  const { server, kms } = await start();
  const { KeyMetadata: created } = await kms.send(new CreateKeyCommand({ Description: 'rotation target' }));
  expect(created).toMatchObject({
    KeySpec: 'SYMMETRIC_DEFAULT',
    KeyUsage: 'ENCRYPT_DECRYPT',
    Description: 'rotation target',
  });
  const newKey = { id: created?.KeyId as string, arn: created?.Arn as string };

  const dk = await dataKey(kms, ctx);
  const destCtx = { tenantId: 't-1', version: '2' };
  const re = await kms.send(
    new ReEncryptCommand({
      CiphertextBlob: dk.CiphertextBlob,
      SourceEncryptionContext: ctx,
      DestinationKeyId: newKey.id,
      DestinationEncryptionContext: destCtx,
    }),
  );
  expect(re).toMatchObject({ SourceKeyId: server.keyId, KeyId: newKey.arn });
  const out = await kms.send(new DecryptCommand({ CiphertextBlob: re.CiphertextBlob, EncryptionContext: destCtx }));
  expect(buf(out.Plaintext)).toEqual(buf(dk.Plaintext));
  expect(out.KeyId).toBe(newKey.arn);

  const wrongKey = new DecryptCommand({
    CiphertextBlob: re.CiphertextBlob,
    EncryptionContext: destCtx,
    KeyId: server.keyId,
  });
  await rejectsWith(kms.send(wrongKey), 'IncorrectKeyException');
  const wrongSourceCtx = new ReEncryptCommand({ CiphertextBlob: dk.CiphertextBlob, DestinationKeyId: newKey.id });
  await rejectsWith(kms.send(wrongSourceCtx), 'InvalidCiphertextException');
});

it('refuses disabled keys, mismatched key usage and unsupported key specs', async () => {
  const { server, kms } = await start();
  const { KeyMetadata: key } = await kms.send(new CreateKeyCommand({}));
  const encrypt = new EncryptCommand({ KeyId: key?.KeyId, Plaintext: Buffer.from('x') });
  const { CiphertextBlob } = await kms.send(encrypt);
  await kms.send(new DisableKeyCommand({ KeyId: key?.Arn }));
  await rejectsWith(kms.send(new DecryptCommand({ CiphertextBlob })), 'DisabledException');
  await rejectsWith(kms.send(encrypt), 'DisabledException');

  await rejectsWith(
    kms.send(new GenerateDataKeyCommand({ KeyId: server.signingKeyId, KeySpec: 'AES_256' })),
    'InvalidKeyUsageException',
  );
  await rejectsWith(kms.send(new GetPublicKeyCommand({ KeyId: server.keyId })), 'UnsupportedOperationException');
  await rejectsWith(
    kms.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' })),
    'UnsupportedOperationException',
  );
  await rejectsWith(
    kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'ENCRYPT_DECRYPT' })),
    'ValidationException',
  );
});

describe('signing', () => {
  const msg = Buffer.from('audit chain head 0001');
  const digest = crypto.createHash('sha256').update(msg).digest();
  const nodeVerify = (spki: Uint8Array | undefined, sig: Uint8Array | undefined) =>
    crypto.verify('sha256', msg, { key: buf(spki), format: 'der', type: 'spki' }, buf(sig));
  const sign = async (kms: KMSClient, KeyId: string, Message = msg, type: MessageType = 'RAW') =>
    (await kms.send(new SignCommand({ KeyId, Message, MessageType: type, SigningAlgorithm: 'ECDSA_SHA_256' })))
      .Signature;
  const verify = (kms: KMSClient, KeyId: string, Signature?: Uint8Array, Message = msg, type: MessageType = 'RAW') =>
    kms.send(new VerifyCommand({ KeyId, Message, MessageType: type, Signature, SigningAlgorithm: 'ECDSA_SHA_256' }));

  it('signs RAW and DIGEST messages that node:crypto verifies with the public key', async () => {
    const { server, kms } = await start();
    const pub = await kms.send(new GetPublicKeyCommand({ KeyId: 'alias/vault-dev-signing' }));
    expect(pub).toMatchObject({ KeyId: server.signingKeyId, KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });

    for (const [message, type] of [
      [msg, 'RAW'],
      [digest, 'DIGEST'],
    ] as const) {
      const sig = await sign(kms, server.signingKeyId, message, type);
      expect(buf(sig)[0]).toBe(0x30); // DER SEQUENCE, as AWS returns
      expect(nodeVerify(pub.PublicKey, sig)).toBe(true);
      // Whichever mode produced it, the signature covers the same digest, so both modes verify it.
      expect((await verify(kms, 'alias/vault-dev-signing', sig, msg, 'RAW')).SignatureValid).toBe(true);
      expect((await verify(kms, 'alias/vault-dev-signing', sig, digest, 'DIGEST')).SignatureValid).toBe(true);
    }

    const foreign = crypto.sign('sha256', msg, crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
    await rejectsWith(verify(kms, server.signingKeyId, foreign, msg, 'RAW'), 'KMSInvalidSignatureException');
    await rejectsWith(verify(kms, server.signingKeyId, foreign, digest, 'DIGEST'), 'KMSInvalidSignatureException');
    await rejectsWith(sign(kms, server.signingKeyId, msg, 'DIGEST'), 'ValidationException'); // not 32 bytes
  });

  it('signs with a created ECC_NIST_P256 key', async () => {
    const { kms } = await start();
    const { KeyMetadata: key } = await kms.send(
      new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }),
    );
    const sig = await sign(kms, key?.Arn as string);
    const pub = await kms.send(new GetPublicKeyCommand({ KeyId: key?.KeyId }));
    expect(nodeVerify(pub.PublicKey, sig)).toBe(true);
  });

  it('still decrypts old blobs and verifies old signatures after a restart', async () => {
    const first = await start();
    const { KeyMetadata: created } = await first.kms.send(
      new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }),
    );
    const signers = [first.server.signingKeyId, created?.Arn as string];
    const dk = await dataKey(first.kms, ctx);
    const sigs = [await sign(first.kms, signers[0]), await sign(first.kms, signers[1])];
    const pub = (await first.kms.send(new GetPublicKeyCommand({ KeyId: signers[0] }))).PublicKey;
    await first.server.close();
    expect(fs.readdirSync(path.join(first.dataDir, 'kms')).sort()).toEqual(['keys.json', 'master.key']);

    const second = await start(first.dataDir);
    expect([second.server.keyId, second.server.signingKeyId]).toEqual([first.server.keyId, first.server.signingKeyId]);
    const out = await second.kms.send(
      new DecryptCommand({ CiphertextBlob: dk.CiphertextBlob, EncryptionContext: ctx }),
    );
    expect(buf(out.Plaintext)).toEqual(buf(dk.Plaintext));
    expect((await verify(second.kms, signers[0], sigs[0])).SignatureValid).toBe(true);
    expect((await verify(second.kms, signers[1], sigs[1])).SignatureValid).toBe(true);
    expect(buf((await second.kms.send(new GetPublicKeyCommand({ KeyId: signers[0] }))).PublicKey)).toEqual(buf(pub));
  });
});

describe('master secret', () => {
  it('is created with mode 0600', async () => {
    const { dataDir } = await start();
    const st = fs.statSync(path.join(dataDir, 'kms', 'master.key'));
    expect(st.mode & 0o777).toBe(0o600);
    expect(st.size).toBe(32);
  });

  it('is refused when readable by group or other', async () => {
    const { server, dataDir } = await start();
    await server.close();
    fs.chmodSync(path.join(dataDir, 'kms', 'master.key'), 0o644);
    await expect(startEmbeddedKms({ dataDir })).rejects.toThrow(/0600/);
  });
});

describe('protocol', () => {
  it('rejects a body over 64 KiB with ValidationException', async () => {
    const { server, kms } = await start();
    const huge = new EncryptCommand({ KeyId: server.keyId, Plaintext: Buffer.alloc(70 * 1024, 1) });
    const err = await kms.send(huge).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 413 } });
    await expect(kms.send(new DescribeKeyCommand({ KeyId: 'alias/vault-dev' }))).resolves.toBeDefined();
  });

  it('rejects requests without an Authorization header', async () => {
    const { server } = await start();
    const kms = clientFor(server);
    // The deserialize step runs after signing, just before the request goes out.
    kms.middlewareStack.add(
      (next) => async (args) => {
        delete (args.request as { headers: Record<string, string> }).headers.authorization;
        return next(args);
      },
      { step: 'deserialize', name: 'dropAuthorization' },
    );
    await rejectsWith(
      kms.send(new DescribeKeyCommand({ KeyId: 'alias/vault-dev' })),
      'MissingAuthenticationTokenException',
    );
  });

  it('answers operations it does not implement with UnknownOperationException', async () => {
    const { kms } = await start();
    await rejectsWith(kms.send(new ListAliasesCommand({})), 'UnknownOperationException');
  });

  it('binds only to loopback', async () => {
    await expect(startEmbeddedKms({ dataDir: newDir(), host: '0.0.0.0' })).rejects.toThrow(/loopback/);
  });
});
