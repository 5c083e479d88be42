import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { EnvelopeService } from '../src/modules/crypto/envelope.service';
import { RecordingEntity } from '../src/modules/recordings/recording.entity';
import { startTestApp, type TestApp } from './support/app';

/**
 * What happens to a bulk job after it ran: who may cancel it. Small jobs over two recordings whose
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
    const repo = db().getRepository(RecordingEntity);
    const rec = await repo.save(
      repo.create({ tenantId: acmeId, externalCallId: `l-${randomUUID()}`, status: 'processing', mediaFormat: 'wav' }),
    );
    const sealed = await t.app.get(EnvelopeService).seal({
      tenantId: acmeId,
      recordingId: rec.id,
      kind: 'recording',
      wrappingKeyId: null,
      source: Readable.from([Buffer.alloc(1000, 1)]),
    });
    await repo.update(
      { id: rec.id },
      {
        status: 'available',
        objectKey: sealed.objectKey,
        objectSize: String(sealed.ciphertextSize),
        objectSha256: Buffer.from(sealed.sha256, 'hex'),
      },
    );
    return rec.id;
  }

  /** A job row nobody runs (no queue entry): it stays queued for as long as a test needs. */
  async function queued(kind: string, createdBy: { kind: string; id: string; role: string }): Promise<string> {
    const [job] = await db().query(
      `INSERT INTO bulk_jobs (tenant_id, kind, params, created_by) VALUES ($1, $2, '{}', $3) RETURNING id`,
      [acmeId, kind, JSON.stringify(createdBy)],
    );
    return job.id as string;
  }

  beforeAll(async () => {
    t = await startTestApp({ AUTH_FAILURE_LIMIT: '100000' });
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

  it('cancel: only the creator or an admin; another user who sees the job gets 403, other callers 404', async () => {
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

    // An import another admin (an API key) started: any admin may cancel it.
    const adminKey = await t.apiKey('acme', 'admin');
    const imported = await queued('import', { kind: 'api-key', id: adminKey.id, role: 'admin' });
    expect((await t.http().post(`/v1/jobs/${imported}/cancel`).set(bearer(admin)).expect(200)).body.status).toBe(
      'cancelled',
    );
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
});
