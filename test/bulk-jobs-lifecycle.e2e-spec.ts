import { BulkJobArchiveSweep } from '../src/modules/bulk-jobs/bulk-job.retention';
import { ObjectStore } from '../src/modules/storage/object-store';
import { startTestApp, type TestApp } from './support/app';
import { storedRecording } from './support/stored';

/**
 * What happens to a bulk job after it ran: who may cancel or delete it, what deleting destroys and
 * keeps, and the archive's retention. Small jobs over two recordings whose
 * encrypted objects are sealed directly (no pipeline run), so the whole suite takes seconds.
 */
describe('bulk job lifecycle', () => {
  let t: TestApp;
  let acmeId: string;
  let legal: string;
  let otherLegal: string;
  let qa: string;
  let admin: string;
  let globexLegal: string;
  const bearer = (v: string) => ({ Authorization: `Bearer ${v}` });
  const db = () => t.runtime.dataSource;

  /** An available recording of acme's with a sealed audio object. */
  async function stored(): Promise<string> {
    return (await storedRecording(t, { tenantId: acmeId }, Buffer.alloc(1000, 1))).id;
  }

  /** A job row nobody runs (no queue entry): it stays queued for as long as a test needs. */
  async function queued(kind: string, createdBy: { kind: string; id: string; role: string }): Promise<string> {
    const [job] = await db().query(
      `INSERT INTO bulk_jobs (tenant_id, kind, params, created_by) VALUES ($1, $2, '{}', $3) RETURNING id`,
      [acmeId, kind, JSON.stringify(createdBy)],
    );
    return job.id as string;
  }

  /** A finished audio export of acme's two recordings, started by `token`, with its result archive. */
  async function exported(token: string): Promise<{ id: string; resultKey: string }> {
    const started = await t
      .http()
      .post('/v1/jobs')
      .set(bearer(token))
      .send({ kind: 'audio-export', params: { purpose: 'lifecycle', status: 'available' } })
      .expect(202);
    const id = started.body.id as string;
    for (let i = 0; i < 200; i++) {
      const { body } = await t.http().get(`/v1/jobs/${id}`).set(bearer(token)).expect(200);
      if (body.status === 'succeeded') {
        expect(body.done).toBe(2);
        const [row] = await db().query(`SELECT result_key FROM bulk_jobs WHERE id = $1`, [id]);
        return { id, resultKey: row.result_key as string };
      }
      if (body.status !== 'queued' && body.status !== 'running') throw new Error(`job ${id} ${body.status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`job ${id} did not finish`);
  }

  /** The download URL of the job's archive (the link alone is the credential). */
  const linkOf = async (token: string, id: string) =>
    (await t.http().post(`/v1/jobs/${id}/result-link`).set(bearer(token)).expect(201)).body.url as string;

  const keyRows = async (objectKey: string) =>
    (await db().query(`SELECT count(*)::int AS n FROM data_keys WHERE object_key = $1`, [objectKey]))[0].n as number;

  beforeAll(async () => {
    t = await startTestApp({ AUTH_FAILURE_LIMIT: '100000', BULK_JOB_ARCHIVE_RETENTION_DAYS: '3' });
    acmeId = (await t.tenant('acme')).id;
    await t.tenant('globex');
    [legal, otherLegal, qa, admin, globexLegal] = await Promise.all([
      t.token('acme', 'legal'),
      t.token('acme', 'legal', { subject: 'other-legal@acme' }),
      t.token('acme', 'qa'),
      t.token('acme', 'admin'),
      t.token('globex', 'legal'),
    ]);
    await stored();
    await stored();
  });
  afterAll(() => t.close());

  it('cancel and delete: only the creator or an admin; another user who sees the job gets 403, others 404', async () => {
    const id = await queued('audio-export', { kind: 'user', id: 'legal@acme', role: 'legal' });
    for (const other of [otherLegal, qa]) {
      const refused = await t.http().post(`/v1/jobs/${id}/cancel`).set(bearer(other)).expect(403);
      expect(refused.body.code).toBe('JOB_CREATOR_ONLY');
    }
    // admin may cancel any job it can see, but not seeing audio exports it learns nothing of this one.
    expect((await t.http().post(`/v1/jobs/${id}/cancel`).set(bearer(admin)).expect(404)).body.code).toBe(
      'JOB_NOT_FOUND',
    );
    await t.http().post(`/v1/jobs/${id}/cancel`).set(bearer(globexLegal)).expect(404);
    expect((await t.http().get(`/v1/jobs/${id}`).set(bearer(legal)).expect(200)).body.status).toBe('queued');
    const cancelled = await t.http().post(`/v1/jobs/${id}/cancel`).set(bearer(legal)).expect(200);
    expect(cancelled.body.status).toBe('cancelled');

    // An import another admin (an API key) started: any admin may cancel it, and delete it.
    const adminKey = await t.apiKey('acme', 'admin');
    const imported = await queued('import', { kind: 'api-key', id: adminKey.id, role: 'admin' });
    expect((await t.http().post(`/v1/jobs/${imported}/cancel`).set(bearer(admin)).expect(200)).body.status).toBe(
      'cancelled',
    );
    await t.http().delete(`/v1/jobs/${imported}`).set(bearer(admin)).expect(204);
    const audited: { outcome: string; code: string | null }[] = await db().query(
      `SELECT outcome, details->>'code' AS code FROM audit_events WHERE action = 'job.cancel' AND resource_id = $1
        ORDER BY seq`,
      [id],
    );
    expect(audited.map((a) => a.code)).toEqual([
      'JOB_CREATOR_ONLY',
      'JOB_CREATOR_ONLY',
      'JOB_NOT_FOUND',
      'JOB_NOT_FOUND',
      null,
    ]);
  });

  it('delete: the archive crypto-shredded (key row, then object), items gone, audited; the record stays', async () => {
    const { id, resultKey } = await exported(legal);
    const url = await linkOf(legal, id);
    expect(await keyRows(resultKey)).toBe(1);
    for (const [who, status, code] of [
      [otherLegal, 403, 'JOB_CREATOR_ONLY'],
      [qa, 403, 'JOB_CREATOR_ONLY'],
      [admin, 404, 'JOB_NOT_FOUND'],
      [globexLegal, 404, 'JOB_NOT_FOUND'],
    ] as const)
      expect((await t.http().delete(`/v1/jobs/${id}`).set(bearer(who)).expect(status)).body.code).toBe(code);
    expect(await keyRows(resultKey)).toBe(1);

    // Four at once: every one succeeds (a DELETE is idempotent here, as for recordings and API keys),
    // and the row lock lets exactly one of them shred.
    const deletes = jest.spyOn(t.app.get(ObjectStore), 'delete');
    try {
      const answers = await Promise.all(
        Array.from({ length: 4 }, () => t.http().delete(`/v1/jobs/${id}`).set(bearer(legal))),
      );
      expect(answers.map((a) => a.status)).toEqual([204, 204, 204, 204]);
      expect(deletes.mock.calls.filter(([key]) => key === resultKey)).toHaveLength(1);
    } finally {
      deletes.mockRestore();
    }
    expect(await keyRows(resultKey)).toBe(0);
    expect(await t.app.get(ObjectStore).head(resultKey)).toBeUndefined();
    const items = await db().query(`SELECT count(*)::int AS n FROM bulk_job_items WHERE job_id = $1`, [id]);
    expect(items[0].n).toBe(0);
    const audited: { details: Record<string, unknown> }[] = await db().query(
      `SELECT details FROM audit_events WHERE action = 'job.delete' AND resource_id = $1 AND outcome = 'success'
          AND details ? 'destroyedKeys'`,
      [id],
    );
    expect(audited.map((a) => a.details)).toEqual([
      expect.objectContaining({
        kind: 'audio-export',
        jobStatus: 'succeeded',
        status: 204,
        done: 2,
        items: 2,
        destroyedKeys: 1,
      }),
    ]);
    // One event per request: the deleting one's carries what was destroyed, the three that found the tombstone none.
    const perRequest = await db().query(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'job.delete' AND resource_id = $1 AND outcome = 'success'`,
      [id],
    );
    expect(perRequest[0].n).toBe(4);

    // The tombstone: still readable, counts and all; the archive's link is gone (410), not "not ready".
    const tombstone = (await t.http().get(`/v1/jobs/${id}`).set(bearer(legal)).expect(200)).body;
    expect(tombstone).toMatchObject({ status: 'succeeded', total: 2, done: 2, result: null });
    expect(tombstone.deletedAt).not.toBeNull();
    expect(tombstone.resultShreddedAt).not.toBeNull();
    expect((await t.http().get(url).expect(410)).body.code).toBe('JOB_RESULT_GONE');
    expect((await t.http().post(`/v1/jobs/${id}/result-link`).set(bearer(legal)).expect(410)).body.code).toBe(
      'JOB_RESULT_GONE',
    );
    await t.http().delete(`/v1/jobs/${id}`).set(bearer(legal)).expect(204);
  });

  it('delete refuses a job still queued or running (409 JOB_NOT_FINISHED) and changes nothing', async () => {
    const id = await queued('audio-export', { kind: 'user', id: 'legal@acme', role: 'legal' });
    await db().query(`INSERT INTO bulk_job_items (job_id, seq, ref) VALUES ($1, 0, 'x')`, [id]);
    for (const status of ['queued', 'running']) {
      await db().query(`UPDATE bulk_jobs SET status = $2 WHERE id = $1`, [id, status]);
      const refused = await t.http().delete(`/v1/jobs/${id}`).set(bearer(legal)).expect(409);
      expect(refused.body.code).toBe('JOB_NOT_FINISHED');
    }
    const [row] = await db().query(
      `SELECT j.deleted_at, (SELECT count(*)::int FROM bulk_job_items WHERE job_id = j.id) AS items
         FROM bulk_jobs j WHERE id = $1`,
      [id],
    );
    expect(row).toEqual({ deleted_at: null, items: 1 });
    // Cancelled, it has ended: now it can go.
    await t.http().post(`/v1/jobs/${id}/cancel`).set(bearer(legal)).expect(200);
    await t.http().delete(`/v1/jobs/${id}`).set(bearer(legal)).expect(204);
  });

  it('retention: the sweep shreds only archives older than BULK_JOB_ARCHIVE_RETENTION_DAYS; the job stays readable', async () => {
    const DAY = 86_400_000;
    const old = await exported(legal);
    const fresh = await exported(legal);
    const oldLink = await linkOf(legal, old.id);
    await db().query(`UPDATE bulk_jobs SET finished_at = now() - interval '4 days' WHERE id = $1`, [old.id]);
    const sweep = t.app.get(BulkJobArchiveSweep);
    // Two sweeps at once (two workers): the archive is shredded once.
    const runs = await Promise.all([sweep.run(), sweep.run()]);
    expect(runs[0].shredded + runs[1].shredded).toBe(1);
    expect(await keyRows(old.resultKey)).toBe(0);
    expect(await t.app.get(ObjectStore).head(old.resultKey)).toBeUndefined();
    expect(await keyRows(fresh.resultKey)).toBe(1);

    expect((await t.http().get(oldLink).expect(410)).body.code).toBe('JOB_RESULT_GONE');
    const job = (await t.http().get(`/v1/jobs/${old.id}`).set(bearer(legal)).expect(200)).body;
    expect(job).toMatchObject({ status: 'succeeded', total: 2, done: 2, failed: 0, result: null, deletedAt: null });
    expect(job.resultShreddedAt).not.toBeNull();
    const items = await t.http().get(`/v1/jobs/${old.id}/items?status=succeeded`).set(bearer(legal)).expect(200);
    expect(items.body.items).toHaveLength(2);
    await t
      .http()
      .get(await linkOf(legal, fresh.id))
      .expect(200);
    const audited: { details: Record<string, unknown> }[] = await db().query(
      `SELECT details FROM audit_events WHERE action = 'job.result.shred' AND resource_id = $1`,
      [old.id],
    );
    expect(audited.map((a) => a.details)).toEqual([
      expect.objectContaining({ reason: 'retention', retentionDays: 3, destroyedKeys: 1 }),
    ]);

    // The fresh archive's turn comes three days after its job finished, not before.
    expect(await sweep.run(new Date(Date.now() + 2 * DAY))).toEqual({ shredded: 0 });
    expect(await keyRows(fresh.resultKey)).toBe(1);
    expect(await sweep.run(new Date(Date.now() + 3 * DAY + 60_000))).toEqual({ shredded: 1 });
    expect(await keyRows(fresh.resultKey)).toBe(0);
    expect(await sweep.run(new Date(Date.now() + 30 * DAY))).toEqual({ shredded: 0 });
  });
});
