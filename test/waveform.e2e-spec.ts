import { randomUUID } from 'node:crypto';
import type { RedactionReport } from '../src/modules/redaction/redaction.types';
import { ObjectStore } from '../src/modules/storage/object-store';
import { makeCall } from './fixtures/call';
import { startTestApp, type TestApp } from './support/app';
import { settle, upload } from './support/upload';

/**
 * The waveform: computed once from the verified redacted audio, stored as its
 * own encrypted object, served to qa and legal with an audit event, and
 * crypto-shredded with the recording.
 */
describe('waveform', () => {
  let t: TestApp;
  let ingest: string;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startTestApp({ WORKER_POLL_INTERVAL: '500ms', CONSENT_WAIT: '3s' });
    await t.tenant('acme');
    ingest = (await t.apiKey('acme', 'ingest')).key;
  });
  afterAll(() => t.close());

  async function processed(): Promise<{ id: string; report: RedactionReport }> {
    const call = makeCall({ externalCallId: `wf-${randomUUID()}` });
    const id = (await upload(t, ingest, call.metadata, call.wav).expect(202)).body.id as string;
    expect((await settle(t, ingest, id)).status).toBe('available');
    const qa = await t.token('acme', 'qa');
    const report = (await t.http().get(`/v1/recordings/${id}/redactions`).set(bearer(qa)).expect(200)).body
      .report as RedactionReport;
    return { id, report };
  }

  it('is the redacted audio: silent inside every muted span, loud in the voice around them', async () => {
    const { id, report } = await processed();
    const qa = await t.token('acme', 'qa', { subject: 'qa-wave' });
    const res = await t.http().get(`/v1/recordings/${id}/waveform`).set(bearer(qa)).expect(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    const { durationMs, msPerPeak, peaks } = res.body as { durationMs: number; msPerPeak: number; peaks: string };
    expect(durationMs).toBe(report.durationMs);
    expect(msPerPeak).toBe(10);
    const bytes = Buffer.from(peaks, 'base64');
    expect(bytes).toHaveLength(Math.ceil(durationMs / msPerPeak));
    const peakAt = (ms: number) => bytes[Math.floor(ms / msPerPeak)];
    expect(report.spans.length).toBeGreaterThan(0);
    for (const s of report.spans) {
      // Inside the span (the padding is muted too), every bucket is silent.
      for (let ms = s.startMs; ms < s.endMs; ms += msPerPeak) expect([s.kind, ms, peakAt(ms)]).toEqual([s.kind, ms, 0]);
    }
    // The generated voice (two tones, peak ~6500/32768) shows at ~50/255 away from any span.
    const far = (ms: number) => report.spans.every((s) => ms < s.startMs - 500 || ms > s.endMs + 500);
    const voiced = Array.from({ length: bytes.length }, (_, i) => i * msPerPeak).filter(far);
    expect(voiced.length).toBeGreaterThan(100);
    for (const ms of voiced) expect(peakAt(ms)).toBeGreaterThan(30);

    const auditor = await t.token('acme', 'auditor');
    const events = await t
      .http()
      .get('/v1/audit/events')
      .query({ action: 'recording.waveform', resource: id })
      .set(bearer(auditor))
      .expect(200);
    expect(events.body.items.map((e: { actor: { id: string } }) => e.actor.id)).toContain('qa-wave');
  });

  it('is stored encrypted under its own data key, and shredded with the recording', async () => {
    const { id } = await processed();
    const db = t.runtime.dataSource;
    const rows: { object_key: string; encryption_context: Record<string, string> }[] = await db.query(
      `SELECT object_key, encryption_context FROM data_keys WHERE recording_id = $1 AND object_kind = 'peaks'`,
      [id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].encryption_context).toMatchObject({ recording: id, kind: 'peaks' });
    const store = t.app.get(ObjectStore);
    const raw = Buffer.concat(await (await store.get(rows[0].object_key)).toArray());
    expect(raw.toString('latin1')).not.toContain('msPerPeak');

    const legal = await t.token('acme', 'legal');
    await t.http().get(`/v1/recordings/${id}/waveform`).set(bearer(legal)).expect(200);
    await t.http().delete(`/v1/recordings/${id}`).set(bearer(legal)).expect(200);
    expect(
      await db.query(`SELECT 1 FROM data_keys WHERE recording_id = $1 AND object_kind = 'peaks'`, [id]),
    ).toHaveLength(0);
    expect(await store.head(rows[0].object_key)).toBeUndefined();
    const gone = await t.http().get(`/v1/recordings/${id}/waveform`).set(bearer(legal)).expect(409);
    expect(gone.body.code).toBe('RECORDING_NOT_AVAILABLE');
  });

  it('answers WAVEFORM_NOT_FOUND for a recording processed before waveforms, and serves overlapping reads', async () => {
    const { id } = await processed();
    const qa = await t.token('acme', 'qa');
    const reads = await Promise.all(
      Array.from({ length: 6 }, () => t.http().get(`/v1/recordings/${id}/waveform`).set(bearer(qa))),
    );
    expect(reads.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(new Set(reads.map((r) => (r.body as { peaks: string }).peaks)).size).toBe(1);
    await t.runtime.dataSource.query(`DELETE FROM data_keys WHERE recording_id = $1 AND object_kind = 'peaks'`, [id]);
    const missing = await t.http().get(`/v1/recordings/${id}/waveform`).set(bearer(qa)).expect(404);
    expect(missing.body.code).toBe('WAVEFORM_NOT_FOUND');
  });
});
