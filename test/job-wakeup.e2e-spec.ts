import { makeCall } from './fixtures/call';
import { startTestApp, type TestApp } from './support/app';
import { settle, upload } from './support/upload';

/**
 * Workers start jobs when they are enqueued, not at their next poll: with
 * polling every 10 minutes, a call still goes through every pipeline step
 * (each enqueued by the one before, some inside transactions) to available.
 * One subscription per queue and more calls than that: a burst of
 * notifications wakes it once, and it takes one job at a time, so it must
 * look again after each job rather than sleep with the rest queued.
 */
describe('jobs: wake-up on enqueue', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await startTestApp({ AUTH_FAILURE_LIMIT: '100000', WORKER_POLL_INTERVAL: '10m', WORKER_CONCURRENCY: '1' });
    await t.tenant('acme');
    key = (await t.apiKey('acme', 'ingest')).key;
  });
  afterAll(() => t.close());

  it('takes overlapping uploads through the pipeline without waiting for a poll', async () => {
    // Let every subscription finish its first (empty) fetch and go to sleep for its 10 minutes.
    await new Promise((r) => setTimeout(r, 1500));
    const ids = await Promise.all(
      ['wake-1', 'wake-2', 'wake-3', 'wake-4', 'wake-5'].map(async (externalCallId) => {
        const call = makeCall({ externalCallId });
        const res = await upload(t, key, call.metadata, call.wav).expect(202);
        return res.body.id as string;
      }),
    );
    const outcomes = await Promise.all(
      ids.map((id) => settle(t, key, id, ['available', 'rejected', 'failed'], 45_000)),
    );
    expect(outcomes.map((r) => r.status)).toEqual(ids.map(() => 'available'));
  }, 60_000);
});
