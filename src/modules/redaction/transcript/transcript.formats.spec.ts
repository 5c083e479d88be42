import { chooseLanguages } from './languages/language-choice';
import { detectSpokenCardData, type SpokenCardSpan } from './spoken-card.detector';
import { parseTranscript, TranscriptFormatError, type ParsedTranscript } from './transcript.parser';
import { pick, prng, randomDigits, randomPan, type Rand } from '../../../../test/fixtures/cards';
import { LOCALES, PHRASES, sayDigits, type Lang } from '../../../../test/fixtures/spoken';
import * as vendor from '../../../../test/fixtures/vendor-transcripts';
import type { ScriptWord } from '../../../../test/fixtures/vendor-transcripts';

interface Call {
  words: ScriptWord[];
  card: ScriptWord[];
  cvv: ScriptWord[];
  phone: ScriptWord[];
  lang: Lang;
}

/** A phone number given, the card number asked for and given in two pieces around a backchannel, then the CVV. */
function call(rand: Rand, lang: Lang): Call {
  const words: ScriptWord[] = [];
  let t = 500;
  const say = (channel: number, texts: string[]) => {
    t += 400 + Math.floor(rand() * 500);
    const said = texts
      .flatMap((x) => x.split(' '))
      .map((text) => {
        const w = { text, startMs: t, endMs: t + 260 + Math.floor(rand() * 120), channel };
        t = w.endMs + 70 + Math.floor(rand() * 60);
        return w;
      });
    words.push(...said);
    return said;
  };
  const p = PHRASES[lang];
  const [before] = p.harmless[0].split('#');
  const phoneDigits = `0${randomDigits(rand, 9)}`;
  say(1, [before.trim()]);
  const phone = say(1, sayDigits(rand, lang, phoneDigits, 'digits'));
  say(0, [pick(rand, p.askCard)]);
  const pan = randomPan(rand, [16]);
  const card = say(1, sayDigits(rand, lang, pan.slice(0, 8), 'digits'));
  say(0, [pick(rand, p.backchannel)]);
  card.push(...say(1, sayDigits(rand, lang, pan.slice(8), 'digits')));
  say(0, [pick(rand, p.askCvv)]);
  const cvv = say(1, sayDigits(rand, lang, randomDigits(rand, 3), 'digits'));
  return { words, card, cvv, phone, lang };
}

/** Within `slackMs`: Twilio writes sentence times to the hundredth of a second. */
function inside(w: ScriptWord, spans: SpokenCardSpan[], slackMs = 5): boolean {
  return spans.some((s) => s.startMs <= w.startMs + slackMs && s.endMs >= w.endMs - slackMs);
}

function touches(w: ScriptWord, spans: SpokenCardSpan[]): boolean {
  return spans.some((s) => s.startMs < w.endMs && s.endMs > w.startMs);
}

function detect(parsed: ParsedTranscript): SpokenCardSpan[] {
  const language = chooseLanguages(parsed.language, []);
  return detectSpokenCardData(parsed.words, {}, language.codes);
}

type Case = [
  string,
  Lang,
  (c: Call) => unknown,
  { language: string; channels: boolean; granularity: 'word' | 'segment' },
];

