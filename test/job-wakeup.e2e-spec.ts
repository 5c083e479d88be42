import { makeCall } from './fixtures/call';
import { startTestApp, type TestApp } from './support/app';
import { settle, upload } from './support/upload';

/**
 * Workers start jobs when they are enqueued, not at their next poll: with
 * polling every 10 minutes, a call still goes through every pipeline step
 * (each enqueued by the one before, some inside transactions) to available.
 */
describe('jobs: wake-up on enqueue', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await startTestApp({ AUTH_FAILURE_LIMIT: '100000', WORKER_POLL_INTERVAL: '10m' });
    await t.tenant('acme');
    key = (await t.apiKey('acme', 'ingest')).key;
  });
  afterAll(() => t.close());

  it('takes overlapping uploads through the pipeline without waiting for a poll', async () => {
    // Let every subscription finish its first (empty) fetch and go to sleep for its 10 minutes.
    await new Promise((r) => setTimeout(r, 1500));
    const ids = await Promise.all(
      ['wake-1', 'wake-2', 'wake-3'].map(async (externalCallId) => {
        const call = makeCall({ externalCallId });
        const res = await upload(t, key, call.metadata, call.wav).expect(202);
        return res.body.id as string;
      }),
    );
    for (const id of ids)
      expect((await settle(t, key, id, ['available', 'rejected', 'failed'], 60_000)).status).toBe('available');
  });
});
