import { randomBytes } from 'node:crypto';
import { RecordingEntity } from '../src/modules/recordings/recording.entity';
import { startTestApp, type TestApp } from './support/app';

const DAY = '2026-11-20';
const OTHER_DAY = '2026-11-21';

/**
 * Matters over HTTP on the real database: legal only, tenant-isolated,
 * attaches by filter and by ids that overlap and run at once without placing
 * a second hold, release of everything with one reason, and the audit trail.
 */
describe('matters', () => {
  let t: TestApp;
  let acme: { id: string };
  let legal: string;
  let globexLegal: string;
  const onDay: string[] = [];
  const db = () => t.runtime.dataSource;
  const bearer = (v: string) => ({ Authorization: `Bearer ${v}` });

  /** Recordings as rows (no audio: holds never read it), `n` of them starting on `day`. */
  async function recordings(tenantId: string, day: string, n: number): Promise<string[]> {
    const repo = db().getRepository(RecordingEntity);
    const rows = await repo.save(
      Array.from({ length: n }, (_, i) =>
        repo.create({
          tenantId,
          externalCallId: `call-${randomBytes(5).toString('hex')}`,
          status: 'available',
          mediaFormat: 'wav',
          startedAt: new Date(Date.parse(`${day}T10:00:00Z`) + i * 10_000),
          durationMs: 60_000,
        }),
      ),
    );
    return rows.map((r) => r.id);
  }

  const post = (token: string, path: string, body: object) => t.http().post(path).set(bearer(token)).send(body);
  const get = (token: string, path: string) => t.http().get(path).set(bearer(token));

  /** hold.placed / hold.released events per hold of the matter. */
  async function holdEvents(matterId: string, type: string): Promise<number[]> {
    const rows: { n: number }[] = await db().query(
      `SELECT count(e.id)::int AS n FROM legal_holds h
         LEFT JOIN webhook_events e ON e.type = $2 AND e.payload->>'holdId' = h.id::text
        WHERE h.matter_id = $1 GROUP BY h.id`,
      [matterId, type],
    );
    return rows.map((r) => r.n);
  }

  async function activeHolds(matterId: string): Promise<{ recording_id: string; n: string }[]> {
    return db().query(
      `SELECT recording_id, count(*) AS n FROM legal_holds WHERE matter_id = $1 AND released_at IS NULL GROUP BY recording_id`,
      [matterId],
    );
  }

  beforeAll(async () => {
    // The webhook's host cannot be resolved here: the events are recorded, their sending retried.
    t = await startTestApp({ AUTH_FAILURE_LIMIT: '100000', WEBHOOK_ALLOWED_HOSTS: 'hooks.example.com' });
    acme = await t.tenant('acme');
    const admin = (await t.apiKey('acme', 'admin')).key;
    await t
      .http()
      .put('/v1/tenants/current/webhook')
      .set(bearer(admin))
      .send({ url: 'https://hooks.example.com/vault' })
      .expect(200);
    await t.tenant('globex');
    legal = await t.token('acme', 'legal');
    globexLegal = await t.token('globex', 'legal');
    onDay.push(...(await recordings(acme.id, DAY, 30)));
    await recordings(acme.id, OTHER_DAY, 5);
  });
  afterAll(() => t.close());

  it('is for legal only', async () => {
    for (const role of ['qa', 'admin', 'auditor']) {
      const token = await t.token('acme', role);
      await post(token, '/v1/matters', { name: 'x', reference: 'x' }).expect(403);
      await get(token, '/v1/matters').expect(403);
    }
    const ingest = (await t.apiKey('acme', 'ingest')).key;
    await get(ingest, '/v1/matters').expect(403);
  });

  it('creates and lists matters; a reference is unique in the tenant, not across tenants', async () => {
    const created = await post(legal, '/v1/matters', {
      name: 'Smith v. Acme',
      reference: 'SMITH-2026-113',
      description: 'billing dispute',
    }).expect(201);
    expect(created.body).toMatchObject({
      name: 'Smith v. Acme',
      reference: 'SMITH-2026-113',
      description: 'billing dispute',
      holds: { active: 0, released: 0 },
    });
    const again = await post(legal, '/v1/matters', { name: 'dup', reference: 'SMITH-2026-113' }).expect(409);
    expect(again.body.code).toBe('CONFLICT');
    await post(globexLegal, '/v1/matters', { name: 'theirs', reference: 'SMITH-2026-113' }).expect(201);
    const mine = (await get(legal, '/v1/matters').expect(200)).body.items;
    expect(mine.map((m: { reference: string }) => m.reference)).toEqual(['SMITH-2026-113']);
    await post(legal, '/v1/matters', { name: '', reference: 'r' }).expect(400);
  });

  it('attaches by filter and by ids, at once and overlapping, placing one hold per recording', async () => {
    const matter = (await post(legal, '/v1/matters', { name: 'Concurrent', reference: 'CONC-1' }).expect(201)).body;
    const path = `/v1/matters/${matter.id}/recordings`;
    const filter = { from: `${DAY}T00:00:00Z`, to: `${OTHER_DAY}T00:00:00Z` };
    // Twelve requests at once: whole-day filters and overlapping id slices.
    const bodies = Array.from({ length: 12 }, (_, i) =>
      i % 3 === 0
        ? { filter, reason: 'litigation hold' }
        : { recordingIds: onDay.slice((i * 5) % 20, ((i * 5) % 20) + 15), reason: 'litigation hold' },
    );
    const answers = await Promise.all(bodies.map((b) => post(legal, path, b)));
    expect(answers.map((a) => a.status)).toEqual(bodies.map(() => 201));
    const placed = answers.flatMap((a) => a.body.placed as string[]);
    // Every recording of the day placed exactly once, by whichever request got to it first.
    expect(placed.sort()).toEqual([...onDay].sort());
    const rows = await activeHolds(matter.id);
    expect(rows).toHaveLength(30);
    expect(rows.every((r) => r.n === '1')).toBe(true);
    // One hold.placed webhook event per hold, as a single hold sends.
    expect(await holdEvents(matter.id, 'hold.placed')).toEqual(Array(30).fill(1));
    // Each request accounts for every recording it asked for: placed by it or already held.
    answers.forEach((a, i) =>
      expect([...a.body.placed, ...a.body.alreadyHeld]).toHaveLength('filter' in bodies[i] ? 30 : 15),
    );
    const flagged = await db().query(`SELECT count(*)::int AS n FROM recordings WHERE id = ANY($1) AND legal_hold`, [
      onDay,
    ]);
    expect(flagged[0].n).toBe(30);

    const detail = (await get(legal, `/v1/matters/${matter.id}`).expect(200)).body;
    expect(detail.holds).toEqual({ active: 30, released: 0 });
    const holds = (await get(legal, `/v1/matters/${matter.id}/holds`).expect(200)).body.items;
    expect(holds).toHaveLength(30);
    expect(
      holds.every((h: { matterId: string; matter: string }) => h.matterId === matter.id && h.matter === 'CONC-1'),
    ).toBe(true);

    // A held recording cannot be deleted.
    const refused = await t.http().delete(`/v1/recordings/${onDay[0]}`).set(bearer(legal)).expect(409);
    expect(refused.body.code).toBe('RECORDING_ON_HOLD');
  });

  it('keeps tenants apart: another tenant’s matter is missing, its recordings are not found', async () => {
    const matter = (await post(legal, '/v1/matters', { name: 'Isolation', reference: 'ISO-1' }).expect(201)).body;
    for (const p of [`/v1/matters/${matter.id}`, `/v1/matters/${matter.id}/holds`, `/v1/matters/${matter.id}/audit`]) {
      const res = await get(globexLegal, p).expect(404);
      expect(res.body.code).toBe('MATTER_NOT_FOUND');
    }
    await post(globexLegal, `/v1/matters/${matter.id}/recordings`, { recordingIds: onDay, reason: 'x' }).expect(404);
    await post(globexLegal, `/v1/matters/${matter.id}/release`, { reason: 'x' }).expect(404);
    const theirs = (await post(globexLegal, '/v1/matters', { name: 'Theirs', reference: 'T-1' }).expect(201)).body;
    const out = (
      await post(globexLegal, `/v1/matters/${theirs.id}/recordings`, {
        recordingIds: [...onDay.slice(0, 3), 'not-a-uuid'],
        reason: 'x',
      }).expect(201)
    ).body;
    expect(out).toEqual({ placed: [], alreadyHeld: [], deleted: [], notFound: [...onDay.slice(0, 3), 'not-a-uuid'] });
    // A filter only ever sees the caller's recordings.
    const byFilter = (
      await post(globexLegal, `/v1/matters/${theirs.id}/recordings`, { filter: {}, reason: 'x' }).expect(201)
    ).body;
    expect(byFilter.placed).toEqual([]);
    expect(await activeHolds(theirs.id)).toEqual([]);
  });

  it('refuses a filter wider than 1000 recordings and a body with both or neither of filter and ids', async () => {
    const matter = (await post(legal, '/v1/matters', { name: 'Wide', reference: 'WIDE-1' }).expect(201)).body;
    await recordings(acme.id, '2026-10-01', 1001);
    const wide = await post(legal, `/v1/matters/${matter.id}/recordings`, {
      filter: { from: '2026-10-01T00:00:00Z', to: '2026-10-02T00:00:00Z' },
      reason: 'x',
    }).expect(400);
    expect(wide.body.message).toMatch(/more than 1000/);
    expect(await activeHolds(matter.id)).toEqual([]);
    await post(legal, `/v1/matters/${matter.id}/recordings`, { reason: 'x' }).expect(400);
    await post(legal, `/v1/matters/${matter.id}/recordings`, {
      filter: {},
      recordingIds: [onDay[0]],
      reason: 'x',
    }).expect(400);
  });

  it('releases every hold of the matter with one reason; a recording another matter holds stays held', async () => {
    const matter = (await post(legal, '/v1/matters', { name: 'Release', reference: 'REL-1' }).expect(201)).body;
    const ids = onDay.slice(0, 10);
    // Recording 0 sits in the earlier matter too; recording 1 gets a hold of its own by free-text matter.
    await post(legal, `/v1/matters/${matter.id}/recordings`, { recordingIds: ids, reason: 'hold' }).expect(201);
    const single = await post(legal, `/v1/recordings/${ids[1]}/holds`, { matter: 'SINGLE-1', reason: 'own' }).expect(
      201,
    );
    const conc = (await get(legal, '/v1/matters').expect(200)).body.items.find(
      (m: { reference: string }) => m.reference === 'CONC-1',
    );
    // The free-text matter became a matter of its own, holding that one recording.
    const singleMatter = (await get(legal, '/v1/matters').expect(200)).body.items.find(
      (m: { reference: string }) => m.reference === 'SINGLE-1',
    );
    expect([singleMatter.id, singleMatter.holds]).toEqual([single.body.matterId, { active: 1, released: 0 }]);

    // Release of CONC-1 first: the other 20 of the day go off hold, 0–9 stay (REL-1).
    const concOut = (await post(legal, `/v1/matters/${conc.id}/release`, { reason: 'settled' }).expect(200)).body;
    expect(concOut.released).toBe(30);
    expect([...concOut.stillHeld].sort()).toEqual([...ids].sort());

    const out = (await post(legal, `/v1/matters/${matter.id}/release`, { reason: 'matter closed' }).expect(200)).body;
    expect(out).toEqual({ released: 10, stillHeld: [ids[1]] });
    expect(await activeHolds(matter.id)).toEqual([]);
    expect(await holdEvents(matter.id, 'hold.released')).toEqual(Array(10).fill(1));
    const stillHeldEvent = await db().query(
      `SELECT payload FROM webhook_events e JOIN legal_holds h ON e.payload->>'holdId' = h.id::text
        WHERE e.type = 'hold.released' AND h.matter_id = $1 AND h.recording_id = $2`,
      [matter.id, ids[1]],
    );
    expect(stillHeldEvent[0].payload.recordingHeld).toBe(true);
    const flags = await db().query(`SELECT id FROM recordings WHERE id = ANY($1) AND legal_hold`, [onDay]);
    expect(flags.map((r: { id: string }) => r.id)).toEqual([ids[1]]);
    const released = (await get(legal, `/v1/matters/${matter.id}/holds`).expect(200)).body.items;
    expect(
      released.every(
        (h: { active: boolean; releaseReason: string }) => !h.active && h.releaseReason === 'matter closed',
      ),
    ).toBe(true);
    // Nothing left to release: nothing happens.
    expect((await post(legal, `/v1/matters/${matter.id}/release`, { reason: 'again' }).expect(200)).body).toEqual({
      released: 0,
      stillHeld: [],
    });
    // Attaching again places new holds.
    const again = await post(legal, `/v1/matters/${matter.id}/recordings`, { recordingIds: ids, reason: 'reopened' });
    expect([again.status, again.body.placed]).toEqual([201, expect.any(Array)]);
    expect(again.body.placed).toHaveLength(10);
    // A repeat that places nothing answers the same status, with every id already held.
    const repeat = await post(legal, `/v1/matters/${matter.id}/recordings`, { recordingIds: ids, reason: 'again' });
    expect([repeat.status, repeat.body.placed, repeat.body.alreadyHeld]).toEqual([201, [], expect.any(Array)]);
    expect(repeat.body.alreadyHeld).toHaveLength(10);
  });

  it('keeps the matter’s audit trail: creation, attaches with what they placed, release, reads', async () => {
    const matter = (await post(legal, '/v1/matters', { name: 'Trail', reference: 'TRAIL-1' }).expect(201)).body;
    // Its digits pass Luhn across the hyphens: about 1 random UUID in 400 is like it, and was masked as a card number.
    const unlucky = '18f71235-4710-4139-8db8-2bc70ea25859';
    const repo = db().getRepository(RecordingEntity);
    await repo.insert(
      repo.create({
        id: unlucky,
        tenantId: acme.id,
        externalCallId: 'call-unlucky',
        status: 'available',
        mediaFormat: 'wav',
        startedAt: new Date('2026-09-01T10:00:00Z'),
        durationMs: 60_000,
      }),
    );
    const ids = [...onDay.slice(20, 25), unlucky];
    await post(legal, `/v1/matters/${matter.id}/recordings`, { recordingIds: ids, reason: 'r1' }).expect(201);
    await post(legal, `/v1/matters/${matter.id}/recordings`, { filter: { externalCallId: 'nope' }, reason: 'r2' });
    await post(legal, `/v1/matters/${matter.id}/release`, { reason: 'done' });
    await get(globexLegal, `/v1/matters/${matter.id}`).expect(404);
    const trail = (await get(legal, `/v1/matters/${matter.id}/audit`).expect(200)).body.items;
    expect(trail.map((e: { action: string; outcome: string }) => [e.action, e.outcome])).toEqual([
      ['matter.create', 'success'],
      ['matter.hold', 'success'],
      ['matter.hold', 'success'],
      ['matter.hold', 'success'],
    ]);
    expect(trail[0].details).toMatchObject({ reference: 'TRAIL-1', status: 201 });
    expect(trail[1].details).toMatchObject({ byIds: true, reason: 'r1' });
    expect([...trail[1].details.placed].sort()).toEqual(ids.sort());
    expect(trail[2].details).toMatchObject({ filter: { externalCallId: 'nope' }, placed: [] });
    expect(trail[3].details).toMatchObject({ reason: 'done', released: 6 });
    // The other tenant's refused look is in its own tenant's log, not in this trail.
    expect(trail.every((e: { actor: { tenant: string } }) => e.actor.tenant === acme.id)).toBe(true);
    // Reading the trail is itself on it.
    const next = (await get(legal, `/v1/matters/${matter.id}/audit`).expect(200)).body.items;
    expect(next.at(-1).action).toBe('matter.read');
    // A request about that recording is on its own record under its id.
    await get(legal, `/v1/recordings/${unlucky}`).expect(200);
    const about = await db().query(`SELECT action FROM audit_events WHERE resource_id = $1`, [unlucky]);
    expect(about).toEqual([{ action: 'recording.read' }]);
  });
});