const cases: Case[] = [
  [
    'aws-transcribe',
    'en',
    (c) => ({ format: 'aws-transcribe', document: vendor.awsTranscribe(c.words, 'en-US', 'channels') }),
    { language: 'en-US', channels: true, granularity: 'word' },
  ],
  [
    'aws-transcribe',
    'es',
    (c) => ({ format: 'aws-transcribe', document: vendor.awsTranscribe(c.words, 'es-US', 'speakers') }),
    { language: 'es-US', channels: false, granularity: 'word' },
  ],
  [
    'aws-contact-lens',
    'fr',
    (c) => ({ format: 'aws-contact-lens', document: vendor.contactLens(c.words, 'fr-FR') }),
    { language: 'fr-FR', channels: false, granularity: 'segment' },
  ],
  [
    'google-stt-v2',
    'de',
    (c) => ({ format: 'google-stt-v2', document: vendor.googleSttV2(c.words, 'de-DE') }),
    { language: 'de-de', channels: true, granularity: 'word' },
  ],
  [
    'azure-speech',
    'it',
    (c) => ({ format: 'azure-speech', document: vendor.azureBatch(c.words, 'it-IT') }),
    { language: 'it-IT', channels: true, granularity: 'word' },
  ],
  [
    'azure-speech',
    'nl',
    (c) => ({ format: 'azure-speech', document: vendor.azureFast(c.words, 'nl-NL') }),
    { language: 'nl-NL', channels: false, granularity: 'word' },
  ],
  [
    'deepgram',
    'pt',
    (c) => ({ format: 'deepgram', document: vendor.deepgram(c.words, 'pt') }),
    { language: 'pt', channels: true, granularity: 'word' },
  ],
  [
    'assemblyai',
    'es',
    (c) => ({ format: 'assemblyai', document: vendor.assemblyAi(c.words, 'es') }),
    { language: 'es', channels: true, granularity: 'word' },
  ],
  [
    'openai-verbose-json',
    'de',
    (c) => ({ format: 'openai-verbose-json', document: vendor.whisperVerbose(c.words, 'german', true) }),
    { language: 'german', channels: false, granularity: 'word' },
  ],
  [
    'openai-verbose-json',
    'en',
    (c) => ({ format: 'openai-verbose-json', document: vendor.whisperVerbose(c.words, 'english', false) }),
    { language: 'english', channels: false, granularity: 'segment' },
  ],
  [
    'twilio-sentences',
    'fr',
    (c) => ({ format: 'twilio-sentences', document: vendor.twilioSentences(c.words, true), language: LOCALES.fr }),
    { language: 'fr-FR', channels: false, granularity: 'word' },
  ],
  [
    'twilio-sentences',
    'it',
    (c) => ({ format: 'twilio-sentences', document: vendor.twilioSentences(c.words, false), language: LOCALES.it }),
    { language: 'it-IT', channels: false, granularity: 'segment' },
  ],
  [
    'webvtt',
    'nl',
    (c) => ({ format: 'webvtt', text: vendor.webvtt(c.words), language: 'nl' }),
    { language: 'nl', channels: false, granularity: 'segment' },
  ],
  [
    'srt',
    'pt',
    (c) => ({ format: 'srt', text: vendor.srt(c.words), language: 'pt-PT' }),
    { language: 'pt-PT', channels: false, granularity: 'segment' },
  ],
];

describe.each(cases)('%s (%s)', (format, lang, build, expected) => {
  const rand = prng(format.length * 131 + lang.charCodeAt(0) + (expected.granularity === 'segment' ? 7 : 0));
  const c = call(rand, lang);
  const parsed = parseTranscript(build(c));

  it('reads every word into one timeline, with its language and granularity', () => {
    expect(parsed).toMatchObject({ format, language: expected.language, granularity: expected.granularity });
    expect(parsed.words.map((w) => w.text.replace(/[.,]$/, ''))).toEqual(c.words.map((w) => w.text));
    expect(chooseLanguages(parsed.language, []).codes).toEqual([lang]);
    if (expected.channels) expect(parsed.words.map((w) => w.channel)).toEqual(c.words.map((w) => w.channel));
    else expect(parsed.words.every((w) => w.channel === null)).toBe(true);
  });

  it('mutes the card number given in pieces and the CVV, and leaves the phone number audible', () => {
    const spans = detect(parsed);
    expect(c.card.every((w) => inside(w, spans))).toBe(true);
    expect(c.cvv.every((w) => inside(w, spans))).toBe(true);
    expect(c.phone.some((w) => touches(w, spans))).toBe(false);
    if (expected.granularity === 'segment') expect(spans.every((s) => s.notes?.includes('segment-level'))).toBe(true);
    else expect(spans.some((s) => s.notes?.includes('segment-level'))).toBe(false);
  });
});

