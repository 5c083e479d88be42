import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { VISA_TEST_PAN } from './fixtures/cards';
import { DIST, requireBuild, stop } from './support/child';

const exec = promisify(execFile);
const MAIN = path.join(DIST, 'main.js');
const CLI = path.join(DIST, 'cli.js');

function startService(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [MAIN], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const listening = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => out.includes('listening on') && resolve());
    child.once('exit', (code) => reject(new Error(`service exited with ${code}: ${err}`)));
  });
  listening.catch(() => undefined); // awaited only by tests that expect the service to come up
  return { child, listening, output: () => ({ out, err }) };
}

describe('the service process', () => {
  beforeAll(requireBuild);

  it.each([
    ['PORT', 'http'],
    ['DATABASE_URL', 'mysql://db/vault'],
    ['OIDC_ALGORITHMS', 'HS256'],
  ])('refuses to start with a bad %s and names it', async (variable, value) => {
    const s = startService({ [variable]: value, DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'vault-cfg-')) });
    const code = await new Promise((resolve) => s.child.once('exit', resolve));
    expect(code).toBe(78);
    expect(s.output().err).toContain(`config error: ${variable}`);
  });

  it('refuses every development stand-in with NODE_ENV=production, naming the variables to set', async () => {
    const unset = { DATABASE_URL: '', S3_ENDPOINT: '', KMS_KEY_ID: '', OIDC_ISSUER: '' };
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-prod-'));
    const s = startService({ ...unset, NODE_ENV: 'production', DATA_DIR: dataDir });
    const code = await new Promise((resolve) => s.child.once('exit', resolve));
    expect(fs.readdirSync(dataDir)).toEqual([]); // refused before any stand-in wrote anything
    fs.rmSync(dataDir, { recursive: true, force: true });
    expect(code).toBe(78);
    for (const variable of ['DATABASE_URL', 'S3_ENDPOINT', 'KMS_KEY_ID', 'OIDC_ISSUER']) {
      expect(s.output().err).toContain(`config error: ${variable} must be set when NODE_ENV=production`);
    }
  });

  it('starts on embedded defaults, shares them with the CLI, refuses a second owner of DATA_DIR, and stops cleanly on SIGTERM', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-start-'));
    const port = String(20000 + Math.floor(Math.random() * 20000));
    const env = { DATA_DIR: dataDir, PORT: port, DATABASE_URL: '', S3_ENDPOINT: '', KMS_KEY_ID: '', KMS_ENDPOINT: '' };
    const s = startService(env);
    let postmaster = 0;
    try {
      await s.listening;
      const logs = s
        .output()
        .out.trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(logs.find((l) => l.embedded)?.embedded).toEqual([
        'database (embedded PostgreSQL)',
        'object storage (s3rver)',
        'key management (development KMS)',
      ]);
      const notice = logs.find((l) => String(l.msg).startsWith('embedded PostgreSQL on 127.0.0.1:'))?.msg;
      expect(notice).toContain(`data in ${path.join(dataDir, 'postgres')}`);
      if (process.getuid!() === 0)
        expect(notice).toMatch(/running as the OS user postgres \(uid \d+\) because PostgreSQL refuses to run as root/);
      else expect(notice).not.toContain('running as');
      postmaster = Number(fs.readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
      expect(s.output().out).toContain(`/docs`);
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
      expect(await ready.json()).toEqual({ status: 'ok', checks: { database: 'ok', storage: 'ok', kms: 'ok' } });

      const cli = (...args: string[]) =>
        exec(process.execPath, [CLI, ...args, '--json'], { env: { ...process.env, ...env } });
      const tenant = JSON.parse((await cli('tenant:create', 'acme')).stdout);
      expect(tenant.name).toBe('acme');
      const key = JSON.parse((await cli('apikey:create', '--tenant', 'acme', '--role', 'admin')).stdout);
      const res = await fetch(`http://127.0.0.1:${port}/v1/tenants/current`, {
        headers: { Authorization: `Bearer ${key.key}` },
      });
      expect(((await res.json()) as { name: string }).name).toBe('acme');
      const token = JSON.parse((await cli('token:issue', '--tenant', 'acme', '--role', 'auditor')).stdout).token;
      const verify = await fetch(`http://127.0.0.1:${port}/v1/audit/verify`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(((await verify.json()) as { valid: boolean }).valid).toBe(true);

      // The README walkthrough, on the embedded defaults.
      const ingestKey = JSON.parse((await cli('apikey:create', '--tenant', 'acme', '--role', 'ingest')).stdout).key;
      const wav = path.join(dataDir, 'call.wav');
      const metadata = (await cli('sample:call', wav, '--call-id', 'walkthrough-1')).stdout;
      const form = new FormData();
      form.append('metadata', JSON.stringify(JSON.parse(metadata)));
      form.append('audio', new Blob([fs.readFileSync(wav)]), 'call.wav');
      const up = await fetch(`http://127.0.0.1:${port}/v1/recordings`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${ingestKey}` },
        body: form,
      });
      expect(up.status).toBe(202);
      const { id } = (await up.json()) as { id: string };
      const qa = JSON.parse((await cli('token:issue', '--tenant', 'acme', '--role', 'qa')).stdout).token;
      let status = '';
      for (let i = 0; i < 120 && !['available', 'rejected', 'failed'].includes(status); i++) {
        await new Promise((r) => setTimeout(r, 250));
        const r = await fetch(`http://127.0.0.1:${port}/v1/recordings/${id}`, {
          headers: { Authorization: `Bearer ${qa}` },
        });
        status = ((await r.json()) as { status: string }).status;
      }
      expect(status).toBe('available');
      const report = (await (
        await fetch(`http://127.0.0.1:${port}/v1/recordings/${id}/redactions`, {
          headers: { Authorization: `Bearer ${qa}` },
        })
      ).json()) as { report: { spans: { kind: string; masked: string }[] } };
      expect(report.report.spans.filter((s) => s.kind === 'pan').map((s) => s.masked)).toEqual([
        '•••• 1111',
        '•••• 1111',
      ]);
      const audio = await fetch(`http://127.0.0.1:${port}/v1/recordings/${id}/audio`, {
        headers: { Authorization: `Bearer ${qa}` },
      });
      expect(audio.status).toBe(200);
      expect((await audio.arrayBuffer()).byteLength).toBe(fs.statSync(wav).size);
      // Nothing of the card number reaches the logs: not the digits, not the spoken words, not the keys.
      const everything = s.output().out + s.output().err;
      expect(everything).toContain('/v1/recordings'); // the requests were logged
      for (const secret of [VISA_TEST_PAN, 'four one one', 'one one one one', ingestKey, qa])
        expect(everything).not.toContain(secret);

      const second = startService({ ...env, PORT: String(Number(port) + 1) });
      const code = await new Promise((resolve) => second.child.once('exit', resolve));
      expect(code).toBe(1);
      expect(second.output().err).toContain('is in use by the embedded services of process');
    } finally {
      expect(await stop(s.child)).toBe(0);
    }
    expect(fs.existsSync(path.join(dataDir, 'embedded.lock'))).toBe(false);
    // PostgreSQL was shut down with the service, not left running.
    expect(fs.existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
    expect(() => process.kill(postmaster, 0)).toThrow();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
