import { maskDigits } from '../card-number';
import { digitRuns } from './digit-normaliser';
import { LANGUAGE_CODES, type LanguageCode } from './languages/language-table';
import { lexiconFor } from './languages/lexicon';
import { detectSpokenCardData, type SpokenCardSpan } from './spoken-card.detector';
import type { TranscriptWord } from './transcript.types';
import { pick, prng, randomDigits, randomExpiry, randomPan } from '../../../../test/fixtures/cards';
import { LANGS, PHRASES, sayDigits, twoDigit, type Style } from '../../../../test/fixtures/spoken';

/** Words 250–400 ms long with 60–160 ms between them, from `at`. */
function speak(rand: () => number, texts: string[], at: number, channel: number | null): TranscriptWord[] {
  let t = at;
  return texts
    .flatMap((text) => text.split(' '))
    .map((text) => {
      const ms = 250 + Math.floor(rand() * 150);
      const w = { text, startMs: t, endMs: t + ms, channel };
      t += ms + 60 + Math.floor(rand() * 100);
      return w;
    });
}

const end = (ws: TranscriptWord[]) => ws[ws.length - 1].endMs;

/** True when every word of `said` lies inside a span on its channel. */
function covered(said: TranscriptWord[], spans: SpokenCardSpan[]): boolean {
  return said.every((w) =>
    spans.some((s) => (s.channel === w.channel || s.channel === null) && s.startMs <= w.startMs && s.endMs >= w.endMs),
  );
}

function runs(lang: LanguageCode, text: string): string[] {
  const words = text.split(' ').map((t, i) => ({ text: t, startMs: i * 400, endMs: i * 400 + 300 }));
  return digitRuns(words, { lexicon: lexiconFor([lang]) }).map((r) => r.digits);
}

