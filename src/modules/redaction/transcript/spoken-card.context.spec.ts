import { detectSpokenCardData, type SpokenCardSpan } from './spoken-card.detector';
import type { TranscriptWord } from './transcript.types';
import { dropOne, pick, prng, randomDigits, randomExpiry, randomPan, type Rand } from '../../../../test/fixtures/cards';
import { PHRASES, sayDigits, sayMisheard } from '../../../../test/fixtures/spoken';

/** A conversation written turn by turn; each turn starts 300–900 ms after the one before. */
class Talk {
  readonly words: TranscriptWord[] = [];
  private t = 0;

  constructor(private readonly rand: Rand) {}

  say(channel: number | null, texts: string[], opts: { speaker?: string; pauseMs?: number } = {}): TranscriptWord[] {
    this.t += opts.pauseMs ?? 300 + Math.floor(this.rand() * 600);
    const said = texts
      .flatMap((x) => x.split(' '))
      .map((text) => {
        const ms = 220 + Math.floor(this.rand() * 160);
        const w: TranscriptWord = {
          text,
          startMs: this.t,
          endMs: this.t + ms,
          channel,
          ...(opts.speaker ? { speaker: opts.speaker } : {}),
        };
        this.t += ms + 50 + Math.floor(this.rand() * 90);
        return w;
      });
    this.words.push(...said);
    return said;
  }
}

function covered(said: TranscriptWord[], spans: SpokenCardSpan[]): boolean {
  return said.every((w) =>
    spans.some((s) => (s.channel === w.channel || s.channel === null) && s.startMs <= w.startMs && s.endMs >= w.endMs),
  );
}

function touched(said: TranscriptWord[], spans: SpokenCardSpan[]): boolean {
  return said.some((w) => spans.some((s) => s.startMs < w.endMs && s.endMs > w.startMs));
}

const EN = PHRASES.en;

