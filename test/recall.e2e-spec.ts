import { execFileSync } from 'node:child_process';
import { startTestApp, type TestApp } from './support/app';
import { servedAudio, settle, upload } from './support/upload';
import { dropOne, pick, prng, randomDigits, randomExpiry, randomPan, type Rand } from './fixtures/cards';
import { LOCALES, PHRASES, sayDigits, sayMisheard, VOICES, type Lang } from './fixtures/spoken';
import { SpokenCall, type SpokenWord, spokenCallMetadata } from './fixtures/spoken-call';

/**
 * Spoken card data end to end over HTTP: calls spoken by espeak-ng word by
 * word (so the transcript's times are exact), uploaded as stereo WAV with the
 * agent on channel 0 and the customer on channel 1, redacted, and the audio
 * fetched back: card data must be digital silence, everything else audible.
 */
const JURISDICTION: Record<Lang, string> = { en: 'US-CA', es: 'ES', fr: 'FR', de: 'DE', it: 'IT', pt: 'BR', nl: 'NL' };

interface Outcome {
  id: string;
  rec: { status: string; statusReason: string | null };
  report: {
    spans: Array<{ kind: string; startMs: number; endMs: number; masked: string; notes?: string[] }>;
    transcript?: {
      format: string;
      granularity: string;
      language: { codes: string[]; source: string; supported: boolean };
    };
    output?: { format: string; codec: string; fallback?: string };
  };
  /** Interleaved stereo samples of the redacted audio. */
  pcm: Int16Array;
}

