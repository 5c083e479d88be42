import { detectSpokenCardData, type SpokenCardSpan } from './spoken-card.detector';
import type { TranscriptWord } from './transcript.types';
import { dropOne, pick, prng, randomDigits, randomExpiry, randomPan, type Rand } from '../../../../test/fixtures/cards';
import { luhn } from '../../../../test/fixtures/card-calls';
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

describe('card numbers given around the caller’s own chatter', () => {
  const CHATTER = [
    'hang on let me get my glasses I always forget where I put them right',
    'sorry my dog is barking at the door give me a moment',
    'hold on the light in here is terrible I can barely read it and the print is worn off this bit',
    'just bear with me I have got it upside down hmm yes that is it now',
  ];
  const luhnOk = (d: string) => {
    let sum = 0;
    for (let i = d.length - 1, dbl = false; i >= 0; i--, dbl = !dbl) {
      let x = Number(d[i]);
      if (dbl) x = x * 2 > 9 ? x * 2 - 9 : x * 2;
      sum += x;
    }
    return sum % 10 === 0;
  };

  it('are joined into one muted number after a card prompt, whatever the chatter, cut and wording', () => {
    const rand = prng(301);
    for (let k = 0; k < 40; k++) {
      const talk = new Talk(rand);
      talk.say(0, [pick(rand, EN.askCard)]);
      const pan = randomPan(rand, [16, 15, 19, 13]);
      const cut = pick(rand, [4, 6, 8]);
      const first = talk.say(1, sayDigits(rand, 'en', pan.slice(0, cut), pick(rand, ['digits', 'pairs'] as const)));
      talk.say(1, [pick(rand, CHATTER), ...(k % 3 ? [] : [pick(rand, CHATTER)])]);
      const rest = talk.say(
        1,
        sayDigits(rand, 'en', pan.slice(cut), pick(rand, ['digits', 'pairs', 'groups'] as const)),
      );
      const spans = detectSpokenCardData(talk.words);
      expect(covered([...first, ...rest], spans)).toBe(true);
      // The chatter stays audible.
      expect(spans.every((s) => s.endMs <= first[first.length - 1].endMs || s.startMs >= rest[0].startMs)).toBe(true);
    }
  });

  it('are joined without a prompt when the agent reads the same digits back, and not without one', () => {
    const rand = prng(302);
    for (let k = 0; k < 10; k++) {
      const pan = randomPan(rand, [16]);
      for (const readBack of [true, false]) {
        const talk = new Talk(rand);
        talk.say(0, ['whenever', 'you', 'are', 'ready']);
        const first = talk.say(1, sayDigits(rand, 'en', pan.slice(0, 4), 'digits'));
        talk.say(1, [pick(rand, CHATTER)]);
        const rest = talk.say(1, sayDigits(rand, 'en', pan.slice(4), 'digits'));
        if (readBack) talk.say(0, ['so', 'that', 'is', ...sayDigits(rand, 'en', pan, 'digits')]);
        const spans = detectSpokenCardData(talk.words);
        expect(covered(first, spans)).toBe(readBack);
        if (readBack) expect(covered(rest, spans)).toBe(true);
      }
    }
  });

  it('are not joined when the chatter is longer than the bound, or when the digits are not a card number', () => {
    const rand = prng(303);
    for (let k = 0; k < 10; k++) {
      const talk = new Talk(rand);
      talk.say(0, [pick(rand, EN.askCard)]);
      const pan = randomPan(rand, [16]);
      const first = talk.say(1, sayDigits(rand, 'en', pan.slice(0, 4), 'digits'));
      // 45 words and well over 20 s.
      talk.say(1, [CHATTER[0], CHATTER[1], CHATTER[2], CHATTER[3]]);
      talk.say(1, sayDigits(rand, 'en', pan.slice(4), 'digits'));
      expect(touched(first, detectSpokenCardData(talk.words))).toBe(false);
    }
    // A phone number and a zip code around chatter, after a card prompt: joined they are no card number.
    let checked = 0;
    for (let k = 0; checked < 20; k++) {
      const phone = randomDigits(rand, 10);
      const zip = randomDigits(rand, 5);
      if (luhnOk(phone + zip)) continue;
      checked++;
      const talk = new Talk(rand);
      talk.say(0, [pick(rand, EN.askCard)]);
      const a = talk.say(1, ['my', 'number', 'is', ...sayDigits(rand, 'en', phone, 'digits')]);
      talk.say(1, [pick(rand, CHATTER)]);
      const b = talk.say(1, ['and', 'the', 'zip', 'is', ...sayDigits(rand, 'en', zip, 'digits')]);
      expect(touched([...a, ...b], detectSpokenCardData(talk.words))).toBe(false);
    }
  });

  it('mute a group said wrong and then again, and leave a lone "oh" in the chatter out of the number', () => {
    const rand = prng(304);
    for (let k = 0; k < 20; k++) {
      const talk = new Talk(rand);
      talk.say(0, [pick(rand, EN.askCard)]);
      const pan = randomPan(rand, [16, 15]);
      const wrong = pan.slice(0, 3) + String((Number(pan[3]) + 1 + (k % 8)) % 10);
      const said = talk.say(1, sayDigits(rand, 'en', wrong, 'digits'));
      talk.say(1, [pick(rand, ['no wait', 'sorry no I mean', 'scratch that'])]);
      said.push(...talk.say(1, sayDigits(rand, 'en', pan.slice(0, 8), 'digits')));
      talk.say(1, ['oh', 'sorry', 'the', 'kids', 'are', 'shouting', 'I', 'need', 'to', 'move', 'rooms']);
      said.push(...talk.say(1, sayDigits(rand, 'en', pan.slice(8), 'pairs')));
      expect(covered(said, detectSpokenCardData(talk.words))).toBe(true);
    }
  });
});

