import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { S3_CLIENT } from '../src/modules/storage/s3-client.provider';
import { makeCall } from './fixtures/call';
import { startTestApp, type TestApp } from './support/app';
import { storedRecording } from './support/stored';

/**
 * An import is idempotent by externalCallId, like an upload: a call already stored is the item's
 * result. A call whose recording was deleted is not: the upload answers 409 RECORDING_DELETED, and
 * the import item fails with that code instead of reporting the tombstone as imported.
 */
describe('bulk import of calls the vault already knows', () => {
  let t: TestApp;
  let acmeId: string;
  let admin: string;
  let legal: string;
  const bearer = (v: string) => ({ Authorization: `Bearer ${v}` });

  beforeAll(async () => {
    t = await startTestApp({ AUTH_FAILURE_LIMIT: '100000', WORKER_POLL_INTERVAL: '500ms' });
    acmeId = (await t.tenant('acme')).id;
    [admin, legal] = await Promise.all([t.token('acme', 'admin'), t.token('acme', 'legal')]);
    await t.app.get<S3Client>(S3_CLIENT).send(new CreateBucketCommand({ Bucket: 'acme-drop' }));
  });
  afterAll(() => t.close());

  it('fails the item of a deleted call with RECORDING_DELETED, and answers a stored call with its recording', async () => {
    const kept = await storedRecording(t, { tenantId: acmeId, externalCallId: 'kept-1' }, Buffer.alloc(1000, 1));
    const gone = await storedRecording(t, { tenantId: acmeId, externalCallId: 'gone-1' }, Buffer.alloc(1000, 1));
    await t.http().delete(`/v1/recordings/${gone.id}`).set(bearer(legal)).expect(200);

    const started = await t
      .http()
      .post('/v1/jobs')
      .set(bearer(admin))
      .send({
        kind: 'import',
        params: {
          bucket: 'acme-drop',
          items: [
            { key: 'kept.wav', metadata: makeCall({ externalCallId: 'kept-1' }).metadata },
            { key: 'gone.wav', metadata: makeCall({ externalCallId: 'gone-1' }).metadata },
          ],
        },
      })
      .expect(202);
    let job = started.body;
    for (let i = 0; i < 300 && (job.status === 'queued' || job.status === 'running'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = (await t.http().get(`/v1/jobs/${job.id}`).set(bearer(admin)).expect(200)).body;
    }
    expect(job).toMatchObject({ status: 'succeeded', done: 1, failed: 1 });

    const failed = await t.http().get(`/v1/jobs/${job.id}/items`).set(bearer(admin)).expect(200);
    expect(failed.body.items).toEqual([
      expect.objectContaining({
        ref: 'gone.wav',
        status: 'failed',
        errorCode: 'RECORDING_DELETED',
        errorMessage: expect.stringContaining(gone.id),
        recordingId: null,
      }),
    ]);
    const done = await t.http().get(`/v1/jobs/${job.id}/items?status=succeeded`).set(bearer(admin)).expect(200);
    expect(done.body.items).toEqual([expect.objectContaining({ ref: 'kept.wav', recordingId: kept.id })]);
    const rows = await t.runtime.dataSource.query(
      `SELECT id, status FROM recordings WHERE tenant_id = $1 AND external_call_id = 'gone-1'`,
      [acmeId],
    );
    expect(rows).toEqual([{ id: gone.id, status: 'deleted' }]);
  });
});