describe('card numbers given in pieces', () => {
  const layouts = [
    { name: 'agent prompts on the other channel', agent: 0, customer: 1 },
    { name: 'both voices on one mono channel', agent: null, customer: null },
    { name: 'speaker-labelled voices on one channel', agent: null, customer: null, labels: true },
  ];

  it.each(layouts)('are joined and muted piece by piece: $name', ({ agent, customer, labels }) => {
    const rand = prng(labels ? 71 : agent === null ? 72 : 73);
    for (let k = 0; k < 12; k++) {
      const talk = new Talk(rand);
      const a = labels ? { speaker: 'spk_0' } : {};
      const c = labels ? { speaker: 'spk_1' } : {};
      const pan = randomPan(rand, [16, 15]);
      talk.say(agent, [pick(rand, EN.askCard)], a);
      const sizes = pick(rand, [[4, 4, 4], [8], [6], [4, 8]] as const);
      const pieces: TranscriptWord[][] = [];
      let at = 0;
      for (const size of [...sizes, pan.length - sizes.reduce((x, y) => x + y, 0)]) {
        if (at > 0) talk.say(agent, [pick(rand, [...EN.backchannel, ...EN.nextPrompt])], a);
        pieces.push(
          talk.say(
            customer,
            sayDigits(rand, 'en', pan.slice(at, at + size), pick(rand, ['digits', 'groups', 'pairs'] as const)),
            c,
          ),
        );
        at += size;
      }
      const spans = detectSpokenCardData(talk.words);
      expect(covered(pieces.flat(), spans)).toBe(true);
      const pans = spans.filter((s) => s.kind === 'pan');
      expect(pans.every((s) => s.luhn === true && s.notes?.includes('joined-across-interruptions'))).toBe(true);
    }
  });

  it('are joined across a pause of a few seconds without a prompt', () => {
    const rand = prng(74);
    const talk = new Talk(rand);
    const pan = randomPan(rand, [16]);
    const first = talk.say(1, sayDigits(rand, 'en', pan.slice(0, 8), 'digits'));
    const second = talk.say(1, sayDigits(rand, 'en', pan.slice(8), 'digits'), { pauseMs: 4500 });
    expect(covered([...first, ...second], detectSpokenCardData(talk.words))).toBe(true);
  });

  it('are muted in a card context even when the joined digits fail Luhn (a digit dropped), and say so', () => {
    const rand = prng(75);
    let unverified = 0;
    for (let k = 0; k < 8; k++) {
      const talk = new Talk(rand);
      const digits = dropOne(rand, randomPan(rand, [16]));
      talk.say(0, [pick(rand, EN.askCard)]);
      const first = talk.say(1, sayDigits(rand, 'en', digits.slice(0, 7), 'digits'));
      talk.say(0, [pick(rand, EN.backchannel)]);
      const second = talk.say(1, sayDigits(rand, 'en', digits.slice(7), 'digits'));
      const spans = detectSpokenCardData(talk.words);
      expect(covered([...first, ...second], spans)).toBe(true);
      // One in ten digit strings passes Luhn somewhere by chance; the rest must say that it failed.
      expect(spans.every((s) => s.luhn === true || (s.masked === '••••' && s.notes?.includes('luhn-failed')))).toBe(
        true,
      );
      unverified += spans.some((s) => s.luhn === false) ? 1 : 0;
    }
    expect(unverified).toBeGreaterThanOrEqual(6);
  });

  it('are not joined into a card number outside a card context when they fail Luhn', () => {
    const rand = prng(76);
    for (let k = 0; k < 8; k++) {
      const talk = new Talk(rand);
      talk.say(1, ['my', 'phone', 'number', 'is', ...sayDigits(rand, 'en', randomDigits(rand, 5), 'digits')]);
      talk.say(0, [pick(rand, EN.backchannel)]);
      talk.say(1, sayDigits(rand, 'en', randomDigits(rand, 6), 'digits'));
      talk.say(0, ['and', 'the', 'order', 'number']);
      talk.say(1, sayDigits(rand, 'en', randomDigits(rand, 4), 'groups'));
      talk.say(0, [pick(rand, EN.backchannel)]);
      talk.say(1, sayDigits(rand, 'en', randomDigits(rand, 4), 'groups'));
      const spans = detectSpokenCardData(talk.words);
      expect(spans.filter((s) => s.luhn !== true)).toEqual([]);
    }
  });

  it('keep a phone number asked for after the card number audible', () => {
    const rand = prng(77);
    const talk = new Talk(rand);
    talk.say(0, [pick(rand, EN.askCard)]);
    const card = talk.say(1, sayDigits(rand, 'en', randomPan(rand, [16]), 'groups'));
    talk.say(0, ['and', 'a', 'contact', 'phone', 'number']);
    const phone = talk.say(1, sayDigits(rand, 'en', `0${randomDigits(rand, 10)}`, 'digits'));
    const spans = detectSpokenCardData(talk.words);
    expect(covered(card, spans)).toBe(true);
    expect(touched(phone, spans)).toBe(false);
  });
});