describe('found by the generated-call sweep', () => {
  it('reads "double for" as two digits where a card number is given', () => {
    const rand = prng(305);
    for (let k = 0; k < 10; k++) {
      const pan = `${randomPan(rand, [16]).slice(0, 6)}44`;
      const talk = new Talk(rand);
      talk.say(0, [pick(rand, EN.askCard)]);
      const digits = randomPan(rand, [16]);
      const withFours = `${pan}${digits.slice(8, 15)}`;
      // Make the 16th digit the check digit of the number with "44" in the middle.
      let full = '';
      for (let c = 0; c < 10 && !full; c++) if (luhn(`${withFours}${c}`)) full = `${withFours}${c}`;
      const said = talk.say(1, [
        ...sayDigits(rand, 'en', full.slice(0, 6), 'digits'),
        'double',
        'for',
        ...sayDigits(rand, 'en', full.slice(8), 'digits'),
      ]);
      const spans = detectSpokenCardData(talk.words);
      expect(covered(said, spans)).toBe(true);
      expect(spans.some((s) => s.kind === 'pan' && s.luhn)).toBe(true);
    }
  });

  it('keeps a twelve-digit account or phone number audible when it was asked for', () => {
    const rand = prng(306);
    for (let k = 0; k < 20; k++) {
      const talk = new Talk(rand);
      talk.say(0, [
        pick(rand, ['and the account number', 'what is your phone number', 'can I have the reference number']),
      ]);
      const said = talk.say(1, sayDigits(rand, 'en', randomDigits(rand, 12), pick(rand, ['digits', 'pairs'] as const)));
      talk.say(0, ['thank', 'you']);
      expect(touched(said, detectSpokenCardData(talk.words))).toBe(false);
    }
  });

  it('hears "die Nummer auf der Karte" as a card prompt and "dell’ordine" as a prompt for another number', () => {
    const de = new Talk(prng(307));
    de.say(0, ['die', 'Nummer', 'auf', 'der', 'Karte', 'bitte']);
    // Eleven digits failing Luhn: muted only as the answer to a card prompt.
    const said = de.say(1, 'vier fünf drei zwo eins eins zwo zwo drei drei vier'.split(' '));
    expect(covered(said, detectSpokenCardData(de.words, {}, ['de']))).toBe(true);
    const it = new Talk(prng(308));
    it.say(0, ['mi', 'dia', 'il', 'numero', 'dell’ordine']);
    const order = it.say(1, 'quattro cinque tre due uno uno due due tre tre quattro quattro'.split(' '));
    expect(touched(order, detectSpokenCardData(it.words, {}, ['it']))).toBe(false);
  });
});

describe('19-digit card numbers whose first 16 digits pass Luhn too', () => {
  it('are muted whole: in one breath, in pieces, around chatter, with a misheard digit, asked for or not', () => {
    const rand = prng(309);
    let tried = 0;
    while (tried < 30) {
      const pan = randomPan(rand, [19]);
      if (!luhn(pan.slice(0, 16))) continue;
      tried++;
      const talk = new Talk(rand);
      talk.say(0, [pick(rand, [...EN.askCard, 'whenever you are ready'])]);
      const cuts = pick(rand, [[19], [16, 19], [8, 16, 19], [12, 19], [4, 8, 12, 16, 19]]);
      const said: TranscriptWord[] = [];
      let at = 0;
      cuts.forEach((to, i) => {
        if (i > 0) talk.say(0, [pick(rand, [...EN.backchannel, ...EN.nextPrompt])]);
        const piece = pan.slice(at, to);
        said.push(
          ...talk.say(1, to === 19 && i > 0 ? sayMisheard(rand, piece) : sayDigits(rand, 'en', piece, 'digits')),
        );
        at = to;
      });
      talk.say(0, ['thank', 'you']);
      expect(covered(said, detectSpokenCardData(talk.words))).toBe(true);
    }
  });
});
