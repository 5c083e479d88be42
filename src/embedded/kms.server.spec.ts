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
const start = async (dataDir = newDir()) => {
  const server = await startEmbeddedKms({ dataDir });
  servers.push(server);
  return { server, dataDir, kms: clientFor(server) };
};
const clientFor = (server: Server) =>
  new KMSClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
const uuidOf = (arn: string) => arn.split('/').pop() as string;

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const ctx = { tenantId: 't-1', recordingId: 'r-42' };

it('round-trips GenerateDataKey and Decrypt with an encryption context, with or without KeyId', async () => {
  const { server, kms } = await start();
  expect(server.warning).toMatch(/DEVELOPMENT ONLY/);
  const dk = await kms.send(new GenerateDataKeyCommand({ KeyId: 'alias/vault-dev', KeySpec: 'AES_256', EncryptionContext: ctx }));
  expect(dk.Plaintext).toHaveLength(32);
  expect(dk.KeyId).toBe(server.keyId);
  expect(server.keyId).toMatch(/^arn:aws:kms:us-east-1:111122223333:key\/[0-9a-f-]{36}$/);

  const reordered = { recordingId: 'r-42', tenantId: 't-1' };
  const out = await kms.send(new DecryptCommand({ CiphertextBlob: dk.CiphertextBlob, EncryptionContext: reordered }));
  expect(Buffer.from(out.Plaintext!)).toEqual(Buffer.from(dk.Plaintext!));
  expect(out.KeyId).toBe(server.keyId);
  const withId = await kms.send(new DecryptCommand({ CiphertextBlob: dk.CiphertextBlob, EncryptionContext: ctx, KeyId: uuidOf(server.keyId) }));
  expect(Buffer.from(withId.Plaintext!)).toEqual(Buffer.from(dk.Plaintext!));

  const small = await kms.send(new GenerateDataKeyCommand({ KeyId: server.keyId, NumberOfBytes: 7 }));
  expect(small.Plaintext).toHaveLength(7);
  const noPlain = await kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: server.keyId, KeySpec: 'AES_128' }));
  expect(noPlain).not.toHaveProperty('Plaintext');
  const back = await kms.send(new DecryptCommand({ CiphertextBlob: noPlain.CiphertextBlob }));
  expect(back.Plaintext).toHaveLength(16);
});

it('round-trips Encrypt and Decrypt', async () => {
  const { server, kms } = await start();
  const enc = await kms.send(new EncryptCommand({ KeyId: 'alias/vault-dev', Plaintext: Buffer.from('secret'), EncryptionContext: ctx }));
  const dec = await kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: ctx }));
  expect(Buffer.from(dec.Plaintext!).toString()).toBe('secret');
  expect(enc.KeyId).toBe(server.keyId);
});

it('rejects a wrong or missing encryption context with InvalidCiphertextException', async () => {
  const { kms } = await start();
  const dk = await kms.send(new GenerateDataKeyCommand({ KeyId: 'alias/vault-dev', KeySpec: 'AES_256', EncryptionContext: ctx }));
  for (const EncryptionContext of [{ ...ctx, tenantId: 't-2' }, { tenantId: 't-1' }, { ...ctx, extra: '' }, undefined]) {
    await expect(kms.send(new DecryptCommand({ CiphertextBlob: dk.CiphertextBlob, EncryptionContext }))).rejects.toMatchObject({
      name: 'InvalidCiphertextException',
    });
  }
});

it('rejects tampered, truncated and foreign blobs with InvalidCiphertextException', async () => {
  const { kms } = await start();
  const dk = await kms.send(new GenerateDataKeyCommand({ KeyId: 'alias/vault-dev', KeySpec: 'AES_256' }));
  const blob = Buffer.from(dk.CiphertextBlob!);
  const variants = [0, 1, 20, blob.length - 1].map((i) => {
    const t = Buffer.from(blob);
    t[i] ^= 1;
    return t;
  });
  variants.push(blob.subarray(0, 40), Buffer.from('not a kms blob'));
  for (const CiphertextBlob of variants) {
    await expect(kms.send(new DecryptCommand({ CiphertextBlob }))).rejects.toMatchObject({ name: 'InvalidCiphertextException' });
  }
});

it('describes a key by alias, ARN and bare id', async () => {
  const { server, kms } = await start();
  const id = uuidOf(server.keyId);
  for (const KeyId of ['alias/vault-dev', server.keyId, id, 'arn:aws:kms:us-east-1:111122223333:alias/vault-dev']) {
    const { KeyMetadata: m } = await kms.send(new DescribeKeyCommand({ KeyId }));
    expect(m).toMatchObject({ KeyId: id, Arn: server.keyId, KeyState: 'Enabled', Enabled: true, KeyUsage: 'ENCRYPT_DECRYPT', KeySpec: 'SYMMETRIC_DEFAULT' });
    expect(m!.CreationDate).toBeInstanceOf(Date);
    expect(Math.abs(m!.CreationDate!.getTime() - Date.now())).toBeLessThan(60_000);
  }
  const signing = await kms.send(new DescribeKeyCommand({ KeyId: 'alias/vault-dev-signing' }));
  expect(signing.KeyMetadata).toMatchObject({ Arn: server.signingKeyId, KeyUsage: 'SIGN_VERIFY', KeySpec: 'ECC_NIST_P256' });
});

