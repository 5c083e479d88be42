import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { sampleCall } from '../src/sample-call';
import { prng, randomPan } from './fixtures/cards';
import { DIST } from './support/child';
import { resetTestDatabase, TEST_DATABASE_URL } from './support/database';
import { startService, type ServiceProcess } from './support/service';

const exec = promisify(execFile);

type LogLine = Record<string, unknown> & { msg?: string; req?: { id?: string } };

/** Every digit of the number in order, anything but digits between: the number in any spelling. */
const anySpelling = (pan: string) => new RegExp(pan.split('').join('\\D{0,3}'));

/** The card number in groups of four joined by `sep`. */
const grouped = (pan: string, sep: string) => (pan.match(/\d{1,4}/g) ?? []).join(sep);

/**
 * The built service at LOG_LEVEL=debug with JSON logs, fed card numbers and credentials through
 * every input a log line could repeat: upload metadata, query strings, path parameters, headers,
 * a malformed body, a bulk job's parameters, a pipeline step that refuses the recording, the CLI.
 * None of them may appear in the output in any spelling, while the lines about those requests do.
 */
describe('log masking: no card number, key or token in any log line', () => {
  let s: ServiceProcess;
  let dataDir: string;
  const rand = prng(4242);
  // Varied brands and lengths (13, 15, 16, 19 digits), each used once, in the spelling given.
  const pans = Array.from({ length: 32 }, (_, i) => randomPan(rand, [[13, 15, 16, 19][i % 4]]));
  const secrets: string[] = [];
  const requestIds: string[] = [];
  let rejected = '';
  let cliOutput = '';
  let pi = 0;
  const pan = (sep = '') => grouped(pans[pi++ % pans.length], sep);

  const logs = (): LogLine[] =>
    s
      .output()
      .out.split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as LogLine);

  async function call(url: string, init: RequestInit = {}): Promise<Response> {
    const res = await fetch(`${s.base}${url}`, init);
    await res.arrayBuffer();
    expect(res.status).toBeLessThan(500);
    requestIds.push(res.headers.get('x-request-id') ?? '');
    return res;
  }

  async function waitFor(what: string, ok: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await ok())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  function uploadForm(metadata: Record<string, unknown>, wav: Buffer): FormData {
    const form = new FormData();
    form.append('metadata', JSON.stringify(metadata));
    form.append('audio', new Blob([new Uint8Array(wav)]), 'call.wav');
    return form;
  }

  beforeAll(async () => {
    await resetTestDatabase();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-logmask-'));
    s = await startService({
      DATA_DIR: dataDir,
      DATABASE_URL: TEST_DATABASE_URL,
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'json',
      WORKER_POLL_INTERVAL: '500ms',
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      WEBHOOK_PLAIN_HTTP_HOSTS: '127.0.0.1',
    });
    await s.cli('tenant:create', 'acme');
    const ingest = String((await s.cli('apikey:create', '--tenant', 'acme', '--role', 'ingest')).key);
    const admin = String((await s.cli('apikey:create', '--tenant', 'acme', '--role', 'admin')).key);
    const qa = String((await s.cli('token:issue', '--tenant', 'acme', '--role', 'qa')).token);
    // A key of the right shape whose secret is wrong, and a made-up playback token.
    const wrongKey = `${ingest.slice(0, 17)}${randomBytes(32).toString('base64url')}`;
    const fakePlayback = `pbt_${randomBytes(32).toString('base64url')}`;
    secrets.push(ingest, admin, qa, wrongKey, fakePlayback);
    const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

    const hook = await fetch(`${s.base}/v1/tenants/current/webhook`, {
      method: 'PUT',
      headers: { ...auth(admin), 'Content-Type': 'application/json' },
      body: JSON.stringify({ url: 'http://127.0.0.1:9/hook' }),
    });
    expect(hook.status).toBe(200);
    secrets.push(((await hook.json()) as { secret: string }).secret);

    // Upload metadata: a card in free text (masked on input), in an id (refused), in a callback URL.
    const good = sampleCall('logmask-ok');
    (good.metadata.consent as { evidence: Record<string, string> }[])[0].evidence.note = `read out ${pan(' ')}`;
    const goodRes = await fetch(`${s.base}/v1/recordings`, {
      method: 'POST',
      headers: auth(ingest),
      body: uploadForm(good.metadata, good.wav),
    });
    expect(goodRes.status).toBe(202);
    const recId = ((await goodRes.json()) as { id: string }).id;
    const badId = sampleCall(`call-${pan('-')}`);
    await call('/v1/recordings', {
      method: 'POST',
      headers: auth(ingest),
      body: uploadForm(badId.metadata, badId.wav),
    });
    const cb = sampleCall('logmask-cb');
    cb.metadata.callbackUrl = `https://127.0.0.1/cb?card=${pan()}&token=${fakePlayback}`;
    await call('/v1/recordings', { method: 'POST', headers: auth(ingest), body: uploadForm(cb.metadata, cb.wav) });
    // A pipeline step that refuses the recording: a marker after the end of the audio.
    const late = sampleCall('logmask-late');
    late.metadata.markers = [{ kind: 'pause', startMs: 60_000, endMs: 61_000 }];
    (late.metadata.consent as { evidence: Record<string, string> }[])[0].evidence.note = `card ${pan('.')}`;
    const lateRes = await fetch(`${s.base}/v1/recordings`, {
      method: 'POST',
      headers: auth(ingest),
      body: uploadForm(late.metadata, late.wav),
    });
    expect(lateRes.status).toBe(202);
    rejected = ((await lateRes.json()) as { id: string }).id;

    // Query strings and path parameters.
    await call(`/v1/recordings?cursor=${pan()}&externalCallId=${pan('%20')}&token=${fakePlayback}`, {
      headers: auth(admin),
    });
    await call(`/v1/recordings/${pan('-')}`, { headers: auth(admin) });
    await call(`/v1/recordings/${pan('%20')}/audio?token=${fakePlayback}`);
    await call(`/v1/no-such-route/${pan()}?card=${pan('+')}`);

    // Headers: a request id and a user agent holding a card, good and bad credentials.
    await call('/v1/recordings', {
      headers: { ...auth(admin), 'X-Request-Id': pan('-'), 'User-Agent': `ua ${pan()}` },
    });
    await call('/v1/recordings', { headers: { ...auth(wrongKey), 'User-Agent': `ua/${pan(' ')}` } });
    await call('/v1/recordings', { headers: { Authorization: `Bearer ${pan()}`, Cookie: `sid=${pan()}` } });
    await call('/v1/recordings', {
      headers: { Authorization: `Basic ${Buffer.from(`u:${pan()}`).toString('base64')}` },
    });
    await call('/v1/recordings', { headers: { 'X-Api-Key': ingest, Referer: `https://x.example/?pan=${pan()}` } });

    // A malformed JSON body, on a path holding a card number (refused before the request log sees it).
    const malformed = await fetch(`${s.base}/v1/recordings/${pan('-')}/holds`, {
      method: 'POST',
      headers: { ...auth(admin), 'Content-Type': 'application/json' },
      body: `{"reason": "${pan(' ')}", `,
    });
    expect(malformed.status).toBe(400);
    await malformed.arrayBuffer();
    // A bulk job's parameters: an import of object keys and metadata holding card numbers.
    await call('/v1/jobs', {
      method: 'POST',
      headers: { ...auth(admin), 'Content-Type': 'application/json' },
      body: JSON.stringify({
        kind: 'import',
        params: {
          bucket: 'vault-imports',
          items: [{ key: `calls/${pan('-')}.wav`, metadata: { externalCallId: `x-${pan()}`, note: pan(' ') } }],
        },
      }),
    });
    await call('/v1/jobs', {
      method: 'POST',
      headers: { ...auth(qa), 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'audio-export', params: { purpose: `QA ${pan(' ')}`, externalCallId: pan() } }),
    });

    // A playback token issued and used, for the recording that was stored.
    await waitFor('the stored recording', async () => {
      const r = await fetch(`${s.base}/v1/recordings/${recId}`, { headers: auth(qa) });
      return ((await r.json()) as { status: string }).status === 'available';
    });
    const link = await fetch(`${s.base}/v1/recordings/${recId}/playback`, {
      method: 'POST',
      headers: { ...auth(qa), 'Content-Type': 'application/json', 'X-Access-Purpose': 'QA review' },
      body: JSON.stringify({ purpose: 'QA review' }),
    });
    expect(link.status).toBe(201);
    const { url } = (await link.json()) as { url: string };
    const playback = new URL(url, s.base).searchParams.get('token') ?? '';
    expect(playback).toMatch(/^pbt_/);
    secrets.push(playback);
    await call(`${new URL(url, s.base).pathname}?token=${playback}`);

    // The CLI's failure line repeats its argument.
    cliOutput = await exec(process.execPath, [path.join(DIST, 'cli.js'), 'apikey:revoke', pan('-'), '--json'], {
      env: s.env,
    }).then(
      (r) => r.stdout + r.stderr,
      (e: unknown) => `${(e as { stdout: string }).stdout}${(e as { stderr: string }).stderr}`,
    );

    // A request's line is written as its response finishes, so it may reach the pipe after the answer.
    const logged = () => requestIds.every((id) => logs().some((l) => l.req?.id === id));
    await waitFor('every request in the log', logged, 10_000).catch(() => undefined);
    await waitFor('the refused recording', () => logs().some((l) => l.recordingId === rejected && l.to === 'rejected'));
  }, 180_000);

  afterAll(async () => {
    await s.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs the requests, the pipeline step and the CLI failure', () => {
    const lines = logs();
    expect(lines.length).toBeGreaterThan(requestIds.length);
    for (const id of requestIds) expect(lines.some((l) => l.req?.id === id)).toBe(true);
    expect(lines.some((l) => l.recordingId === rejected && l.to === 'rejected')).toBe(true);
    expect(cliOutput).toContain('"error"');
  });

  it('never writes a card number in any spelling, nor a key, token or secret', () => {
    const { out, err } = s.output();
    const all = out + err + cliOutput;
    expect(pi).toBeGreaterThan(pans.length / 2);
    // A logged path keeps its percent-encoding: `%20` between the groups is a separator too.
    const decoded = all.replace(/%(?:20|2[def]|5f)/gi, ' ');
    for (const p of pans) {
      expect(all).not.toMatch(anySpelling(p));
      expect(decoded).not.toMatch(anySpelling(p));
    }
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(20);
      expect(all).not.toContain(secret);
      expect(all).not.toContain(secret.slice(-16));
    }
  });
});
