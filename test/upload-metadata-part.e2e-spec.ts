import { createVaultClient, uploadForm } from '@call-recording-vault/client';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { makeCall } from './fixtures/call';
import { startTestApp, type TestApp } from './support/app';
import { settle } from './support/upload';

/** The upload's metadata as an application/json file part: what FormData with a Blob, curl -F m=@f.json and SDKs send. */
describe('upload: metadata as a JSON file part', () => {
  let t: TestApp;
  let key: string;
  let base: string;
  let dir: string;
  let n = 0;
  const call = () => makeCall({ externalCallId: `part-${++n}` });

  beforeAll(async () => {
    t = await startTestApp({ AUTH_FAILURE_LIMIT: '100000', WORKER_POLL_INTERVAL: '500ms' });
    await t.tenant('acme');
    key = (await t.apiKey('acme', 'ingest')).key;
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-upload-'));
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Real curl (asynchronously: this process is also the server), so the body is what integrators' scripts send. */
  async function curl(
    parts: string[],
  ): Promise<{ status: number; body: { id?: string; code?: string; message?: string } }> {
    const { stdout: out } = await promisify(execFile)(
      'curl',
      [
        '-sS',
        '-o',
        '-',
        '-w',
        '\n%{http_code}',
        '-H',
        `Authorization: Bearer ${key}`,
        ...parts,
        `${base}/v1/recordings`,
      ],
      { encoding: 'utf8' },
    );
    const cut = out.lastIndexOf('\n');
    return { status: Number(out.slice(cut + 1)), body: JSON.parse(out.slice(0, cut)) as { id?: string } };
  }

  function files(c: ReturnType<typeof call>) {
    const m = path.join(dir, `call-${n}.json`);
    const a = path.join(dir, `call-${n}.wav`);
    fs.writeFileSync(m, JSON.stringify(c.metadata));
    fs.writeFileSync(a, c.wav);
    return { m, a };
  }

  it('takes a Node FormData upload whose metadata is a Blob, through the typed client, and processes it', async () => {
    const c = call();
    const vault = createVaultClient({ baseUrl: base, token: key });
    const { data, error, response } = await vault.POST('/v1/recordings', {
      body: { metadata: c.metadata as never, audio: new Blob([c.wav], { type: 'audio/wav' }) },
      bodySerializer: uploadForm,
    });
    expect([response.status, error]).toEqual([202, undefined]);
    const done = await settle(t, key, data?.id ?? '');
    expect([done.externalCallId, done.status]).toEqual([c.metadata.externalCallId, 'available']);
  });

  it('takes overlapping FormData uploads with Blob metadata (native fetch), each stored once', async () => {
    const calls = Array.from({ length: 4 }, call);
    const answers = await Promise.all(
      calls.map(async (c) => {
        const form = new FormData();
        form.append('metadata', new Blob([JSON.stringify(c.metadata)], { type: 'application/json' }), 'm.json');
        form.append('audio', new Blob([c.wav]), 'call.wav');
        const res = await fetch(`${base}/v1/recordings`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${key}` },
          body: form,
        });
        return { status: res.status, body: (await res.json()) as { id: string } };
      }),
    );
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202]);
    const ids = new Set(answers.map((a) => a.body.id));
    expect(ids.size).toBe(4);
    for (const [i, a] of answers.entries()) {
      const got = await t.http().get(`/v1/recordings/${a.body.id}`).set('Authorization', `Bearer ${key}`).expect(200);
      expect(got.body.externalCallId).toBe(calls[i].metadata.externalCallId);
    }
  });

  it("takes curl -F 'metadata=@m.json;type=application/json'", async () => {
    const c = call();
    const { m, a } = files(c);
    const res = await curl(['-F', `metadata=@${m};type=application/json`, '-F', `audio=@${a};type=audio/wav`]);
    expect(res.status).toBe(202);
    expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('still takes the metadata as a plain text field (curl --form-string)', async () => {
    const c = call();
    const { a } = files(c);
    const res = await curl(['--form-string', `metadata=${JSON.stringify(c.metadata)}`, '-F', `audio=@${a}`]);
    expect(res.status).toBe(202);
  });

  it('refuses a metadata file part after the audio, saying the metadata must come first and why', async () => {
    const c = call();
    const { m, a } = files(c);
    const res = await curl(['-F', `audio=@${a}`, '-F', `metadata=@${m};type=application/json`]);
    expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(res.body.message).toMatch(
      /^metadata: the metadata part must come before the audio part \(the audio is streamed/,
    );
  });

  it.each([
    ['not JSON', '{"externalCallId": ', 'application/json', 400, 'INVALID_METADATA', /not valid JSON/],
    [
      'JSON missing fields',
      '{"externalCallId": "x"}',
      'application/json',
      400,
      'INVALID_METADATA',
      /^metadata\.startedAt/,
    ],
    ['of another type', 'externalCallId,startedAt\n', 'text/csv', 415, 'UNSUPPORTED_MEDIA_TYPE', /application\/json/],
  ])('refuses a metadata file part %s', async (_, content, type, status, code, message) => {
    const c = call();
    const { a } = files(c);
    const m = path.join(dir, `bad-${++n}.json`);
    fs.writeFileSync(m, content);
    const res = await curl(['-F', `metadata=@${m};type=${type}`, '-F', `audio=@${a}`]);
    expect([res.status, res.body.code]).toEqual([status, code]);
    expect(res.body.message).toMatch(message);
  });

  it('refuses two metadata parts', async () => {
    const c = call();
    const { m, a } = files(c);
    const res = await curl([
      '-F',
      `metadata=@${m};type=application/json`,
      '-F',
      `metadata=@${m};type=application/json`,
      '-F',
      `audio=@${a}`,
    ]);
    expect([res.status, res.body.code, res.body.message]).toEqual([
      400,
      'VALIDATION_FAILED',
      'expected exactly one metadata part',
    ]);
  });
});
