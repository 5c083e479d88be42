import fs from 'node:fs';
import path from 'node:path';
import { serializeOpenApi } from '../src/openapi';
import { startTestApp, type TestApp } from './support/app';

const COMMITTED = path.join(__dirname, '..', 'openapi', 'openapi.json');
const REGENERATE = 'npm run openapi';

/** The first lines where two serialised documents part, with a little context. */
function firstDifference(want: string, got: string): string {
  const a = want.split('\n');
  const b = got.split('\n');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 3);
  return [
    `first difference at line ${i + 1} of openapi/openapi.json:`,
    ...a.slice(from, i + 3).map((l, k) => `  committed ${from + k + 1}: ${l}`),
    ...b.slice(from, i + 3).map((l, k) => `  served    ${from + k + 1}: ${l}`),
  ].join('\n');
}

describe('the committed OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('is the document the running service serves (else run `npm run openapi` and commit the result)', async () => {
    const served = serializeOpenApi((await t.http().get('/docs/openapi.json').expect(200)).body);
    const committed = fs.readFileSync(COMMITTED, 'utf8');
    if (served !== committed) {
      throw new Error(
        `openapi/openapi.json differs from what the service serves at /docs/openapi.json.\n` +
          `Regenerate it (and the client's types) with \`${REGENERATE}\` and commit both.\n\n` +
          firstDifference(committed, served),
      );
    }
  });

  it('gives every operation a 2xx response with a schema, and every protected one its 401/403/429', async () => {
    const doc = (await t.http().get('/docs/openapi.json').expect(200)).body as {
      paths: Record<
        string,
        Record<string, { 'x-permission': string; responses: Record<string, { content?: object }> }>
      >;
    };
    const missing: string[] = [];
    for (const [p, methods] of Object.entries(doc.paths)) {
      for (const [m, op] of Object.entries(methods)) {
        const ok = Object.entries(op.responses).filter(([status]) => status.startsWith('2'));
        if (!ok.length) missing.push(`${m} ${p}: no 2xx`);
        if (m !== 'head' && !ok.some(([s, r]) => s === '204' || r.content))
          missing.push(`${m} ${p}: 2xx without a body schema`);
        if (op['x-permission'] !== 'public' && !['401', '403', '429'].every((s) => s in op.responses))
          missing.push(`${m} ${p}: no 401/403/429`);
      }
    }
    expect(missing).toEqual([]);
  });
});
