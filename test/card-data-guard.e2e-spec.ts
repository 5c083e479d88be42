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
});
