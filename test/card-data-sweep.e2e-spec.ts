import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { luhnValid } from '../src/modules/redaction/card-number';
import { makeCall } from './fixtures/call';
import { resetTestDatabase, TEST_DATABASE_URL } from './support/database';
import { startService, type ServiceProcess } from './support/service';

const exec = promisify(execFile);

/** Every maximal run of 13–19 digits that passes Luhn, with a little context (digits hidden). */
function cardRuns(text: string, where: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?<!\d)\d{13,19}(?!\d)/g)) {
    if (!luhnValid(m[0])) continue;
    const context = text.slice(Math.max(0, m.index - 40), m.index + m[0].length + 20).replace(/\d/g, '#');
    found.push(`${where}: …${context}…`);
  }
  return found;
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : [p];
  });
}

/**
 * Issue 12: after card data has gone through every free-text input and the whole pipeline, no
 * 13–19 digit Luhn-valid run is anywhere: not in a dump of the database, not in the object
 * store's files (ciphertext and plaintext parts alike), not in the service's logs.
 */
describe('card-data sweep of database, object store and logs', () => {
  let svc: ServiceProcess;
  let dataDir: string;

  beforeAll(async () => {
    await resetTestDatabase();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-sweep-'));
    svc = await startService({
      DATABASE_URL: TEST_DATABASE_URL,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'debug',
      WORKER_POLL_INTERVAL: '500ms',
      AUTH_FAILURE_LIMIT: '100000',
    });
  }, 120_000);
  afterAll(async () => {
    await svc.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('finds no card number anywhere after card data went through every input', async () => {
    await svc.cli('tenant:create', 'acme');
    const ingest = String((await svc.cli('apikey:create', '--tenant', 'acme', '--role', 'ingest')).key);
    const legal = String((await svc.cli('token:issue', '--tenant', 'acme', '--role', 'legal')).token);
    const cards = ['4111111111111111', '5500000000000004', '378282246310005', '6011111111111117', '3530111333300000'];
    const call = makeCall({ externalCallId: 'sweep-1' });
    const metadata = {
      ...call.metadata,
      // The call's own consent, with card data typed into its evidence.
      consent: (call.metadata.consent as Record<string, unknown>[]).map((c) => ({
        ...c,
        evidence: {
          note: `paid with ${cards[0]} exp 12/29 cvv 123`,
          more: cards.slice(1).map((n) => n.replace(/(\d{4})/g, '$1 ')),
        },
      })),
    };
    const form = new FormData();
    form.append('metadata', JSON.stringify(metadata));
    form.append('audio', new Blob([new Uint8Array(call.wav)]), 'call.wav');
    const up = await fetch(`${svc.base}/v1/recordings`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ingest}` },
      body: form,
    });
    expect(up.status).toBe(202);
    const { id } = (await up.json()) as { id: string };
    let status = '';
    for (let i = 0; i < 240 && !['available', 'rejected', 'failed'].includes(status); i++) {
      await new Promise((r) => setTimeout(r, 250));
      const res = await fetch(`${svc.base}/v1/recordings/${id}`, { headers: { Authorization: `Bearer ${ingest}` } });
      status = ((await res.json()) as { status: string }).status;
    }
    expect(status).toBe('available');
    const json = { Authorization: `Bearer ${legal}`, 'Content-Type': 'application/json' };
    const hold = await fetch(`${svc.base}/v1/recordings/${id}/holds?purpose=dispute%20${cards[1]}`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ matter: `M ${cards[2]}`, reason: `card ${cards[3]} in dispute` }),
    });
    expect(hold.status).toBe(201);
    // Card numbers where none belong: a bad credential, a malformed body, an id.
    await fetch(`${svc.base}/v1/recordings`, { headers: { Authorization: `Bearer ${cards[4]}` } });
    await fetch(`${svc.base}/v1/recordings/${id}/consent`, {
      method: 'POST',
      headers: json,
      body: `{"x": "${cards[0]}`,
    });
    await fetch(`${svc.base}/v1/recordings/${cards[0]}`, { headers: { Authorization: `Bearer ${legal}` } });
    // Job parameters, a consent-rule override, error messages repeating the input, a client request id.
    const admin = String((await svc.cli('apikey:create', '--tenant', 'acme', '--role', 'admin')).key);
    const asAdmin = { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' };
    const spaced = cards[0].replace(/(\d{4})(?=\d)/g, '$1 ');
    const sends: [string, string, Record<string, string>, unknown, number][] = [
      ['POST', '/v1/jobs', json, { kind: 'evidence-export', params: { q: spaced, matter: `M ${cards[1]}` } }, 202],
      ['POST', '/v1/jobs', json, { kind: 'evidence-export', params: { externalCallId: cards[0] } }, 400],
      ['PUT', '/v1/tenants/current/consent-rules', asAdmin, { version: spaced, rules: {} }, 400],
      [
        'PUT',
        '/v1/tenants/current/consent-rules',
        asAdmin,
        { version: 'v1', rules: { 'US-CA': { partyConsent: 'all', citation: `card ${cards[2]}` } } },
        200,
      ],
      ['PUT', '/v1/tenants/current/retention', asAdmin, { defaultDays: 30, byJurisdiction: { [cards[3]]: 1 } }, 400],
      ['PUT', '/v1/tenants/current/webhook', asAdmin, { url: `https://${cards[4]}.example/` }, 400],
    ];
    for (const [method, route, headers, body, status] of sends) {
      const res = await fetch(`${svc.base}${route}`, {
        method,
        headers: { ...headers, 'X-Request-Id': cards[4] },
        body: JSON.stringify(body),
      });
      expect([route, res.status]).toEqual([route, status]);
      expect(res.headers.get('x-request-id')).not.toBe(cards[4]);
    }
    await svc.cli('audit:checkpoint');

    const found: string[] = [];
    // The migrations table holds the migrations' own names, whose timestamps can pass Luhn.
    const { stdout: dump } = await exec(
      'pg_dump',
      ['--data-only', '--exclude-table-data=migrations', TEST_DATABASE_URL],
      {
        maxBuffer: 1 << 28,
      },
    );
    // bytea columns (hashes, wrapped keys, signatures) dump as hex: random digits, not text anyone typed.
    found.push(...cardRuns(dump.replace(/\\\\x[0-9a-f]+/g, '\\x…'), 'database dump'));
    for (const file of filesUnder(path.join(dataDir))) {
      if (file.includes(`${path.sep}postgres${path.sep}`)) continue;
      found.push(...cardRuns(fs.readFileSync(file).toString('latin1'), path.relative(dataDir, file)));
    }
    const { out, err } = svc.output();
    // pino's own "time" field is epoch milliseconds, thirteen digits that pass Luhn one time in ten.
    found.push(...cardRuns(`${out}\n${err}`.replace(/"time":\d+/g, '"time":0'), 'service logs'));
    expect(found).toEqual([]);
    // The sweep looks where the card data went: it would have found it unmasked.
    expect(dump).toContain(`•••• ${cards[0].slice(-4)}`);
  }, 180_000);
});
