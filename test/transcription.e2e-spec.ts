import { execFileSync } from 'node:child_process';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { createS3Client } from '../src/modules/storage/s3.client';
import { startTestApp, type TestApp } from './support/app';
import { startTranscribeService } from './support/transcribe-service';
import { servedAudio, settle, upload } from './support/upload';
import { startOpenAiEngine, HeardAudio } from './support/transcription-engine';
import { pick, prng, randomPan, type Rand } from './fixtures/cards';
import { PHRASES, sayDigits, VOICES } from './fixtures/spoken';
import { SpokenCall, spokenCallMetadata, type SpokenWord } from './fixtures/spoken-call';

/**
 * Audio-only uploads transcribed by the tenant's engine: a stand-in speaking the
 * OpenAI transcription API hears generated speech and answers with the words,
 * recogniser-timed and with recognition errors; the spoken card number must end
 * muted and verified, and a missing engine must never let a recording through.
 */
const API_KEY = ['sk', 'test', 'transcriber', 'key', '0123456789'].join('-');

describe('transcription engines', () => {
  let t: TestApp;
  const rand = prng(1701);
  const heard = new HeardAudio(rand);
  let engine: Awaited<ReturnType<typeof startOpenAiEngine>>;
  let broken: Awaited<ReturnType<typeof startOpenAiEngine>>;
  let transcribe: Awaited<ReturnType<typeof startTranscribeService>>;
  const keys: Record<string, { ingest: string; admin: string; qa: string }> = {};
  let seq = 0;

  beforeAll(async () => {
    engine = await startOpenAiEngine(heard, { apiKey: API_KEY });
    broken = await startOpenAiEngine(heard);
    broken.state.down = true;
    transcribe = await startTranscribeService(heard);
    t = await startTestApp({
      TRANSCRIBE_ENDPOINT: transcribe.url,
      TRANSCRIBE_ACCESS_KEY_ID: 'AKIDTRANSCRIBETEST',
      TRANSCRIBE_SECRET_ACCESS_KEY: 'transcribe-test-secret',
      TRANSCRIBE_POLL_INTERVAL: '200ms',
      AUTH_FAILURE_LIMIT: '100000',
      WORKER_POLL_INTERVAL: '500ms',
      TRANSCRIBER_ALLOWED_HOSTS: '127.0.0.1',
      TRANSCRIBER_CHUNK: '8s',
      TRANSCRIBER_RETRIES: '2',
      TRANSCRIBER_BACKOFF: '100ms',
      TRANSCRIBER_TIMEOUT: '20s',
      LOG_LEVEL: process.env.E2E_LOG ?? 'silent',
    });
    transcribe.state.s3 = createS3Client(t.runtime.services.s3);
    for (const name of ['acme', 'down-co', 'gone-co', 'plain-co', 'aws-co']) {
      await t.tenant(name);
      keys[name] = {
        ingest: (await t.apiKey(name, 'ingest')).key,
        admin: (await t.apiKey(name, 'admin')).key,
        qa: await t.token(name, 'qa'),
      };
    }
    const configure = (tenant: string, body: unknown) =>
      t
        .http()
        .put('/v1/tenants/current/transcription')
        .set('Authorization', `Bearer ${keys[tenant].admin}`)
        .send(body as object)
        .expect(200);
    await configure('acme', {
      engine: 'openai-compatible',
      url: engine.url,
      model: 'whisper-large-v3',
      apiKey: API_KEY,
    });
    await configure('down-co', { engine: 'openai-compatible', url: broken.url, model: 'whisper-1', apiKey: API_KEY });
    // A port nothing listens on: the engine is gone altogether.
    const gone = await startOpenAiEngine(heard);
    await gone.close();
    await configure('gone-co', { engine: 'openai-compatible', url: gone.url, model: 'whisper-1' });
    await configure('aws-co', { engine: 'aws-transcribe', languageCode: 'en-US' });
  });
  afterAll(async () => {
    await t.close();
    await engine.close();
    await broken.close();
    transcribe.state.s3?.destroy();
    await transcribe.close();
  });

  function cardCall(r: Rand) {
    const call = new SpokenCall(8000, r);
    const greeting = call.say(0, VOICES.en, [pick(r, ['hello thank you for calling', 'good morning how can I help'])]);
    call.say(1, VOICES.en, [pick(r, ['I would like to pay my bill', 'I want to renew my plan'])]);
    call.say(0, VOICES.en, [pick(r, PHRASES.en.askCard)]);
    const pan = randomPan(r, [16, 15]);
    const card = [
      ...call.say(1, VOICES.en, sayDigits(r, 'en', pan.slice(0, 8), pick(r, ['digits', 'pairs'] as const))),
    ];
    call.say(0, VOICES.en, [pick(r, PHRASES.en.nextPrompt)]);
    card.push(...call.say(1, VOICES.en, sayDigits(r, 'en', pan.slice(8), 'digits')));
    const thanks = call.say(0, VOICES.en, ['thank', 'you', 'that', 'is', 'all', 'done']);
    heard.register(call);
    return { call, pan, card, audibleWords: [...greeting, ...thanks] };
  }

  async function send(tenant: string, call: SpokenCall) {
    const metadata = spokenCallMetadata(`stt-${++seq}`, 'US-CA');
    const res = await upload(t, keys[tenant].ingest, metadata, call.wav());
    expect([res.status, res.body.code]).toEqual([202, undefined]);
    return res.body.id as string;
  }

  async function redactedPcm(tenant: string, id: string): Promise<Int16Array> {
    const audio = await servedAudio(t, keys[tenant].qa, id);
    const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', 'pipe:0', '-f', 's16le', '-ac', '2', 'pipe:1'], {
      input: audio.body,
      maxBuffer: 1 << 28,
    });
    return new Int16Array(raw.buffer, raw.byteOffset, raw.byteLength / 2);
  }

  const silent = (pcm: Int16Array, w: SpokenWord) => {
    for (let i = Math.floor(w.startMs * 8); i < Math.ceil(w.endMs * 8); i++)
      if (pcm[2 * i] !== 0 || pcm[2 * i + 1] !== 0) return false;
    return true;
  };
  const audible = (pcm: Int16Array, w: SpokenWord) => {
    let sum = 0;
    const from = Math.floor((w.startMs + (w.endMs - w.startMs) / 4) * 8);
    const to = Math.ceil((w.endMs - (w.endMs - w.startMs) / 4) * 8);
    for (let i = from; i < to; i++) sum += pcm[2 * i + w.channel] ** 2;
    return Math.sqrt(sum / Math.max(1, to - from)) > 300;
  };

  it('transcribes audio-only stereo uploads per channel in chunks cut on silence, and mutes the spoken card number', async () => {
    const calls = [0, 1, 2].map(() => cardCall(rand));
    const before = engine.requests.length;
    const ids = await Promise.all(calls.map((c) => send('acme', c.call)));
    const recs = await Promise.all(ids.map((id) => settle(t, keys.acme.ingest, id, undefined, 120_000)));
    for (const [k, rec] of recs.entries()) {
      expect([rec.status, rec.statusReason]).toEqual(['available', null]);
      const pcm = await redactedPcm('acme', ids[k]);
      expect(calls[k].card.filter((w) => !silent(pcm, w)).map((w) => w.text)).toEqual([]);
      expect(calls[k].audibleWords.filter((w) => !audible(pcm, w)).map((w) => w.text)).toEqual([]);
      const { body } = await t
        .http()
        .get(`/v1/recordings/${ids[k]}/redactions`)
        .set('Authorization', `Bearer ${keys.acme.qa}`)
        .expect(200);
      expect(body.report.transcript).toMatchObject({ format: 'openai-verbose-json', engine: 'openai-compatible' });
      expect(body.report.detectors).toContainEqual(expect.objectContaining({ name: 'transcript', ran: true }));
      expect(body.report.verification.passed).toBe(true);
      const pan = body.report.spans.find((s: { kind: string }) => s.kind === 'pan');
      expect(pan?.masked).toBe(`•••• ${calls[k].pan.slice(-4)}`);
      expect(JSON.stringify(body)).not.toContain(calls[k].pan);
    }
    const sent = engine.requests.slice(before);
    for (const r of sent) {
      expect(r.fields).toMatchObject({
        model: ['whisper-large-v3'],
        response_format: ['verbose_json'],
        'timestamp_granularities[]': ['word'],
      });
      expect(r.authorization).toBe(`Bearer ${API_KEY}`);
      expect(r.contentType).toMatch(/^multipart\/form-data; boundary=/);
      expect(r.sampleRate).toBe(8000);
    }
    // Each channel on its own, each call longer than one 8 s chunk: later chunks start part-way in.
    const places = sent.map((r) => r.where).filter((w): w is string => w !== undefined);
    expect(places.some((p) => p.startsWith('0@'))).toBe(true);
    expect(places.some((p) => p.startsWith('1@'))).toBe(true);
    expect(places.some((p) => Number(p.split('@')[1]) > 4000)).toBe(true);
    expect(sent.length).toBeGreaterThanOrEqual(calls.length * 2 * 2);
  });

  it('retries an engine that answers 503 with backoff, then goes on', async () => {
    const c = cardCall(rand);
    const before = engine.requests.length;
    engine.state.failNext = 2;
    const rec = await settle(t, keys.acme.ingest, await send('acme', c.call), undefined, 120_000);
    expect(rec.status).toBe('available');
    expect(engine.requests.length - before).toBeGreaterThan(2);
  });

  it.each([
    ['down-co', 'answered 503'],
    ['gone-co', 'unreachable'],
  ])('fails closed when the engine of %s is down: never available', async (tenant, why) => {
    const c = cardCall(rand);
    const id = await send(tenant, c.call);
    const rec = await settle(t, keys[tenant].ingest, id, undefined, 120_000);
    expect(rec.status).toBe('failed');
    expect(rec.statusReason).toMatch(/^TRANSCRIPTION_FAILED: /);
    expect(rec.statusReason).toContain(why);
    expect(rec.statusReason).not.toContain(API_KEY);
    await t.http().get(`/v1/recordings/${id}/audio`).set('Authorization', `Bearer ${keys[tenant].qa}`).expect(409);
  });

  it('keeps the engine key to itself and refuses engines outside the egress policy', async () => {
    const admin = keys['plain-co'].admin;
    const put = (body: unknown) =>
      t
        .http()
        .put('/v1/tenants/current/transcription')
        .set('Authorization', `Bearer ${admin}`)
        .send(body as object);
    const cur = await t
      .http()
      .get('/v1/tenants/current/transcription')
      .set('Authorization', `Bearer ${keys.acme.admin}`)
      .expect(200);
    expect(cur.body).toEqual({
      engine: 'openai-compatible',
      url: `${engine.url}/`,
      model: 'whisper-large-v3',
      hasKey: true,
      source: 'tenant',
    });
    expect(JSON.stringify(cur.body)).not.toContain(API_KEY);
    const plain = await t
      .http()
      .get('/v1/tenants/current/transcription')
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(plain.body).toEqual({ engine: 'none', source: 'operator' });
    for (const [body, message] of [
      [{ engine: 'openai-compatible', url: 'not a url', model: 'm' }, 'url: must be an absolute URL'],
      [
        { engine: 'openai-compatible', url: 'http://engine.example.com', model: 'm' },
        'url: engine engine.example.com must be reached over https',
      ],
      [
        { engine: 'openai-compatible', url: 'https://10.1.2.3', model: 'm' },
        'url: engine 10.1.2.3 resolves to a private or reserved address',
      ],
      [
        { engine: 'openai-compatible', url: 'https://169.254.169.254', model: 'm' },
        'url: engine 169.254.169.254 resolves to a private or reserved address',
      ],
      [
        { engine: 'openai-compatible', url: 'https://u:p@engine.example.com', model: 'm' },
        'url: engine URL must not carry credentials',
      ],
      [{ engine: 'whisper' }, 'engine:'],
      [{ engine: 'openai-compatible', url: 'https://engine.example.com' }, 'model:'],
    ] as const) {
      const res = await put(body).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.message).toContain(message);
    }
    await t
      .http()
      .put('/v1/tenants/current/transcription')
      .set('Authorization', `Bearer ${keys['plain-co'].qa}`)
      .send({ engine: 'none' })
      .expect(403);
  });

  it('leaves a tenant without an engine reporting the spoken check as not run', async () => {
    const c = cardCall(rand);
    const id = await send('plain-co', c.call);
    const rec = await settle(t, keys['plain-co'].ingest, id, undefined, 120_000);
    expect(rec.status).toBe('available');
    const { body } = await t
      .http()
      .get(`/v1/recordings/${id}/redactions`)
      .set('Authorization', `Bearer ${keys['plain-co'].qa}`)
      .expect(200);
    expect(body.report.detectors).toContainEqual(expect.objectContaining({ name: 'transcript', ran: false }));
  });

  async function gone(key: string): Promise<boolean> {
    try {
      await transcribe.state.s3?.send(new HeadObjectCommand({ Bucket: t.runtime.services.s3.bucket, Key: key }));
      return false;
    } catch (e) {
      return (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;
    }
  }

  it('transcribes with Amazon Transcribe (channel identification), mutes the card number and deletes the job, its input and its output', async () => {
    const calls = [0, 1].map(() => cardCall(rand));
    const before = transcribe.jobs.size;
    const ids = await Promise.all(calls.map((c) => send('aws-co', c.call)));
    const recs = await Promise.all(ids.map((id) => settle(t, keys['aws-co'].ingest, id, undefined, 120_000)));
    for (const [k, rec] of recs.entries()) {
      expect([rec.status, rec.statusReason]).toEqual(['available', null]);
      const pcm = await redactedPcm('aws-co', ids[k]);
      expect(calls[k].card.filter((w) => !silent(pcm, w)).map((w) => w.text)).toEqual([]);
      expect(calls[k].audibleWords.filter((w) => !audible(pcm, w)).map((w) => w.text)).toEqual([]);
      const { body } = await t
        .http()
        .get(`/v1/recordings/${ids[k]}/redactions`)
        .set('Authorization', `Bearer ${keys['aws-co'].qa}`)
        .expect(200);
      expect(body.report.transcript).toMatchObject({ format: 'aws-transcribe', engine: 'aws-transcribe' });
    }
    const jobs = [...transcribe.jobs.values()].slice(before);
    expect(jobs).toHaveLength(2);
    for (const job of jobs) {
      expect(job).toMatchObject({ status: 'COMPLETED', deleted: true });
      expect(job.request).toMatchObject({
        MediaFormat: 'wav',
        MediaSampleRateHertz: 8000,
        LanguageCode: 'en-US',
        OutputBucketName: t.runtime.services.s3.bucket,
        Settings: { ChannelIdentification: true },
      });
      const media = (job.request.Media as { MediaFileUri: string }).MediaFileUri;
      expect(await gone(media.replace(/^s3:\/\/[^/]+\//, ''))).toBe(true);
      expect(await gone(String(job.request.OutputKey))).toBe(true);
    }
    expect(
      transcribe.calls.every((c) => c.authorization?.startsWith('AWS4-HMAC-SHA256 Credential=AKIDTRANSCRIBETEST/')),
    ).toBe(true);
  });

  it('fails closed when a Transcribe job fails, and still cleans up after it', async () => {
    transcribe.state.failJobs = true;
    try {
      const c = cardCall(rand);
      const id = await send('aws-co', c.call);
      const rec = await settle(t, keys['aws-co'].ingest, id, undefined, 120_000);
      expect(rec.status).toBe('failed');
      expect(rec.statusReason).toMatch(/^TRANSCRIPTION_FAILED: Transcribe job failed: /);
      const job = [...transcribe.jobs.values()].at(-1);
      expect(job).toMatchObject({ status: 'FAILED', deleted: true });
      expect(await gone(String(job?.request.OutputKey))).toBe(true);
      const media = (job?.request.Media as { MediaFileUri: string }).MediaFileUri;
      expect(await gone(media.replace(/^s3:\/\/[^/]+\//, ''))).toBe(true);
    } finally {
      transcribe.state.failJobs = false;
    }
  });

  // Homophones ("to", "for") are left out: the customer says them in ordinary sentences too.
  const DIGIT: Record<string, string> = Object.fromEntries(
    ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'].map((w, i) => [w, String(i)]),
  );
  /** Every digit the words say, however written, with "|" where a word says none. */
  const digitsOf = (ws: { text: string }[]) =>
    ws.map((w) => (/^\d+$/.test(w.text.trim()) ? w.text.trim() : (DIGIT[w.text.trim().toLowerCase()] ?? '|'))).join('');

  it('keeps the redacted transcript for qa and legal (audited), without the card digits, and shreds it with the recording', async () => {
    const c = cardCall(rand);
    const id = await send('acme', c.call);
    expect((await settle(t, keys.acme.ingest, id, undefined, 120_000)).status).toBe('available');
    const legal = await t.token('acme', 'legal');
    const [asQa, asLegal] = await Promise.all(
      [keys.acme.qa, legal].map((k) =>
        t.http().get(`/v1/recordings/${id}/transcript`).set('Authorization', `Bearer ${k}`).expect(200),
      ),
    );
    expect(asLegal.body).toEqual(asQa.body);
    const words = asQa.body.words as {
      text: string;
      startMs: number;
      endMs: number;
      channel: number;
      redacted?: string;
    }[];
    // The card data is there only as its kind (how the detector split it into card number, CVV or expiry may vary).
    const redacted = words.filter((w) => w.redacted);
    expect(redacted.length).toBeGreaterThan(0);
    for (const w of redacted) expect(w.text).toMatch(/^\[(card number|cvv|expiry)\]$/);
    // The agent's closing words are there, on the agent's channel, near where they were said.
    const thank = words.find((w) => w.text === 'thank' && w.channel === 0);
    const said = c.audibleWords.find((w) => w.text === 'thank');
    expect(Math.abs((thank?.startMs ?? 0) - (said?.startMs ?? 0))).toBeLessThan(200);
    // No digit the customer said survives, however the engine wrote it.
    expect(digitsOf(words.filter((w) => w.channel === 1)).replace(/\|/g, '')).toBe('');
    // Timings are numbers too: only the words' text is searched for the card's last four.
    expect(words.map((w) => w.text).join(' ')).not.toContain(c.pan.slice(-4));
    // Ingest keys cannot read it; another tenant's qa sees no such recording.
    await t
      .http()
      .get(`/v1/recordings/${id}/transcript`)
      .set('Authorization', `Bearer ${keys.acme.ingest}`)
      .expect(403);
    const other = await t
      .http()
      .get(`/v1/recordings/${id}/transcript`)
      .set('Authorization', `Bearer ${keys['plain-co'].qa}`)
      .expect(404);
    expect(other.body.code).toBe('RECORDING_NOT_FOUND');
    // Audited like audio.
    const auditor = await t.token('acme', 'auditor');
    const events = await t
      .http()
      .get('/v1/audit/events')
      .query({ resource: id })
      .set('Authorization', `Bearer ${auditor}`)
      .expect(200);
    const reads = (events.body.items ?? events.body) as {
      action: string;
      actor: { role: string };
      details: { route: string };
    }[];
    expect(
      reads
        .filter((e) => e.action === 'recording.stream' && e.details.route.endsWith('/transcript'))
        .map((e) => e.actor.role)
        .sort(),
    ).toEqual(['legal', 'qa']);
    // Shredded with the recording: the key, the object and the row that indexes its words.
    const [row] = await t.runtime.dataSource.query<{ object_key: string }[]>(
      `SELECT object_key FROM recording_transcripts WHERE recording_id = $1`,
      [id],
    );
    expect(row.object_key).toMatch(/redacted-transcript-/);
    expect(await gone(row.object_key)).toBe(false);
    await t.http().delete(`/v1/recordings/${id}`).set('Authorization', `Bearer ${legal}`).expect(200);
    expect(await gone(row.object_key)).toBe(true);
    expect(
      await t.runtime.dataSource.query(`SELECT 1 FROM recording_transcripts WHERE recording_id = $1`, [id]),
    ).toEqual([]);
    expect(await t.runtime.dataSource.query(`SELECT 1 FROM data_keys WHERE object_key = $1`, [row.object_key])).toEqual(
      [],
    );
    await t.http().get(`/v1/recordings/${id}/transcript`).set('Authorization', `Bearer ${keys.acme.qa}`).expect(409);
  });

  it('finds recordings by the words of their redacted transcripts, within the tenant, never by card digits', async () => {
    const calls = [0, 1].map(() => cardCall(rand));
    const ids = await Promise.all(calls.map((c) => send('acme', c.call)));
    for (const id of ids) expect((await settle(t, keys.acme.ingest, id, undefined, 120_000)).status).toBe('available');
    const legal = await t.token('acme', 'legal');
    const search = async (token: string, q: string) => {
      const res = await t.http().get('/v1/recordings').query({ q, limit: 200 }).set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(200);
      return (res.body.items as { id: string }[]).map((i) => i.id).filter((id) => ids.includes(id));
    };
    // Concurrent searches by qa and legal: both calls end "thank you that is all done".
    const found = await Promise.all([keys.acme.qa, legal].map((k) => search(k, '"that is all done"')));
    expect(found.map((f) => f.sort())).toEqual([[...ids].sort(), [...ids].sort()]);
    // A phrase only one call has finds that call only.
    for (const [k, c] of calls.entries()) {
      const sentence = c.call.words.filter((w) => w.channel === 1 && w.startMs < c.card[0].startMs).map((w) => w.text);
      const only = calls.every((o, j) => j === k || !o.call.words.some((w) => w.text === sentence.at(-1)));
      if (only) expect(await search(keys.acme.qa, `"${sentence.join(' ')}"`)).toEqual([ids[k]]);
    }
    // Card digits are not in the index, in any form.
    for (const c of calls) {
      for (const q of [c.pan, c.pan.slice(0, 4), c.pan.slice(-4), c.pan.slice(4, 8)])
        expect(await search(keys.acme.qa, q)).toEqual([]);
    }
    // Another tenant finds nothing of acme's; an admin may list but not search what was said.
    expect(await search(keys['plain-co'].qa, 'thank')).toEqual([]);
    const admin = await t
      .http()
      .get('/v1/recordings')
      .query({ q: 'thank' })
      .set('Authorization', `Bearer ${keys.acme.admin}`);
    expect([admin.status, admin.body.code]).toEqual([403, 'FORBIDDEN']);
    const bad = await t.http().get('/v1/recordings').query({ q: '' }).set('Authorization', `Bearer ${keys.acme.qa}`);
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(bad.body.message).toMatch(/^query\.q: /);
    // Deleted, a recording is no longer found.
    await t.http().delete(`/v1/recordings/${ids[0]}`).set('Authorization', `Bearer ${legal}`).expect(200);
    expect(await search(keys.acme.qa, '"that is all done"')).toEqual([ids[1]]);
  });
});