describe('spoken card data, end to end', () => {
  let t: TestApp;
  let ingest: string;
  let qa: string;
  let seq = 0;

  beforeAll(async () => {
    t = await startTestApp({
      AUTH_FAILURE_LIMIT: '100000',
      WORKER_POLL_INTERVAL: '500ms',
      LOG_LEVEL: process.env.E2E_LOG ?? 'silent',
    });
    await t.tenant('acme');
    ingest = (await t.apiKey('acme', 'ingest')).key;
    qa = await t.token('acme', 'qa');
  });
  afterAll(() => t.close());

  async function run(call: SpokenCall, lang: Lang, transcript: Record<string, unknown>): Promise<Outcome> {
    const metadata = spokenCallMetadata(`recall-${++seq}`, JURISDICTION[lang], { transcript });
    const res = await upload(t, ingest, metadata, call.wav());
    expect([res.status, res.body.code]).toEqual([202, undefined]);
    const rec = await settle(t, ingest, res.body.id, undefined, 90_000);
    const { body } = await t
      .http()
      .get(`/v1/recordings/${res.body.id}/redactions`)
      .set('Authorization', `Bearer ${qa}`)
      .expect(200);
    const audio = await servedAudio(t, qa, res.body.id);
    const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', 'pipe:0', '-f', 's16le', '-ac', '2', 'pipe:1'], {
      input: audio.body,
      maxBuffer: 1 << 28,
    });
    return {
      id: res.body.id,
      rec,
      report: body.report,
      pcm: new Int16Array(raw.buffer, raw.byteOffset, raw.byteLength / 2),
    };
  }

  /** Every sample of the word, on both channels, is digital zero. */
  function silent(o: Outcome, w: SpokenWord): boolean {
    for (let i = Math.floor((w.startMs * 8000) / 1000); i < Math.ceil((w.endMs * 8000) / 1000); i++) {
      if (o.pcm[2 * i] !== 0 || o.pcm[2 * i + 1] !== 0) return false;
    }
    return true;
  }

  /** The middle of the word still carries its voice. */
  function audible(o: Outcome, w: SpokenWord): boolean {
    let sum = 0;
    const from = Math.floor(((w.startMs + (w.endMs - w.startMs) / 4) * 8000) / 1000);
    const to = Math.ceil(((w.endMs - (w.endMs - w.startMs) / 4) * 8000) / 1000);
    for (let i = from; i < to; i++) sum += o.pcm[2 * i + w.channel] ** 2;
    return Math.sqrt(sum / Math.max(1, to - from)) > 300;
  }

  const texts = (ws: SpokenWord[]) => ws.map((w) => w.text).join(' ');

  function pieces(
    rand: Rand,
    call: SpokenCall,
    lang: Lang,
    pan: string,
    sizes: number[],
    say: (d: string) => string[] = (d) => sayDigits(rand, lang, d, pick(rand, ['digits', 'pairs', 'groups'] as const)),
  ) {
    const voice = VOICES[lang];
    const card: SpokenWord[] = [];
    const prompts: SpokenWord[] = [];
    let at = 0;
    sizes.forEach((size, i) => {
      if (i > 0)
        prompts.push(...call.say(0, voice, [pick(rand, i % 2 ? PHRASES[lang].backchannel : PHRASES[lang].nextPrompt)]));
      card.push(...call.say(1, voice, say(pan.slice(at, at + size))));
      at += size;
    });
    return { card, prompts };
  }

  it('mutes a card number given in pieces around the agent’s backchannels and prompts, on two channels and on one', async () => {
    const rand = prng(201);
    const calls = [0, 1, 2, 3].map((k) => {
      const call = new SpokenCall(8000, rand);
      call.say(0, VOICES.en, [pick(rand, PHRASES.en.askCard)]);
      const pan = randomPan(rand, [16, 15]);
      const sizes = k % 2 ? [4, 4, pan.length - 8] : [8, pan.length - 8];
      const parts = pieces(rand, call, 'en', pan, sizes);
      call.say(0, VOICES.en, ['thank', 'you']);
      // k ≥ 2: one shared channel, as a recogniser of mixed audio writes it.
      const transcript =
        k >= 2
          ? { format: 'words', words: call.transcript().words.map((w) => ({ ...w, channel: null })) }
          : call.transcript();
      return { call, parts, transcript };
    });
    const outcomes = await Promise.all(calls.map((c) => run(c.call, 'en', c.transcript)));
    outcomes.forEach((o, k) => {
      const { parts } = calls[k];
      expect(o.rec.status).toBe('available');
      expect(parts.card.filter((w) => !silent(o, w)).map((w) => w.text)).toEqual([]);
      // On one shared channel an "okay" between the pieces is a filler inside the number, and is muted with it.
      if (k < 2) expect(parts.prompts.filter((w) => !audible(o, w)).map((w) => w.text)).toEqual([]);
      expect(
        o.report.spans
          .filter((s) => s.kind === 'pan')
          .every((s) => !s.notes?.includes('luhn-failed') && s.masked !== '••••'),
      ).toBe(true);
    });
  });

  it('mutes misheard digits, a dropped digit and a CVV heard as homophones, and says Luhn failed', async () => {
    const rand = prng(202);
    const call = new SpokenCall(8000, rand);
    call.say(0, VOICES.en, [pick(rand, PHRASES.en.askCard)]);
    const digits = dropOne(rand, randomPan(rand, [16]));
    // The audio says the digits; the recogniser wrote homophones and missed one.
    const said = call.say(1, VOICES.en, sayDigits(rand, 'en', digits, 'digits'));
    const misheard = sayMisheard(rand, digits);
    call.say(0, VOICES.en, [pick(rand, PHRASES.en.askCvv)]);
    const cvvDigits = randomDigits(rand, 3);
    const cvv = call.say(1, VOICES.en, sayDigits(rand, 'en', cvvDigits, 'digits'));
    const cvvHeard = sayMisheard(rand, cvvDigits);
    const words = call.transcript().words.map((w) => {
      const i = said.indexOf(w);
      const j = cvv.indexOf(w);
      return i >= 0 ? { ...w, text: misheard[i] } : j >= 0 ? { ...w, text: cvvHeard[j] } : w;
    });
    const o = await run(call, 'en', { format: 'words', words });
    expect(o.rec.status).toBe('available');
    expect([...said, ...cvv].filter((w) => !silent(o, w)).map((w) => w.text)).toEqual([]);
    const pan = o.report.spans.find((s) => s.kind === 'pan');
    expect(pan?.masked).toBe('••••');
    expect(pan?.notes).toEqual(expect.arrayContaining(['luhn-failed']));
    expect(o.report.spans.map((s) => s.kind)).toContain('cvv');
  });

  it.each(['es', 'fr', 'de', 'it', 'pt', 'nl'] as Lang[])(
    'finds a %s speaker’s card number, expiry and CVV, in their language',
    async (lang) => {
      const rand = prng(300 + lang.charCodeAt(0) * 3 + lang.charCodeAt(1));
      const voice = VOICES[lang];
      const p = PHRASES[lang];
      const runs = [0, 1].map((k) => {
        const call = new SpokenCall(8000, rand);
        const [before, after] = p.harmless[k].split('#');
        const harmless = call.say(
          1,
          voice,
          [before.trim(), ...sayDigits(rand, lang, randomDigits(rand, 7 + k), 'digits'), after.trim()].filter(Boolean),
        );
        call.say(0, voice, [pick(rand, p.askCard)]);
        const pan = randomPan(rand, [16]);
        const parts =
          k === 0
            ? {
                card: call.say(1, voice, sayDigits(rand, lang, pan, pick(rand, ['pairs', 'mixed', 'digits'] as const))),
                prompts: [],
              }
            : pieces(rand, call, lang, pan, [8, 8]);
        call.say(0, voice, [pick(rand, p.askExpiry)]);
        const expiry = call.say(1, voice, sayDigits(rand, lang, randomExpiry(rand).digits, 'pairs'));
        call.say(0, voice, [pick(rand, p.askCvv)]);
        const cvv = call.say(1, voice, sayDigits(rand, lang, randomDigits(rand, 3), 'digits'));
        // One call says its language in the transcript, the other leaves it to the jurisdiction.
        return {
          call,
          harmless,
          card: parts.card,
          prompts: parts.prompts,
          expiry,
          cvv,
          transcript: call.transcript(k === 1 ? LOCALES[lang] : undefined),
        };
      });
      const outcomes = await Promise.all(runs.map((r) => run(r.call, lang, r.transcript)));
      outcomes.forEach((o, k) => {
        const r = runs[k];
        expect(o.rec.status).toBe('available');
        expect(o.report.transcript?.language).toEqual({
          codes: [lang],
          source: k === 1 ? 'transcript' : 'jurisdiction',
          supported: true,
          ...(k === 1 ? { requested: LOCALES[lang] } : {}),
        });
        expect([...r.card, ...r.expiry, ...r.cvv].filter((w) => !silent(o, w)).map((w) => w.text)).toEqual([]);
        expect(r.harmless.filter((w) => !audible(o, w)).map((w) => `${w.text} in "${texts(r.harmless)}"`)).toEqual([]);
        expect(r.prompts.filter((w) => !audible(o, w)).map((w) => w.text)).toEqual([]);
      });
    },
  );

  it('keeps phone and order numbers, amounts, dates and times audible outside a card context', async () => {
    const rand = prng(401);
    const runs = (['en', 'de'] as Lang[]).map((lang) => {
      const voice = VOICES[lang];
      const call = new SpokenCall(8000, rand);
      const kept: SpokenWord[] = [];
      for (const template of PHRASES[lang].harmless) {
        const [before, after] = template.split('#');
        const digits =
          template.includes('paid') || template.includes('bezahlt')
            ? String(20 + Math.floor(rand() * 900))
            : randomDigits(rand, 9 + Math.floor(rand() * 3));
        const cut = 3 + Math.floor(rand() * 3);
        kept.push(...call.say(1, voice, [before.trim(), ...sayDigits(rand, lang, digits.slice(0, cut), 'digits')]));
        call.say(0, voice, [pick(rand, PHRASES[lang].backchannel)]);
        kept.push(
          ...call.say(1, voice, [...sayDigits(rand, lang, digits.slice(cut), 'digits'), after.trim()].filter(Boolean)),
        );
      }
      const dates =
        lang === 'en'
          ? 'the delivery is on June twelfth twenty twenty seven at four thirty pm'
          : 'die Lieferung kommt am zwölften Juni zweitausendsiebenundzwanzig um sechzehn Uhr dreißig';
      kept.push(...call.say(0, voice, [dates]));
      return { lang, call, kept };
    });
    const outcomes = await Promise.all(runs.map((r) => run(r.call, r.lang, r.call.transcript())));
    outcomes.forEach((o, k) => {
      expect(o.rec.status).toBe('available');
      expect(o.report.spans).toEqual([]);
      expect(runs[k].kept.filter((w) => !audible(o, w)).map((w) => w.text)).toEqual([]);
    });
  });

  it('reads a vendor transcript (Deepgram, multichannel) and a WebVTT file end to end; the cue is muted whole and says so', async () => {
    const rand = prng(501);
    const call = new SpokenCall(8000, rand);
    call.say(0, VOICES.en, [pick(rand, PHRASES.en.askCard)]);
    const card = call.say(1, VOICES.en, sayDigits(rand, 'en', randomPan(rand, [16]), 'digits'));
    const after = call.say(0, VOICES.en, ['thank', 'you', 'that', 'is', 'all', 'done']);
    const ch = (c: number) => call.words.filter((w) => w.channel === c);
    const deepgram = {
      format: 'deepgram',
      document: {
        metadata: { request_id: 'r-1', channels: 2 },
        results: {
          channels: [0, 1].map((c) => ({
            alternatives: [
              {
                transcript: texts(ch(c)),
                words: ch(c).map((w) => ({
                  word: w.text,
                  start: w.startMs / 1000,
                  end: w.endMs / 1000,
                  confidence: 0.95,
                })),
              },
            ],
          })),
        },
      },
    };
    const stamp = (ms: number) =>
      `00:${String(Math.floor(ms / 60000)).padStart(2, '0')}:${String(Math.floor((ms % 60000) / 1000)).padStart(2, '0')}.${String(ms % 1000).padStart(3, '0')}`;
    const cue = (ws: SpokenWord[]) => `${stamp(ws[0].startMs)} --> ${stamp(ws[ws.length - 1].endMs)}\n${texts(ws)}`;
    const vtt = {
      format: 'webvtt',
      text: `WEBVTT\n\n${cue(call.words.slice(0, call.words.indexOf(card[0])))}\n\n${cue(card)}\n\n${cue(after)}\n`,
    };
    const [viaDeepgram, viaVtt] = await Promise.all([run(call, 'en', deepgram), run(call, 'en', vtt)]);
    for (const o of [viaDeepgram, viaVtt]) {
      expect(o.rec.status).toBe('available');
      expect(card.filter((w) => !silent(o, w)).map((w) => w.text)).toEqual([]);
      expect(after.filter((w) => !audible(o, w)).map((w) => w.text)).toEqual([]);
    }
    expect(viaDeepgram.report.transcript).toMatchObject({ format: 'deepgram', granularity: 'word' });
    expect(viaVtt.report.transcript).toMatchObject({ format: 'webvtt', granularity: 'segment' });
    expect(viaVtt.report.spans[0]).toMatchObject({
      kind: 'pan',
      startMs: card[0].startMs,
      endMs: card[card.length - 1].endMs,
      notes: expect.arrayContaining(['segment-level']),
    });
  });

  it('mutes card data the transcript redaction finds only once the card data around it is taken out', async () => {
    // The security review's minimal call: the customer's "cvv eight to", the agent's "zero", then "seven one … four … zero".
    // Read first, only "eight to" is a CVV; with it taken out, "seven one" and "four … zero" answer the cue too.
    const call = new SpokenCall(8000, prng(701));
    const script = 'cvv@5225/0 eight@5678/0 to@6110/0 zero@6435/1 seven@6847/0 one@7351/0 four@10760/0 zero@12683/0';
    const words = script.split(' ').map((item) => {
      const [text, at, channel] = item.split(/[@/]/);
      return call.sayAt(Number(channel), VOICES.en, text, Number(at), 300);
    });
    const after = ['thank', 'you'].map((text, i) => call.sayAt(1, VOICES.en, text, 14_500 + i * 400, 300));
    const o = await run(call, 'en', call.transcript());
    expect(o.rec.status).toBe('available');
    const later = o.report.spans.find((s) => s.startMs === 10760);
    expect(later).toMatchObject({ kind: 'cvv', endMs: 12983 });
    expect(later?.notes).toContain('found-after-redaction');
    // The run only the second reading finds is digital silence, like every word the stored transcript redacts…
    expect(silent(o, { text: 'four … zero', startMs: 10760, endMs: 12983, channel: 0 })).toBe(true);
    const { body: stored } = await t
      .http()
      .get(`/v1/recordings/${o.id}/transcript`)
      .set('Authorization', `Bearer ${qa}`)
      .expect(200);
    expect((stored.words as { text: string }[]).map((w) => w.text).join(' ')).toBe('cvv [cvv] zero thank you');
    const redacted = words.filter((w) => w.channel === 0 && w.text !== 'cvv');
    expect(redacted.filter((w) => !silent(o, w)).map((w) => `${w.text}@${w.startMs}`)).toEqual([]);
    // …and what follows is still heard.
    expect(after.filter((w) => !audible(o, w)).map((w) => w.text)).toEqual([]);
  });

  it('refuses a malformed vendor transcript at upload, naming the field and not the words', async () => {
    const call = new SpokenCall(8000, prng(601));
    const card = call.say(1, VOICES.en, ['4111', '1111']);
    const res = await upload(
      t,
      ingest,
      {
        externalCallId: 'bad-vendor',
        startedAt: '2026-11-20T15:00:00Z',
        participants: [{ id: 'c', role: 'customer' }],
        transcript: {
          format: 'assemblyai',
          document: { words: card.map((w) => ({ text: w.text, start: 'soon', end: w.endMs })) },
        },
      },
      call.wav(),
    );
    expect([res.status, res.body.code]).toEqual([400, 'INVALID_METADATA']);
    expect(res.body.message).toContain('metadata.transcript.document.words[0].start');
    expect(JSON.stringify(res.body)).not.toContain('4111');
  });
});