describe('segment-level transcripts', () => {
  it('mute the whole cue that holds card data, from its start to its end', () => {
    const rand = prng(5);
    const c = call(rand, 'en');
    const parsed = parseTranscript({ format: 'webvtt', text: vendor.webvtt(c.words) });
    const spans = detect(parsed);
    const cueOfCard = parsed.words.filter((w) => w.startMs <= c.card[0].startMs && w.endMs >= c.card[0].endMs)[0];
    expect(spans.some((s) => s.startMs === cueOfCard.startMs && s.endMs >= cueOfCard.endMs)).toBe(true);
  });

  it('read cue settings, voice tags, entities and hour-less timings', () => {
    const parsed = parseTranscript({
      format: 'webvtt',
      text: 'WEBVTT - call\n\nNOTE made by hand\n\nintro\n00:01.000 --> 00:03.500 align:start position:10%\n<v.loud Caller Name>my &amp; card</v>\n\n00:03.600 --> 00:04.000\n<c.yellow>ok</c>\n',
    });
    expect(parsed.words).toEqual([
      { text: 'my', startMs: 1000, endMs: 3500, channel: null, segment: true, speaker: 'Caller Name' },
      { text: '&', startMs: 1000, endMs: 3500, channel: null, segment: true, speaker: 'Caller Name' },
      { text: 'card', startMs: 1000, endMs: 3500, channel: null, segment: true, speaker: 'Caller Name' },
      { text: 'ok', startMs: 3600, endMs: 4000, channel: null, segment: true },
    ]);
  });
});

describe('bad documents', () => {
  const rand = prng(9);
  const c = call(rand, 'en');
  const digits = c.card.map((w) => w.text).join(' ');

  it.each([
    [{ format: 'deepgram', document: { results: {} } }, 'transcript.document.results.channels'],
    [
      {
        format: 'google-stt-v2',
        document: { results: [{ alternatives: [{ words: [{ word: 'x', startOffset: 'soon' }] }] }] },
      },
      'transcript.document.results[0].alternatives[0].words[0].startOffset',
    ],
    [
      { format: 'assemblyai', document: { words: [{ text: 'a', start: 5, end: 1 }] } },
      'transcript.document.words[0].end',
    ],
    [{ format: 'azure-speech', document: { nothing: [] } }, 'transcript.document'],
    [
      {
        format: 'aws-contact-lens',
        document: { Transcript: [{ ParticipantId: 'AGENT', BeginOffsetMillis: 9, EndOffsetMillis: 1, Content: 'x' }] },
      },
      'transcript.document.Transcript[0].EndOffsetMillis',
    ],
    [{ format: 'webvtt', text: '00:01.000 --> 00:02.000\nhello' }, 'transcript.text'],
    [{ format: 'srt', text: 'just some words' }, 'transcript.text'],
    [{ format: 'srt', text: '1\n00:00:05,000 --> 00:00:01,000\nhi' }, 'transcript.text'],
    [{ format: 'words', words: [], language: 'not a tag!' }, 'transcript.language'],
  ])('%j fails at %s', (input, path) => {
    let error: unknown;
    try {
      parseTranscript(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TranscriptFormatError);
    expect((error as TranscriptFormatError).path).toBe(path);
  });

  it('never echo the words of a document in an error', () => {
    const broken = vendor.assemblyAi(c.words, 'en');
    (broken.words[3] as { start: unknown }).start = digits;
    const vtt = vendor.webvtt(c.words).replace('-->', '--> 99:99.99x');
    for (const input of [
      { format: 'assemblyai', document: broken },
      { format: 'webvtt', text: vtt.replace('WEBVTT', 'WEBVTX') },
    ]) {
      try {
        parseTranscript(input);
        throw new Error('expected an error');
      } catch (e) {
        expect((e as Error).message).not.toContain(c.card[0].text + ' ' + c.card[1].text);
        expect(JSON.stringify(e)).not.toMatch(/\d{4}/);
      }
    }
  });
});

describe('the transcript language tag', () => {
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])(
    'treats the object-prototype name %s as an unknown language, not a table entry',
    (tag) => {
      const choice = chooseLanguages(tag, [{ role: 'customer', jurisdiction: 'DE' }]);
      expect(choice.codes.every((c) => typeof c === 'string')).toBe(true);
      expect(choice.codes).toEqual(['de']);
    },
  );
});
