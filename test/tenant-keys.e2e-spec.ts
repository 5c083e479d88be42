import { CreateKeyCommand, DecryptCommand, DisableKeyCommand, EnableKeyCommand } from '@aws-sdk/client-kms';
import { run } from '../src/cli';
import { KmsService } from '../src/modules/crypto/kms.service';
import { KeyRotationService } from '../src/modules/key-rotations/key-rotation.service';
import { PhoneHasher } from '../src/modules/tenants/phone-hasher';
import { startTestApp, type TestApp } from './support/app';
import { TEST_DATABASE_URL } from './support/database';

/**
 * Issue 12: a tenant admin could rotate to any key the KMS knows, the audit-signing key included;
 * uploads then failed, the rotation stayed `running` forever and every retry got 409. Tenant
 * secrets were wrapped under the service key and never re-wrapped.
 */
describe('keys tenants may use', () => {
  let t: TestApp;
  let kms: KmsService;
  let admin: string;
  let tenantId: string;
  const bearer = (v: string) => ({ Authorization: `Bearer ${v}` });
  const cli = (...args: string[]) =>
    run([...args, '--json'], { DATABASE_URL: TEST_DATABASE_URL, DATA_DIR: t.config.dataDir, LOG_LEVEL: 'silent' });
  const rotate = (kmsKeyId: string) =>
    t.http().post('/v1/tenants/current/key-rotations').set(bearer(admin)).send({ kmsKeyId });
  const newKey = async () => (await kms.client.send(new CreateKeyCommand({ Description: 'tenant key' }))).KeyMetadata!;
  const tenantKey = async () =>
    (await t.runtime.dataSource.query(`SELECT kms_key_id FROM tenants WHERE id = $1`, [tenantId]))[0].kms_key_id;
  /** The KMS key a wrapped blob is under, as KMS itself reports on decrypt. */
  const wrappedUnder = async (blob: Buffer, purpose: string) =>
    (
      await kms.client.send(
        new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { tenant: tenantId, purpose } }),
      )
    ).KeyId;

  beforeAll(async () => {
    t = await startTestApp({
      AUTH_FAILURE_LIMIT: '100000',
      WORKER_ENABLED: 'false',
      WEBHOOK_ALLOWED_HOSTS: 'hooks.example.com',
    });
    tenantId = (await t.tenant('acme')).id;
    admin = (await t.apiKey('acme', 'admin')).key;
    kms = t.app.get(KmsService);
  });
  afterAll(() => t.close());

  it('refuses the audit-signing key as a data key, for tenant admins and for the operator alike', async () => {
    const res = await rotate(kms.signingKeyId).expect(403);
    expect(res.body).toMatchObject({ code: 'KEY_NOT_ALLOWED', message: expect.stringContaining('audit-signing') });
    await expect(cli('tenant:keys', '--tenant', 'acme', '--allow', kms.signingKeyId)).rejects.toMatchObject({
      code: 'KEY_NOT_ALLOWED',
    });
    expect(await tenantKey()).toBeNull();
    expect((await t.runtime.dataSource.query(`SELECT count(*)::int AS n FROM key_rotations`))[0].n).toBe(0);
  });

  it('lets a tenant admin rotate only to keys the operator allowed, re-wrapping the tenant secrets', async () => {
    // Secrets made before the rotation: under the service default key.
    await t.app.get(PhoneHasher).hash(tenantId, '+14155550134');
    await t
      .http()
      .put('/v1/tenants/current/webhook')
      .set(bearer(admin))
      .send({ url: 'https://hooks.example.com/v' })
      .expect(200);
    const key = await newKey();
    expect((await rotate(key.KeyId!).expect(403)).body.code).toBe('KEY_NOT_ALLOWED');

    const allowed = await cli('tenant:keys', '--tenant', 'acme', '--allow', key.KeyId!);
    expect(allowed.json).toEqual({ tenant: 'acme', allowed: key.Arn });
    const listed = await cli('tenant:keys', '--tenant', 'acme');
    expect(listed.json).toMatchObject({
      allowed: [{ kmsKeyId: key.Arn, allowedBy: expect.stringMatching(/^operator:/) }],
    });

    const started = await rotate(key.KeyId!).expect(202);
    await t.app.get(KeyRotationService).run(started.body.id);
    const done = await t
      .http()
      .get(`/v1/tenants/current/key-rotations/${started.body.id}`)
      .set(bearer(admin))
      .expect(200);
    expect(done.body.status).toBe('completed');
    const [secrets] = await t.runtime.dataSource.query(
      `SELECT phone_key_wrapped, phone_key_kms_id, webhook_secret_wrapped FROM tenants WHERE id = $1`,
      [tenantId],
    );
    expect(secrets.phone_key_kms_id).toBe(key.Arn);
    expect(await wrappedUnder(secrets.phone_key_wrapped, 'phone-hmac')).toBe(key.Arn);
    expect(await wrappedUnder(secrets.webhook_secret_wrapped, 'webhook')).toBe(key.Arn);
    // A webhook secret set now is wrapped under the tenant's key from the start.
    await t
      .http()
      .put('/v1/tenants/current/webhook')
      .set(bearer(admin))
      .send({ url: 'https://hooks.example.com/w' })
      .expect(200);
    const [fresh] = await t.runtime.dataSource.query(`SELECT webhook_secret_wrapped FROM tenants WHERE id = $1`, [
      tenantId,
    ]);
    expect(await wrappedUnder(fresh.webhook_secret_wrapped, 'webhook')).toBe(key.Arn);

    const revoked = await cli('tenant:keys', '--tenant', 'acme', '--revoke', key.KeyId!);
    expect(revoked.json).toMatchObject({ removed: true });
    const other = await newKey();
    await cli('tenant:keys', '--tenant', 'acme', '--allow', other.KeyId!);
    await rotate(other.KeyId!)
      .expect(202)
      .then((r) => t.app.get(KeyRotationService).run(r.body.id));
    expect((await rotate(key.KeyId!).expect(403)).body.code).toBe('KEY_NOT_ALLOWED');
  });

  it('ends a rotation the key service refuses as failed with a reason, restores the previous key, and can be retried', async () => {
    const previous = await tenantKey();
    const key = await newKey();
    await cli('tenant:keys', '--tenant', 'acme', '--allow', key.KeyId!);
    const started = await rotate(key.KeyId!).expect(202);
    await kms.client.send(new DisableKeyCommand({ KeyId: key.KeyId }));
    await t.app.get(KeyRotationService).run(started.body.id);
    const failed = await t
      .http()
      .get(`/v1/tenants/current/key-rotations/${started.body.id}`)
      .set(bearer(admin))
      .expect(200);
    expect(failed.body).toMatchObject({ status: 'failed', error: expect.stringContaining('refused') });
    expect(await tenantKey()).toBe(previous);
    // A disabled key is refused up front; once enabled again the retry runs to completion.
    expect((await rotate(key.KeyId!).expect(400)).body.code).toBe('VALIDATION_FAILED');
    await kms.client.send(new EnableKeyCommand({ KeyId: key.KeyId }));
    const retry = await rotate(key.KeyId!).expect(202);
    await t.app.get(KeyRotationService).run(retry.body.id);
    const done = await t
      .http()
      .get(`/v1/tenants/current/key-rotations/${retry.body.id}`)
      .set(bearer(admin))
      .expect(200);
    expect(done.body.status).toBe('completed');
    expect(await tenantKey()).toBe(key.Arn);
  });

  it('answers rotations started at the same time with one 202 and 409 CONFLICT for the rest, never a 500', async () => {
    const key = await newKey();
    await cli('tenant:keys', '--tenant', 'acme', '--allow', key.KeyId!);
    const answers = await Promise.all(Array.from({ length: 10 }, () => rotate(key.KeyId!)));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([202, ...Array<number>(9).fill(409)]);
    for (const r of answers.filter((a) => a.status === 409))
      expect(r.body).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('already running') });
    const running = await t.runtime.dataSource.query(
      `SELECT id FROM key_rotations WHERE tenant_id = $1 AND status = 'running'`,
      [tenantId],
    );
    expect(running).toEqual([{ id: answers.find((a) => a.status === 202)!.body.id }]);
    await t.app.get(KeyRotationService).run(running[0].id);
    expect(await tenantKey()).toBe(key.Arn);
  });

  it('refuses a key not allowed with the same 403 whether the key service knows it or not, without asking it', async () => {
    const known = await newKey();
    const unknown = known.Arn!.replace(known.KeyId!, crypto.randomUUID());
    const send = jest.spyOn(kms.client, 'send');
    try {
      const answers = await Promise.all([known.Arn!, known.KeyId!, unknown, 'alias/nope'].map((k) => rotate(k)));
      for (const res of answers)
        expect([res.status, res.body.code, res.body.message]).toEqual([
          403,
          'KEY_NOT_ALLOWED',
          'kmsKeyId: this key is not allowed for the tenant; ask the operator',
        ]);
      const asked = send.mock.calls.map(([cmd]) => (cmd.input as { KeyId?: string }).KeyId);
      for (const ref of [known.Arn, known.KeyId, unknown, 'alias/nope']) expect(asked).not.toContain(ref);
    } finally {
      send.mockRestore();
    }
  });

  it('answers 409 KEY_ALREADY_CURRENT for the key the tenant already uses, starting nothing', async () => {
    const key = await newKey();
    await cli('tenant:keys', '--tenant', 'acme', '--allow', key.KeyId!);
    await t.app.get(KeyRotationService).run((await rotate(key.Arn!).expect(202)).body.id);
    expect(await tenantKey()).toBe(key.Arn);
    const rotations = async () =>
      (await t.runtime.dataSource.query(`SELECT count(*)::int AS n FROM key_rotations`))[0].n as number;
    const before = await rotations();
    for (const ref of [key.Arn!, key.KeyId!]) {
      const res = await rotate(ref).expect(409);
      expect(res.body).toMatchObject({ code: 'KEY_ALREADY_CURRENT', message: expect.stringMatching(/^kmsKeyId: /) });
    }
    expect(await rotations()).toBe(before);
    // The service default is allowed: back to it is a rotation, and then it is the current key.
    const back = await rotate(kms.defaultKeyId).expect(202);
    await t.app.get(KeyRotationService).run(back.body.id);
    expect((await rotate(kms.defaultKeyId).expect(409)).body.code).toBe('KEY_ALREADY_CURRENT');
  });
});