it('reports unknown keys as NotFoundException', async () => {
  const { server, kms } = await start();
  const id = uuidOf(server.keyId);
  for (const KeyId of [crypto.randomUUID(), 'alias/nope', `arn:aws:kms:eu-west-1:111122223333:key/${id}`, 'constructor', '__proto__']) {
    await expect(kms.send(new DescribeKeyCommand({ KeyId }))).rejects.toMatchObject({ name: 'NotFoundException' });
  }
  await expect(kms.send(new GenerateDataKeyCommand({ KeyId: crypto.randomUUID(), KeySpec: 'AES_256' }))).rejects.toMatchObject({
    name: 'NotFoundException',
  });
});

it('re-encrypts under a newly created key, and Decrypt then yields the same plaintext', async () => {
  const { server, kms } = await start();
  const created = await kms.send(new CreateKeyCommand({ Description: 'rotation target' }));
  const newKey = created.KeyMetadata!;
  expect(newKey).toMatchObject({ KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT', Description: 'rotation target' });

  const dk = await kms.send(new GenerateDataKeyCommand({ KeyId: server.keyId, KeySpec: 'AES_256', EncryptionContext: ctx }));
  const re = await kms.send(
    new ReEncryptCommand({
      CiphertextBlob: dk.CiphertextBlob,
      SourceEncryptionContext: ctx,
      DestinationKeyId: newKey.KeyId,
      DestinationEncryptionContext: { tenantId: 't-1', version: '2' },
    }),
  );
  expect(re.SourceKeyId).toBe(server.keyId);
  expect(re.KeyId).toBe(newKey.Arn);
  const out = await kms.send(new DecryptCommand({ CiphertextBlob: re.CiphertextBlob, EncryptionContext: { tenantId: 't-1', version: '2' } }));
  expect(Buffer.from(out.Plaintext!)).toEqual(Buffer.from(dk.Plaintext!));
  expect(out.KeyId).toBe(newKey.Arn);

  await expect(kms.send(new DecryptCommand({ CiphertextBlob: re.CiphertextBlob, KeyId: server.keyId }))).rejects.toMatchObject({
    name: 'IncorrectKeyException',
  });
  await expect(kms.send(new ReEncryptCommand({ CiphertextBlob: dk.CiphertextBlob, DestinationKeyId: newKey.KeyId }))).rejects.toMatchObject({
    name: 'InvalidCiphertextException',
  });
});

it('refuses disabled keys and mismatched key usage', async () => {
  const { server, kms } = await start();
  const { KeyMetadata: key } = await kms.send(new CreateKeyCommand({}));
  const blob = (await kms.send(new EncryptCommand({ KeyId: key!.KeyId, Plaintext: Buffer.from('x') }))).CiphertextBlob;
  await kms.send(new DisableKeyCommand({ KeyId: key!.Arn }));
  await expect(kms.send(new DecryptCommand({ CiphertextBlob: blob }))).rejects.toMatchObject({ name: 'DisabledException' });
  await expect(kms.send(new EncryptCommand({ KeyId: key!.KeyId, Plaintext: Buffer.from('x') }))).rejects.toMatchObject({ name: 'DisabledException' });
  await expect(kms.send(new GenerateDataKeyCommand({ KeyId: server.signingKeyId, KeySpec: 'AES_256' }))).rejects.toMatchObject({
    name: 'InvalidKeyUsageException',
  });
  await expect(kms.send(new GetPublicKeyCommand({ KeyId: server.keyId }))).rejects.toMatchObject({ name: 'UnsupportedOperationException' });
  await expect(kms.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }))).rejects.toMatchObject({
    name: 'UnsupportedOperationException',
  });
  await expect(kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'ENCRYPT_DECRYPT' }))).rejects.toMatchObject({
    name: 'ValidationException',
  });
});

