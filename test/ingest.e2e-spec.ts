import { execFileSync } from 'node:child_process';
import { DataKeyEntity } from '../src/modules/crypto/data-key.entity';
import { MediaDriver } from '../src/modules/media/media.driver';
import { ObjectStore } from '../src/modules/storage/object-store';
import { startTestApp, type TestApp } from './support/app';
import { servedAudio, settle, upload } from './support/upload';
import { asCodec, CALL_PAN, makeCall } from './fixtures/call';

const PAN = CALL_PAN.join('');

function decode(audio: Buffer, rate = 8000): Int16Array {
  const out = execFileSync(
    'ffmpeg',
    ['-v', 'error', '-i', 'pipe:0', '-f', 's16le', '-ac', '1', '-ar', String(rate), 'pipe:1'],
    {
      input: audio,
      maxBuffer: 1 << 28,
    },
  );
  return new Int16Array(out.buffer, out.byteOffset, out.byteLength / 2);
}

describe('ingest and redaction pipeline', () => {
  let t: TestApp;
  let ingest: string;
  let qa: string;
  const bearer = (v: string) => ({ Authorization: `Bearer ${v}` });

  beforeAll(async () => {
    t = await startTestApp({
      AUTH_FAILURE_LIMIT: '100000',
      WORKER_POLL_INTERVAL: '500ms',
      CONSENT_WAIT: '3s',
      // The 10 concurrent identical uploads below come from one tenant (its default share is 8 of 16).
      UPLOAD_MAX_CONCURRENT_PER_TENANT: '16',
    });
    await t.tenant('acme');
    ingest = (await t.apiKey('acme', 'ingest')).key;
    qa = await t.token('acme', 'qa');
  });
  afterAll(() => t.close());

  const fetchAudio = async (id: string) => (await servedAudio(t, qa, id)).body;

  it.each(['pcm_s16le', 'pcm_mulaw', 'mp3', 'opus', 'flac'] as const)(
    'takes a %s call from upload to available, with every card-data span silent and the rest intact',
    async (codec) => {
      const call = makeCall({ externalCallId: `e2e-${codec}` });
      const res = await upload(t, ingest, call.metadata, asCodec(call, codec));
      expect([res.status, res.body.code, res.body.message]).toEqual([202, undefined, undefined]);
      expect(res.body).toMatchObject({
        id: expect.any(String),
        status: 'received',
        links: { self: `/v1/recordings/${res.body.id}` },
      });
      const rec = await settle(t, ingest, res.body.id);
      expect([rec.status, rec.statusReason]).toEqual(['available', null]);
      expect(rec.redaction).toMatchObject({
        verified: true,
        kinds: expect.arrayContaining(['pan', 'marker']),
        detectorsNotRun: [],
      });

      const out = decode(await fetchAudio(res.body.id));
      expect(Math.abs(out.length - call.samples.length)).toBeLessThanOrEqual(
        codec === 'pcm_s16le' || codec === 'pcm_mulaw' ? 0 : 1200,
      );
      const lossy = codec === 'mp3' || codec === 'opus';
      const edge = lossy ? 60 : 0;
      const problems: string[] = [];
      for (const span of call.mustBeSilent) {
        let peak = 0;
        for (
          let i = Math.ceil(((span.startMs + edge) * 8000) / 1000);
          i < Math.floor(((span.endMs - edge) * 8000) / 1000);
          i++
        ) {
          peak = Math.max(peak, Math.abs(out[i]));
        }
        // Lossless codecs: digital zero. Lossy ones: below −40 dBFS (328) away from the edges.
        if (peak > (lossy ? 328 : 0)) problems.push(`span ${span.startMs}-${span.endMs} peaks at ${peak}`);
      }
      // Outside the padded spans every 100 ms window still carries the voice.
      for (let ms = 0; ms + 100 <= call.durationMs; ms += 100) {
        const near = call.mustBeSilent.some((s) => ms + 100 > s.startMs - 150 && ms < s.endMs + 150);
        if (near) continue;
        let sum = 0;
        for (let i = (ms * 8000) / 1000; i < ((ms + 100) * 8000) / 1000; i++) sum += out[i] * out[i];
        const rms = Math.sqrt(sum / 800);
        if (rms < 1500) problems.push(`window at ${ms} ms lost the voice (rms ${rms.toFixed(0)})`);
      }
      expect(problems).toEqual([]);
    },
  );

  it('reports spans, detectors and verification without a single card digit beyond the last four', async () => {
    const call = makeCall({ externalCallId: 'report-1' });
    const { body } = await upload(t, ingest, call.metadata, call.wav).expect(202);
    await settle(t, ingest, body.id);
    const res = await t.http().get(`/v1/recordings/${body.id}/redactions`).set(bearer(qa)).expect(200);
    const { report } = res.body;
    expect(report.detectors.map((d: { name: string; ran: boolean }) => [d.name, d.ran])).toEqual([
      ['dtmf', true],
      ['transcript', true],
      ['marker', true],
      ['consent', true],
    ]);
    const pans = report.spans.filter((s: { kind: string }) => s.kind === 'pan');
    expect(pans.map((s: { detector: string; masked: string }) => [s.detector, s.masked]).sort()).toEqual([
      ['dtmf', '•••• 1111'],
      ['transcript', '•••• 1111'],
    ]);
    expect(report.verification).toMatchObject({ passed: true, residualDtmf: 0, codec: 'pcm_s16le' });
    // The card number appears nowhere: responses, rows, audit log, object metadata.
    expect(JSON.stringify(res.body)).not.toContain(PAN);
    const dump = await t.runtime.dataSource.query(
      `SELECT (SELECT json_agg(r) FROM recordings r)::text || (SELECT json_agg(s) FROM redaction_spans s)::text ||
              (SELECT json_agg(a) FROM audit_events a)::text || (SELECT json_agg(c) FROM consent_events c)::text AS all`,
    );
    expect(dump[0].all).not.toContain(PAN);
    expect(dump[0].all).not.toContain('four one one');
  });

  it('destroys the quarantine copy and the transcript once the redacted object is committed', async () => {
    const call = makeCall({ externalCallId: 'quarantine-1' });
    const { body } = await upload(t, ingest, call.metadata, call.wav).expect(202);
    await settle(t, ingest, body.id);
    const store = t.app.get(ObjectStore);
    const keys = t.runtime.dataSource.getRepository(DataKeyEntity);
    // What stays: the redacted audio, its waveform and the redacted transcript, each under its own key.
    for (let i = 0; i < 50 && (await keys.countBy({ recordingId: body.id })) > 3; i++)
      await new Promise((r) => setTimeout(r, 100));
    const left = (await keys.findBy({ recordingId: body.id })).sort((a, b) => a.objectKind.localeCompare(b.objectKind));
    expect(left.map((k) => k.objectKind)).toEqual(['peaks', 'recording', 'redacted-transcript']);
    const [rec] = await t.runtime.dataSource.query(
      'SELECT quarantine_key, transcript_key FROM recordings WHERE id = $1',
      [body.id],
    );
    expect(rec).toEqual({ quarantine_key: null, transcript_key: null });
    const audits = await t.runtime.dataSource.query(
      `SELECT action FROM audit_events WHERE resource_id = $1 ORDER BY seq`,
      [body.id],
    );
    expect(audits.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining([
        'recording.create',
        'recording.consent',
        'recording.redact',
        'recording.quarantine.destroy',
      ]),
    );
    for (const k of left) expect(await store.head(k.objectKey)).toBeDefined();
  });

  it('returns the same recording for a retried upload, and creates exactly one for 10 concurrent identical uploads', async () => {
    const call = makeCall({ externalCallId: 'idem-1' });
    const a = await upload(t, ingest, call.metadata, call.wav, { idempotencyKey: 'k-1' }).expect(202);
    const b = await upload(t, ingest, call.metadata, call.wav, { idempotencyKey: 'k-1' }).expect(202);
    expect(b.body.id).toBe(a.body.id);
    expect(b.headers['idempotent-replayed']).toBe('true');

    const race = makeCall({ externalCallId: 'race-1' });
    const results = await Promise.all(Array.from({ length: 10 }, () => upload(t, ingest, race.metadata, race.wav)));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(202));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    const [{ n }] = await t.runtime.dataSource.query(
      `SELECT count(*)::int AS n FROM recordings WHERE external_call_id = 'race-1'`,
    );
    expect(n).toBe(1);
    await settle(t, ingest, results[0].body.id);
    const [{ k }] = await t.runtime.dataSource.query(
      `SELECT count(*)::int AS k FROM data_keys WHERE recording_id IS NULL`,
    );
    expect(k).toBe(0);
  });

  it('waits for missing consent, then processes the call when it arrives', async () => {
    const call = makeCall({ externalCallId: 'late-consent', consent: [] });
    const { body } = await upload(t, ingest, call.metadata, call.wav).expect(202);
    await settle(t, ingest, body.id, ['awaiting_consent']);
    await t
      .http()
      .post(`/v1/recordings/${body.id}/consent`)
      .set(bearer(ingest))
      .send({ consent: [{ participant: 'customer', kind: 'granted', method: 'verbal', offsetMs: 0 }] })
      .expect(202);
    expect((await settle(t, ingest, body.id)).status).toBe('available');
    await t
      .http()
      .post(`/v1/recordings/${body.id}/consent`)
      .set(bearer(ingest))
      .send({ consent: [{ participant: 'customer', kind: 'revoked', method: 'verbal' }] })
      .expect(409);
  });

  it('rejects a call the customer declined, destroying the audio and keeping the reasons', async () => {
    const call = makeCall({
      externalCallId: 'declined-1',
      consent: [{ participant: 'customer', kind: 'declined', method: 'ivr-keypress', offsetMs: 1000 }],
    });
    const { body } = await upload(t, ingest, call.metadata, call.wav).expect(202);
    const rec = await settle(t, ingest, body.id);
    expect(rec.status).toBe('rejected');
    expect(rec.statusReason).toMatch(/^[A-Z_]+: /);
    expect(rec.decision.outcome).toBe('rejected');
    expect(await t.runtime.dataSource.getRepository(DataKeyEntity).countBy({ recordingId: body.id })).toBe(0);
    await t.http().get(`/v1/recordings/${body.id}/audio`).set(bearer(qa)).expect(409);
  });

  it('mutes the audio before consent was granted (consent trim)', async () => {
    const call = makeCall({
      externalCallId: 'trim-1',
      consent: [{ participant: 'customer', kind: 'granted', method: 'verbal', offsetMs: 1500 }],
    });
    const { body } = await upload(t, ingest, call.metadata, call.wav).expect(202);
    expect((await settle(t, ingest, body.id)).status).toBe('available');
    const out = decode(await fetchAudio(body.id));
    expect(out.subarray(0, 12_000).every((v) => v === 0)).toBe(true); // the first 1.5 s
    expect(out.subarray(12_000, 14_000).some((v) => v !== 0)).toBe(true);
  });

  it('waits for late consent on a one-party call nobody has consented to yet, then keeps it', async () => {
    // O.C.G.A. §16-11-66(a): one party suffices, but one is needed; no agent here, so nobody is deemed to consent.
    const participants = [
      { id: 'customer', role: 'customer', jurisdiction: 'US-GA' },
      { id: 'other', role: 'third-party', jurisdiction: 'US-GA' },
    ];
    const [saved, lapsed] = await Promise.all(
      ['one-party-wait', 'one-party-lapse'].map(async (id) => {
        const call = makeCall({ externalCallId: id, participants, consent: [] });
        return (await upload(t, ingest, call.metadata, call.wav).expect(202)).body.id as string;
      }),
    );
    const waiting = await settle(t, ingest, saved, ['awaiting_consent', 'rejected']);
    expect([waiting.status, waiting.decision.reasons.map((r: { code: string }) => r.code)]).toEqual([
      'awaiting_consent',
      expect.arrayContaining(['NO_CONSENTING_PARTY']),
    ]);
    await t
      .http()
      .post(`/v1/recordings/${saved}/consent`)
      .set(bearer(ingest))
      .send({ consent: [{ participant: 'other', kind: 'granted', method: 'verbal', offsetMs: 0 }] })
      .expect(202);
    expect((await settle(t, ingest, saved)).status).toBe('available');
    // Nobody consents to the other one: once CONSENT_WAIT (3 s here) has passed it is rejected and its audio destroyed.
    const rejected = await settle(t, ingest, lapsed);
    expect([rejected.status, rejected.statusReason?.split(':')[0]]).toEqual(['rejected', 'NO_CONSENTING_PARTY']);
    expect(await t.runtime.dataSource.getRepository(DataKeyEntity).countBy({ recordingId: lapsed })).toBe(0);
  });

  it('keeps a US call up to a mid-call decline and mutes the rest, but rejects the same decline under GDPR', async () => {
    const consent = [
      { participant: '*', kind: 'notified', method: 'announcement', offsetMs: 0 },
      { participant: 'customer', kind: 'declined', method: 'verbal', offsetMs: 11_000 },
    ];
    const us = makeCall({ externalCallId: 'decline-us', consent });
    const gb = makeCall({
      externalCallId: 'decline-gb',
      consent,
      participants: [
        { id: 'customer', role: 'customer', jurisdiction: 'GB' },
        { id: 'agent', role: 'agent', jurisdiction: 'GB' },
      ],
    });
    const [a, b] = await Promise.all(
      [us, gb].map(async (c) => (await upload(t, ingest, c.metadata, c.wav).expect(202)).body.id as string),
    );
    const [kept, objected] = await Promise.all([settle(t, ingest, a), settle(t, ingest, b)]);
    expect([kept.status, kept.decision.trims]).toEqual([
      'available',
      [{ startMs: 11_000, endMs: 12_000, reason: 'CONSENT_DECLINED' }],
    ]);
    const out = decode(await fetchAudio(a));
    expect(out.subarray(88_000).every((v) => v === 0)).toBe(true); // from 11 s on
    expect(out.subarray(84_000, 88_000).some((v) => v !== 0)).toBe(true); // 10.5–11 s, after the marker, still audible
    expect(out.subarray(0, 20_000).some((v) => v !== 0)).toBe(true);
    expect([objected.status, objected.statusReason?.split(':')[0]]).toEqual(['rejected', 'REQUIRED_PARTY_DECLINED']);
  });

  it('waits for a German agent’s consent, then shows per participant in the evidence bundle the rule, the events and the declarations relied on', async () => {
    await t.tenant('hanse');
    const key = (await t.apiKey('hanse', 'ingest')).key;
    const admin = (await t.apiKey('hanse', 'admin')).key;
    const legal = await t.token('hanse', 'legal');
    const participants = [
      { id: 'customer', role: 'customer', jurisdiction: 'DE-BE' },
      { id: 'agent', role: 'agent', jurisdiction: 'DE' },
      { id: 'caller', role: 'third-party', jurisdiction: 'FR' },
    ];
    const consent = [
      {
        participant: 'customer',
        kind: 'granted',
        method: 'ivr-keypress',
        offsetMs: 0,
        evidence: { prompt: 'rec-consent-de-v2', key: '1' },
      },
      { participant: 'caller', kind: 'granted', method: 'verbal', offsetMs: 0 },
    ];
    // §201 StGB: without the agent's consent the call waits, and the agent's own event lets it through.
    const first = makeCall({ externalCallId: 'de-agent-event', participants, consent });
    const { body: waitingBody } = await upload(t, key, first.metadata, first.wav).expect(202);
    const waiting = await settle(t, key, waitingBody.id, ['awaiting_consent', 'rejected']);
    expect(waiting.status).toBe('awaiting_consent');
    await t
      .http()
      .post(`/v1/recordings/${waitingBody.id}/consent`)
      .set(bearer(key))
      .send({ consent: [{ participant: 'agent', kind: 'granted', method: 'verbal', offsetMs: 0 }] })
      .expect(202);
    expect((await settle(t, key, waitingBody.id)).status).toBe('available');

    // With the tenant's declaration of employee consent (and its legal basis for France) no agent event is needed.
    const declarations = {
      employeeConsent: {
        reference: 'HR file EC-2026 (signed consents)',
        worksCouncilAgreement: 'BV Gesprächsaufzeichnung 2026-03',
        jurisdictions: ['DE'],
      },
      lawfulBasis: { FR: { basis: 'GDPR Art. 6(1)(c): MiFID II art. 16(7)', reference: 'Compliance memo 2026-04' } },
    };
    await t
      .http()
      .put('/v1/tenants/current/consent-rules')
      .set(bearer(admin))
      .send({ version: 'hanse-1', declarations })
      .expect(200);
    const second = makeCall({ externalCallId: 'de-agent-declared', participants, consent });
    const { body } = await upload(t, key, second.metadata, second.wav).expect(202);
    expect((await settle(t, key, body.id)).status).toBe('available');

    const bundle = (await t.http().get(`/v1/recordings/${body.id}/evidence`).set(bearer(legal)).expect(200)).body;
    const byId = Object.fromEntries(
      bundle.consent.participants.map((p: { participant: string }) => [p.participant, p]),
    );
    const grant = bundle.consent.events.find((e: { participant: string }) => e.participant === 'customer');
    expect(byId.customer).toMatchObject({
      status: 'consented',
      basis: 'explicit-consent',
      ruleApplied: {
        jurisdiction: 'DE',
        citation: expect.stringContaining('§201'),
        attributes: { agentMustConsent: true, acceptsNotice: false },
      },
      satisfiedBy: [
        {
          id: grant.id,
          kind: 'granted',
          method: 'ivr-keypress',
          offsetMs: 0,
          evidence: { prompt: 'rec-consent-de-v2', key: '1' },
        },
      ],
      declarationsRelied: [],
    });
    expect(byId.agent).toMatchObject({
      status: 'declared',
      basis: 'tenant-declaration',
      satisfiedBy: [],
      declarationsRelied: [{ kind: 'employee-consent', ...declarations.employeeConsent }],
    });
    expect(byId.caller).toMatchObject({
      declarationsRelied: [{ kind: 'lawful-basis', jurisdiction: 'FR', ...declarations.lawfulBasis.FR }],
      notDecidablePerCall: [expect.stringMatching(/^FR: .*systematic/)],
    });
    expect(bundle.consent.decision).toMatchObject({
      overrideVersion: 'hanse-1',
      declarations: expect.arrayContaining([expect.objectContaining({ kind: 'employee-consent' })]),
    });
    await t.http().post('/v1/evidence/verify').set(bearer(legal)).send(bundle).expect(200, { valid: true });
    const html = (await t.http().get(`/v1/recordings/${body.id}/evidence?format=html`).set(bearer(legal)).expect(200))
      .text;
    expect(html).toContain('Consent per participant');
    expect(html).toContain(
      'Employee consent: HR file EC-2026 (signed consents); works-council agreement BV Gesprächsaufzeichnung 2026-03',
    );
    expect(html).toContain(`(event ${grant.id})`);
  });

  it('rejects a call without transcript or markers when the tenant requires one', async () => {
    const admin = (await t.apiKey('acme', 'admin')).key;
    await t
      .http()
      .put('/v1/tenants/current/ingest-policy')
      .set(bearer(admin))
      .send({ requireTranscript: 'yes' })
      .expect(400);
    await t
      .http()
      .put('/v1/tenants/current/ingest-policy')
      .set(bearer(admin))
      .send({ requireTranscript: true })
      .expect(200);
    try {
      const call = makeCall({ externalCallId: 'no-transcript', transcript: undefined, markers: [] });
      const { body } = await upload(t, ingest, call.metadata, call.wav).expect(202);
      const rec = await settle(t, ingest, body.id);
      expect([rec.status, rec.statusReason?.split(':')[0]]).toEqual(['rejected', 'TRANSCRIPT_REQUIRED']);
    } finally {
      await t
        .http()
        .put('/v1/tenants/current/ingest-policy')
        .set(bearer(admin))
        .send({ requireTranscript: false })
        .expect(200);
    }
  });

  it('rejects a call whose pause marker lies past the end of the audio (the timelines disagree)', async () => {
    // The call is 12 s: a marker at 12.5 s is within the slack for rounding and encoder padding, one at 30 s is not.
    const within = makeCall({
      externalCallId: 'marker-edge',
      markers: [{ kind: 'pause', startMs: 12_500, endMs: 13_000 }],
    });
    const past = makeCall({
      externalCallId: 'marker-past',
      markers: [{ kind: 'pause', startMs: 30_000, endMs: 31_000 }],
    });
    const [a, b] = await Promise.all([
      upload(t, ingest, within.metadata, within.wav).expect(202),
      upload(t, ingest, past.metadata, past.wav).expect(202),
    ]);
    expect((await settle(t, ingest, a.body.id as string)).status).toBe('available');
    const rec = await settle(t, ingest, b.body.id as string);
    expect(rec.status).toBe('rejected');
    expect(rec.statusReason).toBe(
      'MARKER_OUTSIDE_AUDIO: a pause marker (metadata.markers) starts after the end of the audio (12000 ms)',
    );
  });

  it('says in the report that spoken card data was not checked when no transcript came', async () => {
    const call = makeCall({ externalCallId: 'unchecked-1', transcript: undefined });
    const { body } = await upload(t, ingest, call.metadata, call.wav).expect(202);
    expect((await settle(t, ingest, body.id)).status).toBe('available');
    const { body: r } = await t.http().get(`/v1/recordings/${body.id}/redactions`).set(bearer(qa)).expect(200);
    expect(r.report.detectors.find((d: { name: string }) => d.name === 'transcript')).toEqual({
      name: 'transcript',
      ran: false,
      reason: 'no transcript supplied: spoken card data was not checked',
      found: 0,
    });
  });

  it('fails closed when verification finds card data left in the output', async () => {
    const media = t.app.get(MediaDriver);
    // A muting bug: the "redacted" output is the input unchanged.
    const spy = jest.spyOn(media, 'redact').mockImplementation((open) => open());
    try {
      const call = makeCall({ externalCallId: 'verify-fail' });
      const { body } = await upload(t, ingest, call.metadata, call.wav).expect(202);
      const rec = await settle(t, ingest, body.id);
      expect(rec.status).toBe('failed');
      expect(rec.statusReason).toMatch(/^VERIFICATION_FAILED: /);
      expect(rec.statusReason).not.toContain(PAN);
      expect(await t.runtime.dataSource.getRepository(DataKeyEntity).countBy({ recordingId: body.id })).toBe(0);
      await t.http().get(`/v1/recordings/${body.id}/audio`).set(bearer(qa)).expect(409);
    } finally {
      spy.mockRestore();
    }
  });
});