describe('misheard digits', () => {
  it('reads "for", "to", "won", "ate", "oh" as digits after the card number is asked for, Luhn-valid when nothing else went wrong', () => {
    const rand = prng(81);
    for (let k = 0; k < 10; k++) {
      const talk = new Talk(rand);
      const pan = randomPan(rand, [16]);
      talk.say(0, [pick(rand, EN.askCard)]);
      const said = talk.say(1, sayMisheard(rand, pan));
      const spans = detectSpokenCardData(talk.words);
      expect(covered(said, spans)).toBe(true);
      expect(
        spans.filter((s) => s.kind === 'pan').every((s) => s.luhn === true && s.notes?.includes('misheard-digits')),
      ).toBe(true);
    }
  });

  it('mutes a misheard number with a digit dropped as an unverified card number', () => {
    const rand = prng(82);
    let unverified = 0;
    for (let k = 0; k < 10; k++) {
      const talk = new Talk(rand);
      talk.say(0, [pick(rand, EN.askCard)]);
      const said = talk.say(1, sayMisheard(rand, dropOne(rand, randomPan(rand, [16]))));
      const spans = detectSpokenCardData(talk.words);
      expect(covered(said, spans)).toBe(true);
      if (spans.some((s) => s.luhn === false)) unverified += 1;
      expect(spans.every((s) => s.kind === 'pan' && (s.luhn === true || s.masked === '••••'))).toBe(true);
    }
    expect(unverified).toBeGreaterThanOrEqual(7);
  });

  it('mutes a CVV and an expiry heard as homophones, with a digit dropped or doubled', () => {
    const rand = prng(83);
    for (let k = 0; k < 10; k++) {
      const talk = new Talk(rand);
      talk.say(0, [pick(rand, EN.askCvv)]);
      const cvvDigits = randomDigits(rand, 3);
      const cvv = talk.say(
        1,
        sayMisheard(rand, k % 3 === 0 ? cvvDigits.slice(1) : k % 3 === 1 ? cvvDigits + cvvDigits[2] : cvvDigits),
      );
      talk.say(0, [pick(rand, EN.askExpiry)], { pauseMs: 1500 });
      const { digits } = randomExpiry(rand);
      const expiry = talk.say(1, sayMisheard(rand, k % 2 ? digits : digits.slice(0, 3)));
      const spans = detectSpokenCardData(talk.words);
      expect(spans.map((s) => s.kind)).toEqual(['cvv', 'expiry']);
      expect(covered(cvv, spans) && covered(expiry, spans)).toBe(true);
    }
  });

  it('leaves "for", "to" and "won" alone in ordinary talk', () => {
    const rand = prng(84);
    const talk = new Talk(rand);
    talk.say(1, 'I waited for two hours to get through and I won nothing'.split(' '));
    talk.say(0, 'sorry to hear that I can book you in for four thirty on the twenty first'.split(' '));
    talk.say(1, 'great that works for me see you at four thirty'.split(' '));
    expect(detectSpokenCardData(talk.words)).toEqual([]);
  });
});

describe('precision around card data', () => {
  it('leaves amounts, dates and times audible right after a payment', () => {
    const rand = prng(91);
    for (let k = 0; k < 6; k++) {
      const talk = new Talk(rand);
      talk.say(0, [pick(rand, EN.askCard)]);
      talk.say(1, sayDigits(rand, 'en', randomPan(rand, [16]), 'groups'));
      talk.say(0, [pick(rand, EN.askExpiry)]);
      talk.say(1, sayDigits(rand, 'en', randomExpiry(rand).digits, 'pairs'));
      talk.say(0, [pick(rand, EN.askCvv)]);
      talk.say(1, sayDigits(rand, 'en', randomDigits(rand, 3), 'digits'));
      const after = [
        talk.say(
          0,
          [
            'thank',
            'you',
            'that',
            'is',
            ...sayDigits(rand, 'en', String(100 + Math.floor(rand() * 800)), 'digits'),
            'dollars',
            'taken',
            'today',
          ],
          { pauseMs: 2500 },
        ),
        talk.say(0, ['your', 'order', 'number', 'is', ...sayDigits(rand, 'en', randomDigits(rand, 8), 'groups')]),
        talk.say(0, [
          'delivery',
          'on',
          'June',
          'the',
          pick(rand, ['twelfth', 'third', 'twenty', 'fifth']),
          'between',
          'two',
          'and',
          'four',
          'pm',
        ]),
      ];
      const spans = detectSpokenCardData(talk.words);
      expect(spans.map((s) => s.kind)).toEqual(['pan', 'expiry', 'cvv']);
      for (const words of after) expect(touched(words, spans)).toBe(false);
    }
  });
});
