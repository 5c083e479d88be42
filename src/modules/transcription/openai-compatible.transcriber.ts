import { pcm16Wav } from '../media/pcm-wav';
import { deinterleave } from '../media/verification';
import {
  parseTranscript,
  TranscriptFormatError,
  type ParsedTranscript,
} from '../redaction/transcript/transcript.parser';
import type { TranscriptWord } from '../redaction/transcript/transcript.types';
import { egressFetch, type EgressPolicy } from './transcription.egress';
import { withRetries, type RetryPolicy } from './retry';
import { SilenceChunker, type AudioChunk } from './silence-chunker';
import { WordStitcher } from './word-stitcher';
import { TranscriptionError, type Transcriber, type TranscriptionInput } from './transcription.types';

/** The API's upload limit is 25 MB; 16-bit PCM chunks stay under it at any sample rate. */
const MAX_CHUNK_BYTES = 24 * 1024 * 1024;
const OVERLAP_MS = 2000;
const SEARCH_MS = 30_000;

export interface OpenAiCompatibleOptions {
  url: string;
  model: string;
  /** Unwrapped only for the length of one transcription. */
  apiKey?: Buffer;
  language?: string;
  chunkMs: number;
  timeoutMs: number;
  retry: RetryPolicy;
  egress: EgressPolicy;
}

/**
 * Any server that speaks OpenAI's transcription endpoint (whisper.cpp server,
 * faster-whisper servers, LocalAI, vLLM, OpenAI itself): each channel is sent on
 * its own, in chunks cut on silence, as 16-bit PCM WAV built in memory, and
 * the `verbose_json` word timings are put back on the call's timeline.
 */
export class OpenAiCompatibleTranscriber implements Transcriber {
  readonly engine = 'openai-compatible';
  private readonly endpoint: URL;

  constructor(private readonly o: OpenAiCompatibleOptions) {
    this.endpoint = new URL('v1/audio/transcriptions', o.url.endsWith('/') ? o.url : `${o.url}/`);
  }

  async transcribe(input: TranscriptionInput, signal: AbortSignal): Promise<ParsedTranscript> {
    const { channels, sampleRate } = input;
    const maxChunkMs = Math.floor((MAX_CHUNK_BYTES / 2 / sampleRate) * 1000);
    const chunkMs = Math.min(this.o.chunkMs, maxChunkMs);
    const chunkers = Array.from(
      { length: channels },
      () =>
        new SilenceChunker({
          sampleRate,
          chunkMs,
          overlapMs: Math.min(OVERLAP_MS, chunkMs / 4),
          searchMs: SEARCH_MS,
        }),
    );
    const stitchers = chunkers.map(() => new WordStitcher(sampleRate));
    const words: TranscriptWord[] = [];
    let language: string | undefined;
    const send = async (channel: number, chunks: AudioChunk[]) => {
      for (const chunk of chunks) {
        const doc = await this.request(chunk, sampleRate, signal);
        language ??= doc.language;
        const onChannel = doc.words.map((w) => ({ ...w, channel: channels === 1 ? null : channel }));
        words.push(...stitchers[channel].add(chunk, onChannel));
      }
    };
    for await (const pcm of input.pcm()) {
      signal.throwIfAborted();
      const split = deinterleave(pcm, channels);
      // One request per channel at a time: the channels' chunks go out side by side.
      await Promise.all(split.map((c, i) => send(i, chunkers[i].push(c))));
    }
    await Promise.all(chunkers.map((c, i) => send(i, c.flush())));
    for (const s of stitchers) words.push(...s.finish());
    words.sort((a, b) => a.startMs - b.startMs || (a.channel ?? -1) - (b.channel ?? -1));
    const lang = this.o.language ?? language;
    return { format: 'openai-verbose-json', words, granularity: 'word', ...(lang ? { language: lang } : {}) };
  }

  private request(chunk: AudioChunk, sampleRate: number, signal: AbortSignal): Promise<ParsedTranscript> {
    return withRetries(this.o.retry, signal, async () => {
      const form = new FormData();
      form.append('file', new Blob([pcm16Wav(chunk.samples, sampleRate)], { type: 'audio/wav' }), 'audio.wav');
      form.append('model', this.o.model);
      form.append('response_format', 'verbose_json');
      form.append('timestamp_granularities[]', 'word');
      if (this.o.language) form.append('language', this.o.language.split(/[-_]/)[0].toLowerCase());
      const headers: Record<string, string> = { Accept: 'application/json' };
      if (this.o.apiKey) headers.Authorization = `Bearer ${this.o.apiKey.toString('utf8')}`;
      let res: Response;
      try {
        res = await egressFetch(
          this.endpoint,
          {
            method: 'POST',
            body: form,
            headers,
            signal: AbortSignal.any([signal, AbortSignal.timeout(this.o.timeoutMs)]),
          },
          this.o.egress,
        );
      } catch (e) {
        if (e instanceof TranscriptionError) throw e;
        throw new TranscriptionError(`engine ${this.endpoint.host} unreachable`, !signal.aborted, { cause: e });
      }
      if (!res.ok) {
        await res.body?.cancel();
        const retryable = res.status === 408 || res.status === 429 || res.status >= 500;
        throw new TranscriptionError(`engine ${this.endpoint.host} answered ${res.status}`, retryable);
      }
      let body: unknown;
      try {
        body = await res.json();
      } catch (e) {
        throw new TranscriptionError(`engine ${this.endpoint.host} answered with a body that is not JSON`, true, {
          cause: e,
        });
      }
      try {
        return parseTranscript({ format: 'openai-verbose-json', document: body }, 'engine');
      } catch (e) {
        if (e instanceof TranscriptFormatError) {
          throw new TranscriptionError(`engine ${this.endpoint.host} answered ${e.message}`, false);
        }
        throw e;
      }
    });
  }
}