describe('number words per language', () => {
  it.each([
    ['fr', 'quatre-vingt-dix-sept', '97'],
    ['fr', 'quatre vingt dix sept', '97'],
    ['fr', 'quatre-vingts', '80'],
    ['fr', 'soixante et onze', '71'],
    ['fr', 'soixante-douze', '72'],
    ['fr', 'vingt et un', '21'],
    ['fr', 'septante-sept nonante', '7790'],
    ['fr', 'zéro quatre', '04'],
    ['fr', 'deux mille vingt-sept', '2027'],
    ['fr', 'quatre un un un', '4111'],
    ['de', 'zweiundzwanzig', '22'],
    ['de', 'einundvierzig', '41'],
    ['de', 'zwei und zwanzig', '22'],
    ['de', 'null vier zwo sieben', '0427'],
    ['de', 'zweitausendsiebenundzwanzig', '2027'],
    ['de', 'dreißig dreissig', '3030'],
    ['de', 'elf zwölf', '1112'],
    ['de', 'achtung nachts', ''],
    ['es', 'cuarenta y uno', '41'],
    ['es', 'veintidós', '22'],
    ['es', 'dieciséis', '16'],
    ['es', 'doble cuatro triple uno', '44111'],
    ['es', 'dos mil veintisiete', '2027'],
    ['es', 'cero cuatro', '04'],
    ['es', 'doscientos cincuenta', '250'],
    ['it', 'ventotto ventuno ventitré', '282123'],
    ['it', 'duemilaventisette', '2027'],
    ['it', 'quarantadue', '42'],
    ['it', 'centoventi', '120'],
    ['pt', 'vinte e um', '21'],
    ['pt', 'quarenta e quatro', '44'],
    ['pt', 'meia meia', '66'],
    ['pt', 'dois mil e vinte e sete', '2027'],
    ['pt', 'cento e vinte', '120'],
    ['nl', 'tweeëntwintig', '22'],
    ['nl', 'eenentwintig', '21'],
    ['nl', 'één twee drie', '123'],
    ['nl', 'tweeduizend zevenentwintig', '2027'],
    ['nl', 'achttien', '18'],
    ['en', 'double four', '44'],
  ] as Array<[LanguageCode, string, string]>)('%s: %s → %s', (lang, text, digits) => {
    expect(runs(lang, text).join(' ')).toBe(digits);
  });

  it('reads the test fixtures’ two-digit words back, every number 10–99 in every language', () => {
    const wrong: string[] = [];
    for (const lang of LANGS) {
      for (let n = 10; n <= 99; n++) {
        const text = twoDigit(lang, n).join(' ');
        const got = runs(lang, text).join('');
        if (got !== String(n)) wrong.push(`${lang} ${text} → ${got}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('keeps the languages apart: German "elf" is 11, English "elf" is a word', () => {
    expect(runs('de', 'elf')).toEqual(['11']);
    expect(runs('en', 'elf')).toEqual([]);
    expect(runs('nl', 'een kaart')).toEqual(['1']);
  });

  it('has the same set of languages in the fixtures and the tables', () => {
    expect([...LANGUAGE_CODES].sort()).toEqual([...LANGS].sort());
  });
});

describe.each(LANGS)('spoken card data in %s', (lang) => {
  const seed = 1000 + LANGS.indexOf(lang);
  const phrases = PHRASES[lang];

  it.each(['digits', 'pairs', 'groups', 'mixed', 'repeats'] as Style[])(
    'finds card numbers said as %s after the agent asks',
    (style) => {
      const rand = prng(seed * 31 + style.length);
      const failures: string[] = [];
      for (let k = 0; k < 8; k++) {
        const pan = randomPan(rand);
        const asked = speak(rand, [pick(rand, phrases.askCard)], 0, 0);
        const number = speak(rand, sayDigits(rand, lang, pan, style), end(asked) + 800, 1);
        const spans = detectSpokenCardData([...asked, ...number], {}, [lang]);
        const pans = spans.filter((s) => s.kind === 'pan');
        if (!covered(number, spans) || pans.length === 0)
          failures.push(`${number.map((w) => w.text).join(' ')}: ${JSON.stringify(spans)}`);
        // A 19-digit number reads as 16 digits and a CVV just as well: its last four may not be shown.
        else if (
          pans.some((s) => s.luhn !== true || (s.masked !== maskDigits(pan) && s.masked !== '••••' && pan.length < 19))
        )
          failures.push(`${pan.length} digits: ${JSON.stringify(pans)}`);
      }
      expect(failures).toEqual([]);
    },
  );

  it('finds the CVV and the expiry after their questions', () => {
    const rand = prng(seed * 7);
    for (let k = 0; k < 6; k++) {
      const cvvAsked = speak(rand, [pick(rand, phrases.askCvv)], k * 60_000, 0);
      const cvv = speak(rand, sayDigits(rand, lang, randomDigits(rand, 3), 'digits'), end(cvvAsked) + 700, 1);
      const expAsked = speak(rand, [pick(rand, phrases.askExpiry)], end(cvv) + 20_000, 0);
      const { digits } = randomExpiry(rand);
      const expiry = speak(
        rand,
        sayDigits(rand, lang, digits, pick(rand, ['digits', 'pairs'] as const)),
        end(expAsked) + 700,
        1,
      );
      const spans = detectSpokenCardData([...cvvAsked, ...cvv, ...expAsked, ...expiry], {}, [lang]);
      expect(spans.map((s) => s.kind)).toEqual(['cvv', 'expiry']);
      expect(covered(cvv, spans) && covered(expiry, spans)).toBe(true);
    }
  });

  it('joins a card number given in two or three pieces around backchannels and prompts', () => {
    const rand = prng(seed * 13);
    for (let k = 0; k < 8; k++) {
      const pan = randomPan(rand, [16]);
      const cuts = k % 2 ? [8] : [4, 10];
      const parts = [0, ...cuts, 16].slice(1).map((to, i, all) => pan.slice(i ? all[i - 1] : 0, to));
      const asked = speak(rand, [pick(rand, phrases.askCard)], 0, 0);
      const words = [...asked];
      const said: TranscriptWord[] = [];
      let t = end(asked) + 700;
      parts.forEach((part, i) => {
        if (i > 0) {
          const between = speak(rand, [pick(rand, i % 2 ? phrases.backchannel : phrases.nextPrompt)], t + 500, 0);
          words.push(...between);
          t = end(between) + 600;
        }
        const piece = speak(
          rand,
          sayDigits(rand, lang, part, pick(rand, ['digits', 'groups', 'pairs'] as const)),
          t,
          1,
        );
        words.push(...piece);
        said.push(...piece);
        t = end(piece);
      });
      const spans = detectSpokenCardData(words, {}, [lang]);
      expect(covered(said, spans)).toBe(true);
      expect(spans.filter((s) => s.kind === 'pan').every((s) => s.notes?.includes('joined-across-interruptions'))).toBe(
        true,
      );
      // The prompts in between stay audible.
      const prompts = words.filter((w) => w.channel === 0 && w.startMs > end(asked));
      expect(prompts.some((w) => spans.some((s) => s.startMs < w.endMs && s.endMs > w.startMs))).toBe(false);
    }
  });

  it('leaves phone numbers, order numbers and amounts alone, also when given in pieces around backchannels', () => {
    const rand = prng(seed * 17);
    for (let k = 0; k < 12; k++) {
      const template = phrases.harmless[k % phrases.harmless.length];
      const digits = k % 4 === 2 ? String(10 + Math.floor(rand() * 900)) : randomDigits(rand, 6 + (k % 6));
      const [before, after] = template.split('#');
      const cut = k % 3 === 0 && digits.length > 6 ? 3 + Math.floor(rand() * 3) : digits.length;
      const first = speak(
        rand,
        [
          before.trim(),
          ...sayDigits(rand, lang, digits.slice(0, cut), pick(rand, ['digits', 'groups', 'pairs'] as const)),
        ],
        0,
        1,
      );
      const ack = speak(rand, [pick(rand, phrases.backchannel)], end(first) + 400, 0);
      const rest = digits.slice(cut);
      const second = speak(
        rand,
        [...(rest ? sayDigits(rand, lang, rest, 'digits') : []), after.trim() || pick(rand, phrases.backchannel)],
        end(ack) + 400,
        1,
      );
      expect(detectSpokenCardData([...first, ...ack, ...second], {}, [lang])).toEqual([]);
    }
  });
});
