import { cleanWord } from './digit-normaliser';
import { foldWord, type Lexicon } from './languages/lexicon';
import type { TranscriptWord } from './transcript.types';

/** What was asked for: the card number, its CVV or expiry, or another number (phone, order, amount). */
export type CueKind = 'pan' | 'cvv' | 'expiry' | 'other';

export interface Cue {
  kind: CueKind;
  startMs: number;
  endMs: number;
  channel: number | null;
  voice: string;
}

const CUE_WORDS = 6;

/** Every cue said by one voice, matched on up to six words from each word on. */
export function findCues(words: readonly TranscriptWord[], voice: string, lexicon: Lexicon): Cue[] {
  // "three-digit", "C.V.V.", "CVV?" and "d'expiration" must read like their spoken forms.
  const texts = words.map((w) =>
    foldWord(cleanWord(w.text))
      .replace(/[-.'’]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
  const cues: Cue[] = [];
  const kinds = ['pan', 'cvv', 'expiry', 'other'] as const;
  for (let i = 0; i < words.length; i++) {
    if (!texts[i]) continue;
    const phrase = texts
      .slice(i, i + CUE_WORDS)
      .filter(Boolean)
      .join(' ');
    // "dell'ordine", "l'expiration": the cue may start after an elided article inside the word.
    const elided = texts[i].indexOf(' ') + 1;
    for (const kind of kinds) {
      const from = [0, ...(elided > 0 ? [elided] : [])].find((at) => lexicon.cues[kind].test(phrase.slice(at)));
      if (from === undefined) continue;
      const match = lexicon.cues[kind].exec(phrase.slice(from)) as RegExpExecArray;
      let last = i;
      for (let covered = texts[i].length - from; covered < match[0].length && last + 1 < words.length;)
        covered += 1 + texts[++last].length;
      cues.push({ kind, startMs: words[i].startMs, endMs: words[last].endMs, channel: words[i].channel, voice });
      break;
    }
  }
  return cues;
}
