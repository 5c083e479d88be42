import { luhnValid } from '../src/modules/redaction/card-number';
import { startTestApp, type TestApp } from './support/app';
import { upload } from './support/upload';
import { makeCall } from './fixtures/call';

/** Generated card numbers of several brands (prefix, length), check digit by Luhn. */
function cardNumbers(): string[] {
  const brands: [string, number][] = [
    ['4', 16],
    ['4', 13],
    ['55', 16],
    ['2221', 16],
    ['37', 15],
    ['6011', 16],
    ['3530', 19],
    ['36', 14],
    ['62', 18],
  ];
  return brands.map(([prefix, length], n) => {
    let body = prefix;
    while (body.length < length - 1) body += String((body.length * 7 + n * 3) % 10);
    for (let d = 0; d <= 9; d++) if (luhnValid(body + String(d))) return body + String(d);
    throw new Error('unreachable');
  });
}

/** A Luhn-valid 13–19 digit run, in the stored text as it is (no separators). */
function storedPans(text: string): string[] {
  return (text.match(/\d{13,19}/g) ?? []).filter(luhnValid);
}

/** Issue 12: a card number and CVV put in consent evidence were stored as is. */
describe('card data in free-text inputs', () => {
  let t: TestApp;
  let ingest: string;
  let legal: string;
  const bearer = (v: string) => ({ Authorization: `Bearer ${v}` });
  const cards = cardNumbers();

  beforeAll(async () => {
    t = await startTestApp({ AUTH_FAILURE_LIMIT: '100000', WORKER_ENABLED: 'false' });
    await t.tenant('acme');
    ingest = (await t.apiKey('acme', 'ingest')).key;
    legal = await t.token('acme', 'legal');
  });
  afterAll(() => t.close());

  const dump = async (sql: string) => JSON.stringify(await t.runtime.dataSource.query(sql));

  it('masks card numbers, expiry and CVV in consent evidence, still accepts the upload and names the fields', async () => {
    const spaced = cards.map((c, i) =>
      i % 2 ? c.replace(/(\d{4})(?=\d)/g, '$1 ') : c.replace(/(\d{4})(?=\d)/g, '$1-'),
    );
    const call = makeCall({ externalCallId: 'guard-1' });
    const metadata = {
      ...call.metadata,
      consent: [
        {
          participant: '*',
          kind: 'granted',
          method: 'verbal',
          evidence: {
            note: `customer paid with ${spaced[0]} exp 12/29 cvv 123`,
            cards: spaced.slice(1),
            nested: { deep: [`card number: ${cards[2]}, valid thru 07/2031, security code 4821`] },
            prompt: 'IVR prompt 7, reference 12345',
          },
        },
      ],
    };
    const res = await upload(t, ingest, metadata, call.wav).expect(202);
    expect([...res.body.cardDataMasked].sort()).toEqual(
      [
        'metadata.consent[0].evidence.note',
        'metadata.consent[0].evidence.nested.deep[0]',
        ...spaced.slice(1).map((_, i) => `metadata.consent[0].evidence.cards[${i}]`),
      ].sort(),
    );
    const stored = await dump(`SELECT evidence FROM consent_events WHERE recording_id = '${res.body.id}'`);
    expect(storedPans(stored.replace(/\D+/g, ' ').replace(/ /g, ''))).toEqual([]);
    for (const c of cards) expect(stored.replace(/\D/g, '')).not.toContain(c.slice(0, 10));
    for (const secret of ['12/29', '07/2031', '4821']) expect(stored).not.toContain(secret);
    expect(stored).not.toMatch(/(?<!\d)123(?!\d)/);
    expect(stored).toContain(`•••• ${cards[0].slice(-4)}`);
    expect(stored).toContain('IVR prompt 7, reference 12345');

    const detail = await t.http().get(`/v1/recordings/${res.body.id}`).set(bearer(ingest)).expect(200);
    expect(detail.body.metadataMasked).toHaveLength(res.body.cardDataMasked.length);
    const report = await t.http().get(`/v1/recordings/${res.body.id}/redactions`).set(bearer(legal)).expect(200);
    expect(report.body.metadataMasked).toEqual(res.body.cardDataMasked);
  });

  it('refuses a card number in an id field instead of storing it (nothing stored)', async () => {
    const before = await t.runtime.dataSource.query(`SELECT count(*)::int AS n FROM recordings`);
    const call = makeCall({ externalCallId: cards[0] });
    const res = await upload(t, ingest, call.metadata, call.wav);
    expect([res.status, res.body.code, res.body.message]).toEqual([
      400,
      'INVALID_METADATA',
      'metadata.externalCallId: must not contain a card number',
    ]);
    expect(JSON.stringify(res.body)).not.toContain(cards[0]);
    const after = await t.runtime.dataSource.query(`SELECT count(*)::int AS n FROM recordings`);
    expect(after).toEqual(before);
  });

  it('keeps date-stamped numeric call ids that pass Luhn by chance, exactly as given', async () => {
    // Ids a platform builds from the date and a counter: 1 in 10 passes Luhn, none has a card issuer's prefix.
    const ids: string[] = [];
    for (let n = 0; ids.length < 4; n++) {
      const id = `20261203${String(100000 + n * 7919).padStart(8, '0')}`;
      if (luhnValid(id)) ids.push(id);
    }
    const results = await Promise.all(
      ids.map((id) => {
        const c = makeCall({ externalCallId: id });
        return upload(t, ingest, c.metadata, c.wav);
      }),
    );
    expect(results.map((r) => [r.status, r.body.cardDataMasked ?? []])).toEqual(ids.map(() => [202, []]));
    const stored = await t.runtime.dataSource.query(
      `SELECT external_call_id AS id FROM recordings WHERE external_call_id = ANY($1) ORDER BY 1`,
      [ids],
    );
    expect(stored.map((r: { id: string }) => r.id)).toEqual([...ids].sort());
  });

  it('masks late consent evidence, hold reasons, access purposes and API key labels', async () => {
    const call = makeCall({ externalCallId: 'guard-2' });
    const { body } = await upload(t, ingest, call.metadata, call.wav).expect(202);
    const late = await t
      .http()
      .post(`/v1/recordings/${body.id}/consent`)
      .set(bearer(ingest))
      .send({
        consent: [{ participant: '*', kind: 'granted', method: 'verbal', evidence: { said: `${cards[4]} cvv 999` } }],
      })
      .expect(202);
    expect(late.body.cardDataMasked).toEqual(['consent[0].evidence.said']);

    const hold = await t
      .http()
      .post(`/v1/recordings/${body.id}/holds`)
      .query({ purpose: `dispute ${cards[5]}\r\nforged: line\u202e` })
      .set(bearer(legal))
      .send({
        matter: `M-${cards[6]}`,
        reason: `card ${cards[7].replace(/(\d{4})(?=\d)/g, '$1 ')} exp 01/30 in dispute`,
      })
      .expect(201);
    expect(hold.body.reason).toBe(`card •••• ${cards[7].slice(-4)} exp ••/•• in dispute`);

    const admin = (await t.apiKey('acme', 'admin')).key;
    await t
      .http()
      .post('/v1/api-keys')
      .set(bearer(admin))
      .send({ role: 'ingest', label: `billing ${cards[8]}` })
      .expect(201);

    const db = await dump(
      `SELECT (SELECT json_agg(l) FROM legal_holds l) AS h, (SELECT json_agg(a) FROM audit_events a) AS a,
              (SELECT json_agg(k.label) FROM api_keys k) AS k, (SELECT json_agg(c.evidence) FROM consent_events c) AS c`,
    );
    for (const c of cards) expect(db).not.toContain(c);
    // The CVV typed in: never next to its label anywhere, and nowhere in the stored evidence. (The whole dump
    // holds ids, hashes and millisecond timestamps, which hold "999" by chance.)
    expect(db).not.toMatch(/cvv\W{0,3}999/i);
    const evidence = await dump(`SELECT evidence FROM consent_events WHERE recording_id = '${body.id}'`);
    expect(evidence).toContain('cvv');
    expect(evidence).not.toContain('999');
    const [audit] = await t.runtime.dataSource.query(
      `SELECT purpose FROM audit_events WHERE action = 'recording.hold' ORDER BY seq DESC LIMIT 1`,
    );
    expect(audit.purpose).toBe(`dispute •••• ${cards[5].slice(-4)} forged: line`);
  });

  it('masks card data in job parameters (named in cardDataMasked), refuses it in an id, before the job is stored', async () => {
    const before = await t.runtime.dataSource.query(`SELECT count(*)::int AS n FROM bulk_jobs`);
    const spaced = cards[0].replace(/(\d{4})(?=\d)/g, '$1 ');
    const refused = await t
      .http()
      .post('/v1/jobs')
      .set(bearer(legal))
      .send({ kind: 'evidence-export', params: { externalCallId: cards[0], q: spaced } })
      .expect(400);
    expect([refused.body.code, refused.body.message]).toEqual([
      'VALIDATION_FAILED',
      'params.externalCallId: must not contain a card number',
    ]);
    expect(await t.runtime.dataSource.query(`SELECT count(*)::int AS n FROM bulk_jobs`)).toEqual(before);

    const qa = await t.token('acme', 'qa');
    const [exported, audio] = await Promise.all([
      t
        .http()
        .post('/v1/jobs')
        .set(bearer(legal))
        .send({ kind: 'evidence-export', params: { q: spaced, matter: `M-${cards[1]}` } })
        .expect(202),
      t
        .http()
        .post('/v1/jobs')
        .set(bearer(qa))
        .send({ kind: 'audio-export', params: { purpose: `dispute ${cards[2]} exp 01/30` } })
        .expect(202),
    ]);
    expect(exported.body.cardDataMasked).toEqual(['params.q', 'params.matter']);
    expect(exported.body.params.q).toBe(`•••• ${cards[0].slice(-4)}`);
    expect(audio.body.cardDataMasked).toEqual(['params.purpose']);
    expect(audio.body.params.purpose).toBe(`dispute •••• ${cards[2].slice(-4)} exp ••/••`);
    const listed = await t.http().get('/v1/jobs').set(bearer(legal)).expect(200);
    const one = await t.http().get(`/v1/jobs/${exported.body.id}`).set(bearer(legal)).expect(200);
    const stored = await dump(`SELECT params FROM bulk_jobs`);
    for (const text of [exported.text, audio.text, listed.text, one.text, stored]) {
      for (const c of cards) expect(text.replace(/\D/g, '')).not.toContain(c.slice(0, 12));
    }
    expect(stored).toContain(`•••• ${cards[0].slice(-4)}`);

    // Precision: a Luhn-invalid number in the search and a call id passing Luhn by chance stay as given.
    const invalid = `${cards[0].slice(0, -1)}${(Number(cards[0].slice(-1)) + 1) % 10}`;
    let callId = '';
    for (let n = 0; !callId; n++) {
      const id = `20261203${String(200000 + n * 7919).padStart(8, '0')}`;
      if (luhnValid(id)) callId = id;
    }
    const kept = await t
      .http()
      .post('/v1/jobs')
      .set(bearer(legal))
      .send({ kind: 'evidence-export', params: { q: `ticket ${invalid}`, externalCallId: callId } })
      .expect(202);
    expect([kept.body.cardDataMasked, kept.body.params]).toEqual([
      [],
      { q: `ticket ${invalid}`, externalCallId: callId },
    ]);
    const [row] = await t.runtime.dataSource.query(`SELECT params FROM bulk_jobs WHERE id = $1`, [kept.body.id]);
    expect(row.params).toEqual({ q: `ticket ${invalid}`, externalCallId: callId });
  });

  it('refuses a card number as a consent-rule version label and masks it in citations, before storing', async () => {
    const admin = (await t.apiKey('acme', 'admin')).key;
    const spaced = cards[0].replace(/(\d{4})(?=\d)/g, '$1 ');
    const refused = await t
      .http()
      .put('/v1/tenants/current/consent-rules')
      .set(bearer(admin))
      .send({ version: spaced, rules: {} })
      .expect(400);
    expect([refused.body.code, refused.body.message]).toEqual([
      'VALIDATION_FAILED',
      'version: must not contain a card number',
    ]);
    expect(await t.runtime.dataSource.query(`SELECT count(*)::int AS n FROM consent_rule_overrides`)).toEqual([
      { n: 0 },
    ]);

    const put = await t
      .http()
      .put('/v1/tenants/current/consent-rules')
      .set(bearer(admin))
      .send({
        version: 'acme-2026-12',
        rules: { 'US-CA': { partyConsent: 'all', citation: `memo: card ${cards[3]} on file` } },
        declarations: { recordingLocation: { jurisdiction: 'US-CA', reference: `site ${cards[4]}` } },
      })
      .expect(200);
    expect(put.body.cardDataMasked).toEqual(['rules.US-CA.citation', 'declarations.recordingLocation.reference']);
    expect(put.body.override.document.rules['US-CA'].citation).toBe(`memo: card •••• ${cards[3].slice(-4)} on file`);
    const got = await t.http().get('/v1/tenants/current/consent-rules').set(bearer(admin)).expect(200);
    const stored = await dump(`SELECT document FROM consent_rule_overrides`);
    for (const text of [refused.text, put.text, got.text, stored])
      for (const c of cards) expect(text.replace(/\D/g, '')).not.toContain(c.slice(0, 12));
    expect(got.body.override.document.version).toBe('acme-2026-12');
  });

  it('masks card numbers that error messages repeat from the input, and only those', async () => {
    const admin = (await t.apiKey('acme', 'admin')).key;
    const invalid = `${cards[0].slice(0, -1)}${(Number(cards[0].slice(-1)) + 1) % 10}`;
    const [key, keptKey, hook] = await Promise.all([
      t
        .http()
        .put('/v1/tenants/current/retention')
        .set(bearer(admin))
        .send({ defaultDays: 30, byJurisdiction: { [cards[0]]: 1 } }),
      t
        .http()
        .put('/v1/tenants/current/retention')
        .set(bearer(admin))
        .send({ defaultDays: 30, byJurisdiction: { [invalid]: 1 } }),
      t
        .http()
        .put('/v1/tenants/current/webhook')
        .set(bearer(admin))
        .send({ url: `https://${cards[1]}.example/` }),
    ]);
    expect([key.status, key.body.message]).toEqual([
      400,
      `byJurisdiction.•••• ${cards[0].slice(-4)}: Invalid key in record`,
    ]);
    expect(key.body.details[0].path).toBe(`byJurisdiction.•••• ${cards[0].slice(-4)}`);
    expect([keptKey.status, keptKey.body.message]).toEqual([400, `byJurisdiction.${invalid}: Invalid key in record`]);
    expect(hook.status).toBe(400);
    expect(hook.body.message).toContain(`•••• ${cards[1].slice(-4)}.example`);
    for (const text of [key.text, hook.text]) for (const c of cards) expect(text).not.toContain(c);
  });

  it('takes a client X-Request-Id only when it is safe and holds no card number', async () => {
    const invalid = `${cards[0].slice(0, -1)}${(Number(cards[0].slice(-1)) + 1) % 10}`;
    const ids = [cards[0], `req-${cards[1]}`, cards[2].replace(/(\d{4})(?=\d)/g, '$1:'), 'x'.repeat(65)];
    const kept = ['req-123', `ticket-${invalid}`, 'trace:2026-12-03.1'];
    const res = await Promise.all(
      [...ids, ...kept].map((id) => t.http().get('/v1/recordings').set('X-Request-Id', id)),
    );
    const echoed = res.map((r) => [r.headers['x-request-id'], r.body.correlationId]);
    for (const [i, [header, body]] of echoed.entries()) {
      expect(body).toBe(header);
      if (i < ids.length) expect(header).toMatch(/^[0-9a-f-]{36}$/);
      else expect(header).toBe(kept[i - ids.length]);
    }
  });
});
