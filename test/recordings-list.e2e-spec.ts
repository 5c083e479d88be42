import { startTestApp, type TestApp } from './support/app';
import { settle, upload } from './support/upload';
import { makeCall, wavBytes } from './fixtures/call';

/** GET /v1/recordings filters the console's search form uses. */
describe('recordings list filters', () => {
  let t: TestApp;
  let ingest: string;
  let qa: string;
  let withCard: string;
  let plain: string;

  const list = (query: Record<string, string>, token = qa) =>
    t.http().get('/v1/recordings').query(query).set('Authorization', `Bearer ${token}`);
  const ids = async (query: Record<string, string>) => {
    const res = await list(query);
    expect([res.status, res.body.message]).toEqual([200, undefined]);
    return (res.body.items as { id: string }[]).map((i) => i.id);
  };

  beforeAll(async () => {
    t = await startTestApp({ AUTH_FAILURE_LIMIT: '100000', WORKER_POLL_INTERVAL: '500ms', CONSENT_WAIT: '3s' });
    await t.tenant('acme');
    await t.tenant('other');
    ingest = (await t.apiKey('acme', 'ingest')).key;
    qa = await t.token('acme', 'qa');

    const a = makeCall({ externalCallId: 'list-card' });
    withCard = (await upload(t, ingest, a.metadata, a.wav).expect(202)).body.id;
    // Voice only, no transcript or markers: nothing to redact.
    const b = makeCall({
      externalCallId: 'list-plain',
      participants: [
        { id: 'customer', role: 'customer', phone: '+442079460000', jurisdiction: 'GB' },
        { id: 'agent', role: 'agent', jurisdiction: 'GB' },
      ],
      markers: [],
      transcript: undefined,
    });
    const voice = new Int16Array(b.samples.length).map((_, i) =>
      Math.round(4000 * Math.sin((2 * Math.PI * 220 * i) / b.rate)),
    );
    plain = (await upload(t, ingest, b.metadata, wavBytes(voice, b.rate)).expect(202)).body.id;
    await settle(t, ingest, withCard);
    await settle(t, ingest, plain);
    await t.runtime.dataSource.query('UPDATE recordings SET legal_hold = true WHERE id = $1', [plain]);
  });
  afterAll(() => t.close());

  it('finds a participant by phone number through the keyed hash, within the tenant only', async () => {
    expect(await ids({ phone: '+14155550134' })).toEqual([withCard]);
    expect(await ids({ phone: '+442079460000' })).toEqual([plain]);
    expect(await ids({ phone: '+14155559999' })).toEqual([]);
    const other = await list({ phone: '+14155550134' }, await t.token('other', 'qa')).expect(200);
    expect(other.body.items).toEqual([]);
  });

  it('filters by jurisdiction, redactions and hold', async () => {
    expect(await ids({ jurisdiction: 'US-CA' })).toEqual([withCard]);
    expect(await ids({ jurisdiction: 'GB' })).toEqual([plain]);
    expect(await ids({ hasRedactions: 'true' })).toEqual([withCard]);
    expect(await ids({ hasRedactions: 'false' })).toEqual([plain]);
    expect(await ids({ onHold: 'true' })).toEqual([plain]);
    expect(await ids({ onHold: 'false', phone: '+14155550134' })).toEqual([withCard]);
  });

  it('sorts by date both ways and pages in the direction of the sort', async () => {
    expect(await ids({})).toEqual([plain, withCard]);
    expect(await ids({ sort: 'desc' })).toEqual([plain, withCard]);
    expect(await ids({ sort: 'asc' })).toEqual([withCard, plain]);

    const first = await list({ sort: 'asc', limit: '1' }).expect(200);
    expect(first.body.items.map((i: { id: string }) => i.id)).toEqual([withCard]);
    expect(await ids({ sort: 'asc', limit: '1', cursor: first.body.nextCursor })).toEqual([plain]);
    const newest = await list({ limit: '1' }).expect(200);
    expect(await ids({ limit: '1', cursor: newest.body.nextCursor })).toEqual([withCard]);
    // A cursor belongs to its order.
    const wrongWay = await list({ sort: 'asc', cursor: newest.body.nextCursor }).expect(400);
    expect(wrongWay.body.message).toMatch(/^query\.cursor: belongs to a list sorted desc/);
  });

  it.each([
    [{ phone: '4155550134' }],
    [{ phone: '+1 415 555 0134' }],
    [{ jurisdiction: 'california' }],
    [{ hasRedactions: 'yes' }],
    [{ onHold: '1' }],
    [{ sort: 'newest' }],
    [{ before: '2026-11-20T15:00:00Z' }],
    [{ cursor: '2026-11-20T15:00:00Z' }],
    [{ cursor: Buffer.from('{"sort":"desc","at":"x","id":"y"}').toString('base64url') }],
  ])('refuses %j', async (query) => {
    const res = await list(query).expect(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', correlationId: expect.any(String) });
  });
});
