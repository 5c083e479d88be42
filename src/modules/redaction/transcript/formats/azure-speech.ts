import { z } from 'zod';
import { confidence, word, type VendorTranscript } from './format-support';
import type { TranscriptWord } from '../transcript.types';

const TICKS_PER_MS = 10_000;
const ticks = z.number().nonnegative();
const ms = z.number().nonnegative();

/** Batch transcription (`recognizedPhrases`, times in 100 ns ticks) with the detailed `nBest` words. */
const batch = z.object({
  recognizedPhrases: z.array(
    z.object({
      channel: z.number().int().min(0).max(64).optional(),
      speaker: z.number().int().optional(),
      locale: z.string().max(35).optional(),
      nBest: z
        .array(
          z.object({
            words: z
              .array(
                z.object({
                  word: z.string(),
                  offsetInTicks: ticks,
                  durationInTicks: ticks,
                  confidence: confidence.optional(),
                }),
              )
              .optional(),
          }),
        )
        .optional(),
    }),
  ),
});

/** Fast transcription (`phrases`, times in milliseconds; preview versions named them offset/duration). */
const fast = z.object({
  phrases: z.array(
    z.object({
      channel: z.number().int().min(0).max(64).optional(),
      speaker: z.number().int().optional(),
      locale: z.string().max(35).optional(),
      words: z
        .array(
          z.object({
            text: z.string(),
            offsetMilliseconds: ms.optional(),
            durationMilliseconds: ms.optional(),
            offset: ms.optional(),
            duration: ms.optional(),
          }),
        )
        .optional(),
    }),
  ),
});

/** Azure AI Speech: batch transcription results with word-level timestamps, or fast transcription results. */
export const azureSpeechDocument = z.union([batch, fast]);

export function fromAzureSpeech(document: z.infer<typeof azureSpeechDocument>): VendorTranscript {
  let language: string | undefined;
  const words: TranscriptWord[] = [];
  const speakerOf = (s?: number) => (s === undefined ? {} : { speaker: `speaker-${s}` });
  if ('recognizedPhrases' in document) {
    for (const p of document.recognizedPhrases) {
      language ??= p.locale;
      for (const w of p.nBest?.[0]?.words ?? []) {
        const start = Math.round(w.offsetInTicks / TICKS_PER_MS);
        const end = Math.round((w.offsetInTicks + w.durationInTicks) / TICKS_PER_MS);
        words.push(
          word(w.word, start, end, p.channel ?? null, {
            ...speakerOf(p.speaker),
            ...(w.confidence === undefined ? {} : { confidence: w.confidence }),
          }),
        );
      }
    }
  } else {
    for (const p of document.phrases) {
      language ??= p.locale;
      for (const w of p.words ?? []) {
        const start = w.offsetMilliseconds ?? w.offset ?? 0;
        words.push(
          word(
            w.text,
            start,
            start + (w.durationMilliseconds ?? w.duration ?? 0),
            p.channel ?? null,
            speakerOf(p.speaker),
          ),
        );
      }
    }
  }
  return { words, granularity: 'word', ...(language ? { language } : {}) };
}
