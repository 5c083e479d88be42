import { detectSpokenCardData } from '../src/modules/redaction/transcript/spoken-card.detector';
import { parseTranscript } from '../src/modules/redaction/transcript/transcript.parser';
import { HeardAudio } from './support/transcription-engine';
import { pick, prng, randomDigits, randomPan, type Rand } from './fixtures/cards';
import { PHRASES, sayDigits, VOICES } from './fixtures/spoken';
import { SpokenCall, type SpokenWord } from './fixtures/spoken-call';

/**
 * The spoken-card detector over what a recogniser makes of generated calls:
 * the stand-in engine's errors (homophones, numeral groups, "cart number"),
 * read back as Amazon Transcribe writes them with channel identification.
 * Many seeds, prompts the lexicon knows and prompts it does not, numbers given
 * in two to four pieces with prompts or backchannels between them, and calls
 * whose only numbers are a phone or order number, which must stay audible.
 */
const KNOWN = { ask: PHRASES.en.askCard, between: PHRASES.en.nextPrompt };
const UNKNOWN = {
  ask: ['may I have the digits on your visa', 'read me what is on the front', 'whenever you are ready'],
  between: ['uh huh', 'yep', 'go on', 'mm hm', 'right'],
};

interface Case {
  words: SpokenWord[];
  heard: string;
  spans: ReturnType<typeof detectSpokenCardData>;
}

function transcribe(call: SpokenCall, heard: HeardAudio): Omit<Case, 'words'> {
  const wav = call.wav();
  const data = new Int16Array(wav.buffer.slice(wav.byteOffset + 44, wav.byteOffset + wav.length));
  const channels = [0, 1].map((c) => {
    const pcm = new Int16Array(data.length / 2);
    for (let i = 0; i < pcm.length; i++) pcm[i] = data[2 * i + c];
    const label = `ch_${c}`;
    return {
      channel_label: label,
      items: heard.hear(pcm, call.rate).words.map((w) => ({
        type: 'pronunciation' as const,
        start_time: w.start.toFixed(3),
        end_time: w.end.toFixed(3),
        alternatives: [{ content: w.word.trim(), confidence: '0.97' }],
        channel_label: label,
      })),
    };
  });
  const items = channels.flatMap((c) => c.items).sort((a, b) => Number(a.start_time) - Number(b.start_time));
  const document = { results: { items, language_code: 'en-US', channel_labels: { channels } } };
  const { words } = parseTranscript({ format: 'aws-transcribe', document }, 'engine');
  return {
    heard: channels.map((c) => c.items.map((i) => i.alternatives[0].content).join(' ')).join(' | '),
    spans: detectSpokenCardData(words, {}, ['en']),
  };
}

function opening(call: SpokenCall, r: Rand) {
  call.say(0, VOICES.en, [pick(r, ['hello thank you for calling', 'good morning how can I help'])]);
  call.say(1, VOICES.en, [pick(r, ['I would like to pay my bill', 'I want to renew my plan'])]);
}

/** A card number given in pieces after a prompt; returns the words that must end muted. */
function cardCall(seed: number, prompts: typeof KNOWN): Case {
  const r = prng(seed);
  const heard = new HeardAudio(r);
  const call = new SpokenCall(8000, r);
  opening(call, r);
  call.say(0, VOICES.en, [pick(r, prompts.ask)]);
  const pan = randomPan(r, [16, 16, 15, 19, 13]);
  const cuts = pick(r, [[8], [4, 8, 12], [6, 10], [12]]).filter((c) => c < pan.length);
  const words: SpokenWord[] = [];
  [0, ...cuts].forEach((from, i, all) => {
    if (i > 0) call.say(0, VOICES.en, [pick(r, prompts.between)]);
    const piece = pan.slice(from, all[i + 1] ?? pan.length);
    words.push(...call.say(1, VOICES.en, sayDigits(r, 'en', piece, pick(r, ['digits', 'pairs', 'mixed'] as const))));
  });
  call.say(0, VOICES.en, ['thank', 'you', 'that', 'is', 'all', 'done']);
  heard.register(call);
  return { words, ...transcribe(call, heard) };
}

/** A phone or order number, given in pieces too; returns the words that must stay audible. */
function harmlessCall(seed: number): Case {
  const r = prng(seed);
  const heard = new HeardAudio(r);
  const call = new SpokenCall(8000, r);
  opening(call, r);
  call.say(0, VOICES.en, [pick(r, ['what is your phone number', 'can I have the order number', 'and your zip code'])]);
  const digits = randomDigits(r, pick(r, [5, 7, 10, 11]));
  const words: SpokenWord[] = [];
  const cut = digits.length > 7 ? [0, 3, 6] : [0];
  cut.forEach((from, i) => {
    if (i > 0) call.say(0, VOICES.en, [pick(r, UNKNOWN.between)]);
    const piece = digits.slice(from, cut[i + 1] ?? digits.length);
    words.push(...call.say(1, VOICES.en, sayDigits(r, 'en', piece, pick(r, ['digits', 'pairs'] as const))));
  });
  call.say(1, VOICES.en, [pick(r, ['I paid for two of them', 'I want to cancel one', 'that is it'])]);
  call.say(0, VOICES.en, ['thank', 'you', 'that', 'is', 'all', 'done']);
  heard.register(call);
  return { words, ...transcribe(call, heard) };
}

const muted = (c: Case, w: SpokenWord) =>
  c.spans.some((s) => s.channel === w.channel && s.startMs <= w.startMs + 60 && s.endMs >= w.endMs - 60);
const touched = (c: Case, w: SpokenWord) =>
  c.spans.some((s) => s.channel === w.channel && s.startMs < w.endMs && s.endMs > w.startMs);

function misses(cases: Case[]): string[] {
  return cases
    .map((c) => ({ c, left: c.words.filter((w) => !muted(c, w)) }))
    .filter(({ left }) => left.length > 0)
    .map(({ c, left }) => `left audible: ${left.map((w) => w.text).join(' ')} — heard: ${c.heard}`);
}

describe('spoken card numbers through a recogniser', () => {
  it('mutes every digit of numbers asked for in words the lexicon knows, over 120 calls', () => {
    const cases = Array.from({ length: 120 }, (_, k) => cardCall(1000 + k, KNOWN));
    expect(misses(cases)).toEqual([]);
  });

  it('mutes every digit of numbers asked for in words it does not know, given around backchannels, over 200 calls', () => {
    const cases = Array.from({ length: 200 }, (_, k) => cardCall(5000 + k, UNKNOWN));
    // Was allowed 1 % for a 19-digit number whose first 16 digits pass Luhn by chance (muted at 16); now 0.
    expect(misses(cases)).toEqual([]);
  });

  it('leaves phone, order and zip numbers audible, homophones and pieces included, over 120 calls', () => {
    const cases = Array.from({ length: 120 }, (_, k) => harmlessCall(9000 + k));
    const hit = cases.filter((c) => c.words.some((w) => touched(c, w))).map((c) => c.heard);
    expect(hit).toEqual([]);
  });
});
