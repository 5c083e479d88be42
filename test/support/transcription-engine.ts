import busboy from 'busboy';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pick, prng, type Rand } from '../fixtures/cards';
import type { SpokenCall, SpokenWord } from '../fixtures/spoken-call';

/**
 * A stand-in speech engine. It "hears" audio by finding where the samples it
 * receives come from among the calls registered with it (the samples are exact
 * after a lossless trip), and answers with the words spoken there, timed the way
 * a recogniser times them (jittered, rounded to 10 ms) and with a few
 * recognition errors: homophones for digits, digit groups written as numerals,
 * a misspelt word, a dropped filler.
 */
export class HeardAudio {
  private readonly tracks: { call: SpokenCall; channel: number; pcm: Int16Array }[] = [];

  /** Drawn once: what each request hears depends on it and on the audio, not on the order requests arrive in. */
  private readonly seed: number;

  constructor(rand: Rand) {
    this.seed = Math.floor(rand() * 2 ** 31);
  }

  register(call: SpokenCall): void {
    const wav = call.wav();
    const data = new Int16Array(wav.buffer.slice(wav.byteOffset + 44, wav.byteOffset + wav.length));
    for (const channel of [0, 1]) {
      const pcm = new Int16Array(data.length / 2);
      for (let i = 0; i < pcm.length; i++) pcm[i] = data[2 * i + channel];
      this.tracks.push({ call, channel, pcm });
    }
  }

  /** The words a recogniser would write for `samples` (one channel), times relative to its start. */
  hear(samples: Int16Array, rate: number): { words: { word: string; start: number; end: number }[]; where?: string } {
    const first = samples.findIndex((s) => Math.abs(s) > 300);
    if (first < 0) return { words: [] };
    // The same word synthesised twice has the same samples: only the whole piece places it.
    const probe = samples.subarray(first);
    for (const t of this.tracks) {
      const at = indexOf(t.pcm, probe);
      if (at < 0) continue;
      const offsetMs = ((at - first) * 1000) / rate;
      const lengthMs = (samples.length * 1000) / rate;
      const said = t.call.words.filter(
        (w) => w.channel === t.channel && w.endMs > offsetMs && w.startMs < offsetMs + lengthMs,
      );
      // The errors depend on the audio heard and the shared seed, not on which concurrent request came first.
      const rand = prng((this.seed + this.tracks.indexOf(t) * 104729 + Math.round(offsetMs) * 7919) >>> 0);
      return { words: this.recognise(said, offsetMs, rand), where: `${t.channel}@${Math.round(offsetMs)}` };
    }
    return { words: [] };
  }

  private recognise(said: SpokenWord[], offsetMs: number, rand: Rand) {
    const jitter = () => Math.round((rand() - 0.5) * 60);
    const sec = (ms: number) => Math.max(0, Math.round((ms - offsetMs) / 10) / 100);
    const out: { word: string; start: number; end: number }[] = [];
    for (let i = 0; i < said.length; i++) {
      const w = said[i];
      // A run of four digit words now and then comes back as one numeral group, as Whisper writes it
      // (never starting on the units of "eighty five": that is one number to a recogniser).
      const run = said.slice(i, i + 4);
      const afterTens = TENS.has(said[i - 1]?.text ?? '');
      if (run.length === 4 && !afterTens && run.every((r) => DIGIT[r.text] !== undefined) && rand() < 0.3) {
        out.push({ word: run.map((r) => DIGIT[r.text]).join(''), start: sec(w.startMs), end: sec(run[3].endMs) });
        i += 3;
        continue;
      }
      if (FILLERS.has(w.text) && rand() < 0.3) continue;
      // After "thirty" a recogniser's language model writes "four", not "for".
      const options = TENS.has(said[i - 1]?.text ?? '') ? undefined : MISHEARD[w.text];
      const heard = options && rand() < 0.4 ? pick(rand, options) : w.text;
      out.push({ word: ` ${heard}`, start: sec(w.startMs + jitter()), end: sec(w.endMs + jitter()) });
    }
    for (const o of out) if (o.end < o.start) o.end = o.start;
    return out;
  }
}

const DIGIT: Partial<Record<string, string>> = {
  zero: '0',
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
};
const MISHEARD: Partial<Record<string, string[]>> = {
  four: ['for'],
  two: ['to', 'too'],
  eight: ['ate'],
  card: ['cart'],
  number: ['numbers'],
};
const FILLERS = new Set(['mm', 'hm', 'uh', 'huh', 'okay']);
const TENS = new Set(['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety']);

function indexOf(hay: Int16Array, needle: Int16Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    if (hay[i] !== needle[0]) continue;
    for (let j = 1; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

export interface EngineRequest {
  fields: Record<string, string[]>;
  authorization?: string;
  contentType?: string;
  fileBytes: number;
  sampleRate: number;
  where?: string;
  words?: { word: string; start: number; end: number }[];
}

/**
 * `POST /v1/audio/transcriptions` as OpenAI-compatible servers speak it:
 * multipart/form-data in, `verbose_json` with word timestamps out. `failNext`
 * answers the next requests with 503, `down` refuses every one.
 */
export async function startOpenAiEngine(heard: HeardAudio, opts: { apiKey?: string } = {}) {
  const requests: EngineRequest[] = [];
  const state = { failNext: 0, down: false };
  const server = http.createServer((req, res) => {
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || req.url !== '/v1/audio/transcriptions') {
      answer(404, { error: 'not found' });
      return;
    }
    if (opts.apiKey && req.headers.authorization !== `Bearer ${opts.apiKey}`) {
      answer(401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } });
      return;
    }
    const fields: Record<string, string[]> = {};
    const file: Buffer[] = [];
    const bb = busboy({ headers: req.headers });
    bb.on('field', (name, value) => (fields[name] ??= []).push(value));
    bb.on('file', (_name, stream) => stream.on('data', (c: Buffer) => file.push(c)));
    bb.on('close', () => {
      const wav = Buffer.concat(file);
      const sampleRate = wav.length >= 44 ? wav.readUInt32LE(24) : 0;
      const record: EngineRequest = {
        fields,
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        fileBytes: wav.length,
        sampleRate,
      };
      requests.push(record);
      if (state.down || state.failNext > 0) {
        state.failNext = Math.max(0, state.failNext - 1);
        answer(503, { error: { message: 'model is loading' } });
        return;
      }
      if (wav.toString('ascii', 0, 4) !== 'RIFF' || wav.readUInt16LE(34) !== 16 || wav.readUInt16LE(22) !== 1) {
        answer(400, { error: { message: 'expected a mono 16-bit WAV' } });
        return;
      }
      const samples = new Int16Array(wav.buffer.slice(wav.byteOffset + 44, wav.byteOffset + wav.length));
      const { words, where } = heard.hear(samples, sampleRate);
      record.where = where;
      record.words = words;
      answer(200, {
        task: 'transcribe',
        language: 'english',
        duration: samples.length / sampleRate,
        text: words.map((w) => w.word).join(''),
        words,
        segments: [],
      });
    });
    req.pipe(bb);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    state,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