describe('signing', () => {
  const msg = Buffer.from('audit chain head 0001');
  const digest = crypto.createHash('sha256').update(msg).digest();
  const nodeVerify = (spki: Uint8Array, sig: Uint8Array) =>
    crypto.verify('sha256', msg, { key: Buffer.from(spki), format: 'der', type: 'spki' }, sig);

  it('signs RAW and DIGEST messages that node:crypto verifies with the public key', async () => {
    const { server, kms } = await start();
    const pub = await kms.send(new GetPublicKeyCommand({ KeyId: 'alias/vault-dev-signing' }));
    expect(pub).toMatchObject({ KeyId: server.signingKeyId, KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', SigningAlgorithms: ['ECDSA_SHA_256'] });

    for (const [Message, MessageType] of [[msg, 'RAW'], [digest, 'DIGEST']] as const) {
      const { Signature } = await kms.send(new SignCommand({ KeyId: server.signingKeyId, Message, MessageType, SigningAlgorithm: 'ECDSA_SHA_256' }));
      expect(Buffer.from(Signature!)[0]).toBe(0x30); // DER, as AWS returns
      expect(nodeVerify(pub.PublicKey!, Signature!)).toBe(true);
      // A signature over the message verifies in both modes, whichever mode produced it.
      for (const [m, t] of [[msg, 'RAW'], [digest, 'DIGEST']] as const) {
        const v = await kms.send(new VerifyCommand({ KeyId: 'alias/vault-dev-signing', Message: m, MessageType: t, Signature, SigningAlgorithm: 'ECDSA_SHA_256' }));
        expect(v.SignatureValid).toBe(true);
      }
    }

    const local = crypto.sign('sha256', msg, crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey); // valid, other key
    for (const MessageType of ['RAW', 'DIGEST'] as const) {
      await expect(
        kms.send(new VerifyCommand({ KeyId: server.signingKeyId, Message: MessageType === 'RAW' ? msg : digest, MessageType, Signature: local, SigningAlgorithm: 'ECDSA_SHA_256' })),
      ).rejects.toMatchObject({ name: 'KMSInvalidSignatureException' });
    }
    await expect(
      kms.send(new SignCommand({ KeyId: server.signingKeyId, Message: msg, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('signs with a created ECC_NIST_P256 key', async () => {
    const { kms } = await start();
    const { KeyMetadata: key } = await kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }));
    const { Signature } = await kms.send(new SignCommand({ KeyId: key!.Arn, Message: msg, SigningAlgorithm: 'ECDSA_SHA_256' }));
    const pub = await kms.send(new GetPublicKeyCommand({ KeyId: key!.KeyId }));
    expect(nodeVerify(pub.PublicKey!, Signature!)).toBe(true);
  });

  it('still decrypts old blobs and verifies old signatures after a restart', async () => {
    const first = await start();
    const { KeyMetadata: created } = await first.kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }));
    const dk = await first.kms.send(new GenerateDataKeyCommand({ KeyId: 'alias/vault-dev', KeySpec: 'AES_256', EncryptionContext: ctx }));
    const sigs = await Promise.all(
      [first.server.signingKeyId, created!.Arn!].map(async (KeyId) => (await first.kms.send(new SignCommand({ KeyId, Message: msg, SigningAlgorithm: 'ECDSA_SHA_256' }))).Signature!),
    );
    const pub = (await first.kms.send(new GetPublicKeyCommand({ KeyId: first.server.signingKeyId }))).PublicKey!;
    await first.server.close();

    const second = await start(first.dataDir);
    expect(second.server.keyId).toBe(first.server.keyId);
    expect(second.server.signingKeyId).toBe(first.server.signingKeyId);
    const out = await second.kms.send(new DecryptCommand({ CiphertextBlob: dk.CiphertextBlob, EncryptionContext: ctx }));
    expect(Buffer.from(out.Plaintext!)).toEqual(Buffer.from(dk.Plaintext!));
    for (const [KeyId, Signature] of [[second.server.signingKeyId, sigs[0]], [created!.Arn!, sigs[1]]] as const) {
      const v = await second.kms.send(new VerifyCommand({ KeyId, Message: msg, Signature, SigningAlgorithm: 'ECDSA_SHA_256' }));
      expect(v.SignatureValid).toBe(true);
    }
    expect(Buffer.from((await second.kms.send(new GetPublicKeyCommand({ KeyId: second.server.signingKeyId }))).PublicKey!)).toEqual(Buffer.from(pub));
  });
});

describe('master secret', () => {
  it('is created with mode 0600', async () => {
    const { dataDir } = await start();
    const file = path.join(dataDir, 'kms', 'master.key');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(file).size).toBe(32);
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
    const err = await kms.send(new EncryptCommand({ KeyId: server.keyId, Plaintext: Buffer.alloc(70 * 1024, 1) })).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 413 } });
    // The connection stays usable afterwards.
    await expect(kms.send(new DescribeKeyCommand({ KeyId: 'alias/vault-dev' }))).resolves.toBeDefined();
  });

  it('rejects requests without an Authorization header', async () => {
    const { server } = await start();
    const kms = clientFor(server);
    kms.middlewareStack.add(
      (next) => async (args) => {
        delete (args.request as { headers: Record<string, string> }).headers.authorization;
        return next(args);
      },
      { step: 'deserialize', name: 'dropAuthorization' },
    );
    await expect(kms.send(new DescribeKeyCommand({ KeyId: 'alias/vault-dev' }))).rejects.toMatchObject({
      name: 'MissingAuthenticationTokenException',
    });
  });

  it('answers operations it does not implement with UnknownOperationException', async () => {
    const { kms } = await start();
    await expect(kms.send(new ListAliasesCommand({}))).rejects.toMatchObject({ name: 'UnknownOperationException' });
  });

  it('binds only to loopback', async () => {
    await expect(startEmbeddedKms({ dataDir: newDir(), host: '0.0.0.0' })).rejects.toThrow(/loopback/);
  });
});
