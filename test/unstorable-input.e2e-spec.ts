import { deflateSync, gzipSync } from 'node:zlib';
import { randomUUID } from 'node:crypto';
import openapi from '../openapi/openapi.json';
import { startTestApp, type TestApp } from './support/app';
import { storedRecording } from './support/stored';
import { upload } from './support/upload';
import { makeCall } from './fixtures/call';

/**
 * Input PostgreSQL cannot store (a NUL, an unpaired surrogate), dates it cannot take (year 0000), bodies
 * body-parser refuses: each a 4xx naming the field, before any handler logic — never a 500, never half-written.
 */
describe('unstorable input is refused up front', () => {
  let t: TestApp;
  let tenantId: string;
  const creds: Record<string, string> = {};
  const bearer = (role: string) => ({ Authorization: `Bearer ${creds[role]}` });
  const BAD = { surrogate: '\ud800', nul: '\u0000' } as const;

  beforeAll(async () => {
    t = await startTestApp({ AUTH_FAILURE_LIMIT: '100000', WORKER_ENABLED: 'false' });
    tenantId = (await t.tenant('acme')).id;
    creds.ingest = (await t.apiKey('acme', 'ingest')).key;
    for (const role of ['admin', 'qa', 'legal', 'auditor']) creds[role] = await t.token('acme', role);
  });
  afterAll(() => t.close());

  type Schema = { $ref?: string; type?: string | string[]; properties?: Record<string, Schema> } & {
    items?: Schema;
    oneOf?: Schema[];
    anyOf?: Schema[];
    allOf?: Schema[];
  };
  const doc = openapi as unknown as {
    paths: Record<string, Record<string, { 'x-roles'?: string[]; requestBody?: unknown; parameters?: unknown[] }>>;
    components: { schemas: Record<string, Schema> };
  };
  const resolve = (s: Schema): Schema => (s.$ref ? resolve(doc.components.schemas[s.$ref.split('/').pop()!]) : s);
  const isString = (s: Schema) => s.type === 'string' || (Array.isArray(s.type) && s.type.includes('string'));

  /** The JSON path to the first string field a schema declares (through objects, arrays and unions). */
  function stringField(schema: Schema, depth = 0): (string | number)[] | null {
    const s = resolve(schema);
    if (depth > 6) return null;
    if (isString(s)) return [];
    for (const branch of [...(s.oneOf ?? []), ...(s.anyOf ?? []), ...(s.allOf ?? [])]) {
      const found = stringField(branch, depth + 1);
      if (found) return found;
    }
    if (s.items) {
      const found = stringField(s.items, depth + 1);
      if (found) return [0, ...found];
    }
    for (const [k, v] of Object.entries(s.properties ?? {})) {
      const found = stringField(v, depth + 1);
      if (found) return [k, ...found];
    }
    return null;
  }
  const build = (path: (string | number)[], leaf: string): unknown =>
    path.length === 0
      ? leaf
      : typeof path[0] === 'number'
        ? [build(path.slice(1), leaf)]
        : { [path[0]]: build(path.slice(1), leaf) };
  const named = (path: (string | number)[]) =>
    path.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${p}` : p), '');
  const fill = (route: string) => route.replace(/\{[^}]+\}/g, () => randomUUID());
  const roleFor = (roles: string[]) => roles.find((r) => r !== 'ingest') ?? 'ingest';

  const jsonRoutes = Object.entries(doc.paths).flatMap(([route, ops]) =>
    Object.entries(ops).flatMap(([method, op]) => {
      const content = (op.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)?.content;
      const schema = content?.['application/json']?.schema;
      if (!schema || !op['x-roles']) return [];
      return [{ method, route, role: roleFor(op['x-roles']), field: stringField(schema) ?? ['probe'] }];
    }),
  );

  it('covers every JSON route of the OpenAPI document', () => {
    expect(jsonRoutes.length).toBeGreaterThanOrEqual(19);
  });

  it.each(jsonRoutes.flatMap((r) => Object.entries(BAD).map(([kind, bad]) => ({ ...r, kind, bad }))))(
    '$method $route: a $kind in $field is a 400 naming it',
    async ({ method, route, role, field, bad }) => {
      const http = t.http();
      const res = await http[method as 'post'](fill(route))
        .set(bearer(role))
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(build(field, `x${bad}y`)));
      expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(res.body.message).toMatch(new RegExp(`^${named(field).replace(/[[\].]/g, '\\$&')}: must not contain`));
      expect(res.body.correlationId).toBeTruthy();
    },
  );

  const queryRoutes = Object.entries(doc.paths).flatMap(([route, ops]) =>
    Object.entries(ops).flatMap(([method, op]) =>
      method !== 'get' || !op['x-roles']
        ? []
        : ((op.parameters ?? []) as { in: string; name: string }[])
            .filter((p) => p.in === 'query' && p.name !== 'token')
            .map((p) => ({ route, role: roleFor(op['x-roles']!), name: p.name })),
    ),
  );

  it.each(queryRoutes)('GET $route?$name=%00 is a 400 naming query.$name', async ({ route, role, name }) => {
    const res = await t
      .http()
      .get(`${fill(route)}?${name}=a%00b`)
      .set(bearer(role));
    expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(res.body.message).toMatch(new RegExp(`^query\\.${name}: must not contain`));
  });

  it('names a bad object key, and the message holds no bad character', async () => {
    const res = await t
      .http()
      .put('/v1/tenants/current/retention')
      .set(bearer('admin'))
      .set('Content-Type', 'application/json')
      .send('{"defaultDays":30,"byJurisdiction":{"US\\u0000CA":10}}');
    expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(res.body.message).toBe(
      'byJurisdiction.US\ufffdCA: must not contain a NUL character or an unpaired UTF-16 surrogate',
    );
  });

  /** Each outcome of the audit events a request left (the refusal itself is audited as an error). */
  async function audited(correlationId: string): Promise<string[]> {
    const rows: { outcome: string }[] = await t.runtime.dataSource.query(
      `SELECT outcome FROM audit_events WHERE correlation_id = $1 ORDER BY seq`,
      [correlationId],
    );
    return rows.map((r) => r.outcome);
  }
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await t.runtime.dataSource.query(sql, params))[0].n);

  it('a matter release, a hold, a matter and a playback link with bad text change nothing', async () => {
    const { id: recordingId } = await storedRecording(t, { tenantId }, Buffer.from('RIFF'));
    const matter = await t
      .http()
      .post('/v1/matters')
      .set(bearer('legal'))
      .send({ name: 'Case', reference: 'REF-1' })
      .expect(201);
    await t
      .http()
      .post(`/v1/matters/${matter.body.id}/recordings`)
      .set(bearer('legal'))
      .send({ recordingIds: [recordingId], reason: 'litigation' })
      .expect(201);
    const [holds, matters] = [
      () => count(`SELECT count(*) AS n FROM legal_holds WHERE released_at IS NULL`),
      () => count(`SELECT count(*) AS n FROM matters`),
    ];
    expect([await holds(), await matters()]).toEqual([1, 1]);

    for (const bad of Object.values(BAD)) {
      for (const [path, body, field] of [
        [`/v1/matters/${matter.body.id}/release`, { reason: `settled ${bad}` }, 'reason'],
        [`/v1/recordings/${recordingId}/holds`, { matter: 'REF-2', reason: `r${bad}` }, 'reason'],
        ['/v1/matters', { name: `n${bad}`, reference: 'REF-3' }, 'name'],
        [`/v1/recordings/${recordingId}/playback`, { purpose: `QA${bad}` }, 'purpose'],
      ] as const) {
        const res = await t
          .http()
          .post(path)
          .set(bearer(path.endsWith('playback') ? 'qa' : 'legal'))
          .set('Content-Type', 'application/json')
          .send(JSON.stringify(body));
        expect([path, res.status, res.body.code, res.body.message.split(':')[0]]).toEqual([
          path,
          400,
          'VALIDATION_FAILED',
          field,
        ]);
        // The refusal is audited as an error, and nothing else happened under its id.
        expect([path, await audited(res.body.correlationId)]).toEqual([path, ['error']]);
      }
    }
    // The hold is in force, no hold or matter was added, no playback link was issued.
    expect([await holds(), await matters()]).toEqual([1, 1]);
    expect(
      await count(`SELECT count(*) AS n FROM audit_events WHERE action = 'recording.stream' AND outcome = 'success'`),
    ).toBe(0);
  });

  it('an upload with a NUL in a transcript word, or a year-0000 start, is refused and stores nothing', async () => {
    const call = makeCall({ externalCallId: 'unstorable' });
    const before = await count(`SELECT count(*) AS n FROM recordings`);
    const words = [
      { text: 'hello', startMs: 0, endMs: 200 },
      { text: 'hi\u0000', startMs: 300, endMs: 500 },
    ];
    for (const [meta, path] of [
      [{ ...call.metadata, transcript: { format: 'words', words } }, 'metadata.transcript.words[1].text'],
      [{ ...call.metadata, participants: [{ id: 'c\ud800', role: 'customer' }] }, 'metadata.participants[0].id'],
      [{ ...call.metadata, startedAt: '0000-01-01T00:00:00Z' }, 'metadata.startedAt'],
    ] as const) {
      const res = await upload(t, creds.ingest, meta, call.wav);
      expect([res.status, res.body.code, res.body.message.split(':')[0]]).toEqual([400, 'INVALID_METADATA', path]);
    }
    expect(await count(`SELECT count(*) AS n FROM recordings`)).toBe(before);
  });

  it('job params and the consent-rules version are checked too', async () => {
    const job = await t
      .http()
      .post('/v1/jobs')
      .set(bearer('legal'))
      .set('Content-Type', 'application/json')
      .send('{"kind":"evidence-export","params":{"externalCallId":"x\\u0000"}}');
    expect([job.status, job.body.message.split(':')[0]]).toEqual([400, 'params.externalCallId']);
    const rules = await t
      .http()
      .put('/v1/tenants/current/consent-rules')
      .set(bearer('admin'))
      .set('Content-Type', 'application/json')
      .send('{"version":"v\\ud800","rules":{}}');
    expect([rules.status, rules.body.message.split(':')[0]]).toEqual([400, 'version']);
    expect(await count(`SELECT count(*) AS n FROM bulk_jobs`)).toBe(0);
    // Other control characters are stripped from the label, as from free text: no escape sequence or bidi override kept.
    const label = await t
      .http()
      .put('/v1/tenants/current/consent-rules')
      .set(bearer('admin'))
      .send({ version: 'acme\u001b[31m-\u202e2026\r\n12', rules: {} })
      .expect(200);
    expect(label.body.override.document.version).toBe('acme[31m-2026 12');
  });

  describe('datetimes outside 1970-01-01 … 9999-12-31', () => {
    const year0 = '0000-01-01T00:00:00Z';
    it.each([
      ['GET /v1/recordings from', () => t.http().get(`/v1/recordings?from=${year0}`).set(bearer('qa')), 'query.from'],
      [
        'GET /v1/audit/events to',
        () => t.http().get(`/v1/audit/events?to=${year0}`).set(bearer('auditor')),
        'query.to',
      ],
      [
        'POST /v1/jobs params.from',
        () =>
          t
            .http()
            .post('/v1/jobs')
            .set(bearer('legal'))
            .send({ kind: 'evidence-export', params: { from: year0 } }),
        'params.from',
      ],
      [
        'matter attach filter.to',
        () =>
          t
            .http()
            .post(`/v1/matters/${randomUUID()}/recordings`)
            .set(bearer('legal'))
            .send({ filter: { to: '1969-12-31T23:59:59Z' }, reason: 'r' }),
        'filter.to',
      ],
      [
        'an offset past year 9999',
        () => t.http().get(`/v1/recordings?to=9999-12-31T23:59:59-01:00`).set(bearer('qa')),
        'query.to',
      ],
    ])('%s is a 400 naming the field', async (_name, send, field) => {
      const res = await send();
      expect([res.status, res.body.code, res.body.message]).toEqual([
        400,
        'VALIDATION_FAILED',
        `${field}: must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z`,
      ]);
    });

    it('accepts both ends of the range', async () => {
      await t
        .http()
        .get('/v1/recordings?from=1970-01-01T00:00:00Z&to=9999-12-31T23:59:59.999Z')
        .set(bearer('qa'))
        .expect(200);
    });
  });

  describe('Content-Encoding', () => {
    const body = JSON.stringify({ phone: '+14155550134' });
    const post = (encoding: string, payload: Buffer | string) =>
      t
        .http()
        .post('/v1/dsar/search')
        .set(bearer('legal'))
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', encoding)
        .send(payload);

    it.each([
      ['gzip', body, 400, 'VALIDATION_FAILED'],
      ['deflate', body, 400, 'VALIDATION_FAILED'],
      ['br', body, 400, 'VALIDATION_FAILED'],
      ['x-unknown', body, 415, 'UNSUPPORTED_CONTENT_ENCODING'],
    ])('%s with a body not so encoded is a %i %s with a correlation id', async (enc, payload, status, code) => {
      const res = await post(enc, payload);
      expect([res.status, res.body.code]).toEqual([status, code]);
      expect(res.body.message).toMatch(/^Content-Encoding/);
      expect(res.body.correlationId).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.headers['x-request-id']).toBe(res.body.correlationId);
    });

    it('a body really gzip- or deflate-encoded is read', async () => {
      // fetch, not supertest: superagent would send a Buffer with a JSON content type as JSON.
      const base = await t.app.getUrl();
      for (const [encoding, payload] of [
        ['gzip', gzipSync(body)],
        ['deflate', deflateSync(body)],
      ] as const) {
        const res = await fetch(`${base}/v1/dsar/search`, {
          method: 'POST',
          headers: { ...bearer('legal'), 'Content-Type': 'application/json', 'Content-Encoding': encoding },
          body: payload,
        });
        expect([encoding, res.status]).toEqual([encoding, 200]);
      }
    });
  });

  describe('refusals before the handler, as the OpenAPI document lists them for each route', () => {
    type Responses = Partial<Record<string, { description?: string }>>;
    const listed = (method: string, route: string, status: number) =>
      ((doc.paths[route][method] as { responses: Responses }).responses[status]?.description ?? '').replace(
        /^Error codes: /,
        '',
      );
    const refusals = jsonRoutes.flatMap((r) => [
      {
        ...r,
        what: 'a text/plain body',
        type: 'text/plain',
        encoding: undefined,
        size: 20,
        want: [415, 'UNSUPPORTED_MEDIA_TYPE'],
      },
      {
        ...r,
        what: 'an unknown Content-Encoding',
        type: 'application/json',
        encoding: 'x-unknown',
        size: 20,
        want: [415, 'UNSUPPORTED_CONTENT_ENCODING'],
      },
      {
        ...r,
        what: 'a body over HTTP_JSON_LIMIT',
        type: 'application/json',
        encoding: undefined,
        size: 1_100_000,
        want: [413, 'PAYLOAD_TOO_LARGE'],
      },
    ]);
    it.each(refusals)('$method $route: $what', async ({ method, route, role, type, encoding, size, want }) => {
      let req = t.http()[method as 'post'](fill(route)).set(bearer(role)).set('Content-Type', type);
      if (encoding) req = req.set('Content-Encoding', encoding);
      const res = await req.send(JSON.stringify({ probe: 'x'.repeat(size) }));
      expect([res.status, res.body.code]).toEqual(want);
      expect(res.body.message).toMatch(/^Content-|^Request body/);
      expect(listed(method, route, res.status).split(', ')).toContain(res.body.code);
    });

    const idRoutes = Object.entries(doc.paths).flatMap(([route, ops]) =>
      Object.entries(ops).flatMap(([method, op]) =>
        op['x-roles'] && route.includes('{') && method !== 'head'
          ? [{ method, route, role: roleFor(op['x-roles']) }]
          : [],
      ),
    );
    it.each(idRoutes)('$method $route: a control character in a path id', async ({ method, route, role }) => {
      const http = t.http();
      const res = await http[method as 'get'](route.replace(/\{[^}]+\}/g, 'a%01b')).set(bearer(role));
      expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(listed(method, route, 400).split(', ')).toContain('VALIDATION_FAILED');
    });
  });

  it('a path that cannot be decoded gets a 4xx with a correlation id', async () => {
    const res = await t.http().get('/v1/recordings/%FF%FE').set(bearer('qa'));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['x-request-id']).toBe(res.body.correlationId);
    const bare = await t.http().get('/%FF%FE');
    expect(bare.status).toBeLessThan(500);
    expect(bare.body.correlationId).toBeTruthy();
  });
});
