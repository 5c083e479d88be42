import { detectSpokenCardData, type SpokenCardSpan } from './spoken-card.detector';
import { parseTranscript, TranscriptFormatError } from './transcript.parser';
import type { TranscriptWord } from './transcript.types';
import { VISA_TEST_PAN } from '../../../../test/fixtures/cards';

interface SayOptions {
  at?: number;
  channel?: number | null;
  confidence?: number;
}

/**
 * Words spoken steadily from `at`: 300 ms each, 100 ms apart. `<2500>` in the
 * script is a silence of that many milliseconds.
 */
function say(script: string, { at = 0, channel = 1, confidence }: SayOptions = {}): TranscriptWord[] {
  const words: TranscriptWord[] = [];
  let t = at;
  for (const text of script.split(/\s+/)) {
    const pause = /^<(\d+)>$/.exec(text);
    if (pause) {
      t += Number(pause[1]);
      continue;
    }
    words.push({ text, startMs: t, endMs: t + 300, channel, ...(confidence === undefined ? {} : { confidence }) });
    t += 400;
  }
  return words;
}

const ONE_TO_NINE = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

function endOf(words: TranscriptWord[]): number {
  return words[words.length - 1].endMs;
}

function kinds(spans: SpokenCardSpan[]): string[] {
  return spans.map((s) => (s.kind === 'pan' && s.luhn === false ? 'pan?' : s.kind));
}

describe('detectSpokenCardData', () => {
  describe('card numbers', () => {
    it.each([
      ['Visa, digit by digit', 'four one one one one one one one one one one one one one one one', '1111'],
      ['Visa, in groups of numerals', '4111 1111 1111 1111', '1111'],
      ['Visa, in pairs', 'forty one eleven eleven eleven eleven eleven eleven eleven', '1111'],
      [
        'Visa, with double/triple and oh',
        'four oh one two double eight eight eight triple eight eight one eight eight one',
        '1881',
      ],
      ['Visa, hyphenated groups', '4111-1111 1111-1111', '1111'],
      ['Visa, words with punctuation', 'four one one one, one one one one. one one one one, one one one one.', '1111'],
      [
        'Mastercard, hyphenated pairs',
        'fifty-five fifty-five fifty-five fifty-five fifty-five fifty-five forty-four forty-four',
        '4444',
      ],
      ['Amex 15, digit by digit', 'three seven eight two eight two two four six three one oh oh oh five', '0005'],
      ['Amex 15, in its 4-6-5 groups', '3714 496353 98431', '8431'],
      ['13 digits', 'four two two two two two two two two two two two two', '2222'],
      ['Discover, mixed words and numerals', 'sixty eleven 1111 eleven eleven 1117', '1117'],
      [
        'with leading "oh" and trailing "oh"',
        'oh okay four one one one one one one one one one one one one one one one oh',
        '1111',
      ],
      ['with a stutter', 'four four one one one one one one one one one one one one one one one', '1111'],
    ])('%s', (_name, script, lastFour) => {
      const words = say(`my card number is ${script} thanks`);
      const spans = detectSpokenCardData(words);
      expect(kinds(spans)).toEqual(['pan']);
      expect(spans[0]).toMatchObject({ luhn: true, masked: `•••• ${lastFour}`, channel: 1, detector: 'transcript' });
      expect(spans[0].confidence).toBeGreaterThanOrEqual(0.85);
    });

    it('mutes 19 digits without showing any: they may be 16 digits and a CVV', () => {
      const spans = detectSpokenCardData(say('4000 0000 0000 0000 006'));
      expect(spans).toEqual([expect.objectContaining({ kind: 'pan', luhn: true, masked: '••••' })]);
    });

    it('reads 16 digits and a CVV rather than 19 digits when both pass Luhn', () => {
      const spans = detectSpokenCardData(say('4111 1111 1111 1111 102'));
      expect(kinds(spans)).toEqual(['pan', 'cvv']);
      expect(spans[0].masked).toBe('•••• 1111');
    });

    it('spans from the first word of the number to the end of its last word', () => {
      const words = say('card number is four um one one one one one one one one one one one one one one one. thanks');
      const [span] = detectSpokenCardData(words);
      const first = words.find((w) => w.text === 'four');
      const last = words.find((w) => w.text === 'one.');
      expect(span.startMs).toBe(first?.startMs);
      expect(span.endMs).toBe(last?.endMs);
    });

    it('bridges fillers and short pauses inside a number', () => {
      const words = say(
        'four one one one um <1500> one one one one uh like <1000> one one one one sorry one one one one',
      );
      expect(kinds(detectSpokenCardData(words))).toEqual(['pan']);
    });

    it('joins a number across a silent pause up to longPauseMs, muting each piece and not the pause', () => {
      const words = say('four one one one one one one one <5000> one one one one one one one one');
      const spans = detectSpokenCardData(words);
      expect(kinds(spans)).toEqual(['pan', 'pan']);
      expect(spans.map((s) => [s.masked, s.notes])).toEqual([
        ['•••• 1111', ['joined-across-interruptions']],
        ['•••• 1111', ['joined-across-interruptions']],
      ]);
      expect(spans[0].endMs).toBe(words[7].endMs);
      expect(spans[1].startMs).toBe(words[8].startMs);
      expect(detectSpokenCardData(words, { longPauseMs: 4000 })).toEqual([]);
      expect(detectSpokenCardData(words, { contextJoin: false })).toEqual([]);
      expect(kinds(detectSpokenCardData(words, { longPauseMs: 4000, maxGapMs: 6000 }))).toEqual(['pan']);
    });

    it('joins a number across a hold phrase or a backchannel from either side', () => {
      const caller = say('four one one one one one one one <1000> hang on <3000> one one one one one one one one');
      expect(kinds(detectSpokenCardData(caller))).toEqual(['pan', 'pan']);
      const first = say('four one one one one one one one');
      const agent = say('take your time', { at: endOf(first) + 1500, channel: 0 });
      const second = say('one one one one one one one one', { at: endOf(agent) + 1500 });
      expect(kinds(detectSpokenCardData([...first, ...agent, ...second]))).toEqual(['pan', 'pan']);
    });

    it('does not join pieces across the same voice talking about something else', () => {
      const caller = say(
        'four one one one one one one one <1000> and my phone number is <1000> one one one one one one one one',
      );
      expect(detectSpokenCardData(caller)).toEqual([]);
    });

    it("joins pieces across the other voice's talk only into a Luhn-valid number, and not across a card prompt", () => {
      const at = (first: string, talk: string, second: string) => {
        const a = say(first);
        const agent = say(talk, { at: endOf(a) + 500, channel: 0 });
        const b = say(second, { at: endOf(agent) + 500 });
        return detectSpokenCardData([...a, ...agent, ...b]);
      };
      // 4111 1111 1111 1111 in two pieces around a sentence of the agent's: muted, both pieces.
      const split = at(
        'four one one one one one',
        'hold on let me just write that down',
        'one one one one one one one one one one',
      );
      expect(split.map((sp) => [sp.kind, sp.luhn])).toEqual([
        ['pan', true],
        ['pan', true],
      ]);
      expect(
        at('four one one one one one one one', 'which branch did you visit', 'one one one one one one one one'),
      ).toHaveLength(2);
      // Not Luhn-valid together: two numbers, left audible.
      expect(
        at('four one one one one one one one', 'which branch did you visit', 'one one one one one one one two'),
      ).toEqual([]);
      // A card prompt in the talk starts a number; it does not finish the one before.
      expect(
        at('four one one one one one', 'thanks and what is the card number', 'one one one one one one one one one one'),
      ).toEqual([]);
    });

    it('finds the card number in a run that also holds a phone number before it', () => {
      const words = say('415 555 0134 4111 1111 1111 1111');
      const spans = detectSpokenCardData(words);
      expect(spans).toHaveLength(1);
      expect(spans[0]).toMatchObject({ kind: 'pan', luhn: true, masked: '•••• 1111' });
    });

    it('scales confidence by the recogniser confidence', () => {
      const sure = detectSpokenCardData(say('4111 1111 1111 1111', { confidence: 1 }))[0];
      const unsure = detectSpokenCardData(say('4111 1111 1111 1111', { confidence: 0.4 }))[0];
      expect(unsure.confidence).toBeLessThan(sure.confidence);
      expect(unsure.confidence).toBeGreaterThan(0.5);
    });
  });

  describe('digit runs that fail Luhn', () => {
    // One digit misheard: the last 1 of a test Visa number came out as 2.
    const misheard = say('four one one one one one one one one one one one one one one two');

    it('are muted by default, flagged luhn: false, lower confidence and no digits', () => {
      const spans = detectSpokenCardData(misheard);
      expect(spans).toHaveLength(1);
      expect(spans[0]).toMatchObject({ kind: 'pan', luhn: false, masked: '••••' });
      expect(spans[0].confidence).toBeLessThan(0.6);
      expect(spans[0].startMs).toBe(misheard[0].startMs);
      expect(spans[0].endMs).toBe(endOf(misheard));
    });

    it('are left alone when the policy says so', () => {
      expect(detectSpokenCardData(misheard, { muteUnverifiedDigitRuns: false })).toHaveLength(0);
    });

    it('count from twelve digits by default, and the threshold is configurable', () => {
      const twelve = say('one two three four five six seven eight nine one two three');
      const eleven = say('one two three four five six seven eight nine one two');
      expect(detectSpokenCardData(twelve)).toHaveLength(1);
      expect(detectSpokenCardData(eleven)).toHaveLength(0);
      expect(detectSpokenCardData(twelve, { minUnverifiedDigits: 14 })).toHaveLength(0);
    });

    it('do not include international phone numbers, which start with 00 or +', () => {
      expect(detectSpokenCardData(say('call me on 0044 20 7946 0958'))).toEqual([]);
      expect(detectSpokenCardData(say('call me on oh oh four four twenty 7946 0958'))).toEqual([]);
      expect(detectSpokenCardData(say('call me on +44 20 7946 0958'))).toEqual([]);
    });

    it('do include other long numbers, such as a phone number with an extension (a policy trade-off)', () => {
      const words = say('call 415 555 0134 extension 22');
      expect(detectSpokenCardData(words)).toEqual([]);
      const run = say('call 415 555 0134 22');
      expect(kinds(detectSpokenCardData(run))).toEqual(['pan?']);
      expect(detectSpokenCardData(run, { muteUnverifiedDigitRuns: false })).toEqual([]);
    });

    it('cover a misheard number said together with its expiry and CVV', () => {
      const words = say('4111 1111 1111 1112 0427 123');
      const spans = detectSpokenCardData(words);
      expect(spans.length).toBeGreaterThanOrEqual(1);
      expect(Math.min(...spans.map((s) => s.startMs))).toBe(words[0].startMs);
      expect(Math.max(...spans.map((s) => s.endMs))).toBe(endOf(words));
    });
  });

  describe('CVV', () => {
    it.each([
      ['what is the security code', 'one two three'],
      ['and the CVV please', 'seven three seven'],
      ['the C.V.C.?', 'four five six'],
      ['the CV2 number', 'nine nine nine'],
      ['the three-digit code on the back', 'one two three'],
      ['and the three digit code', 'double one two'],
      ['the four digit security code', 'one two three four'],
    ])('after the agent asks "%s" on the other channel', (question, answer) => {
      const asked = say(question, { channel: 0 });
      const answered = say(answer, { at: endOf(asked) + 1200, channel: 1 });
      const spans = detectSpokenCardData([...asked, ...answered]);
      expect(spans).toEqual([
        expect.objectContaining({
          kind: 'cvv',
          channel: 1,
          masked: '•••',
          startMs: answered[0].startMs,
          endMs: endOf(answered),
        }),
      ]);
      expect(spans[0]).not.toHaveProperty('luhn');
    });

    it('when said just before naming it', () => {
      const words = say('um one two three is the security code');
      expect(kinds(detectSpokenCardData(words))).toEqual(['cvv']);
    });

    it('right after a card number, in a run of its own', () => {
      const pan = say('4111 1111 1111 1111');
      const cvv = say('seven three seven', { at: endOf(pan) + 4000 });
      expect(kinds(detectSpokenCardData([...pan, ...cvv]))).toEqual(['pan', 'cvv']);
    });

    it('not when the cue is long past', () => {
      const asked = say('what is the security code', { channel: 0 });
      const later = say('one two three', { at: endOf(asked) + 30_000 });
      expect(detectSpokenCardData([...asked, ...later])).toEqual([]);
    });

    it('only for the first number after the cue', () => {
      const asked = say('security code', { channel: 0 });
      const answer = say('one two three <3000> and four hundred dollars', { at: endOf(asked) + 500 });
      expect(kinds(detectSpokenCardData([...asked, ...answer]))).toEqual(['cvv']);
    });
  });

  describe('expiry', () => {
    it.each([
      ['oh four twenty seven'],
      ['April twenty twenty seven'],
      ['April of twenty seven'],
      ['04/27'],
      ['zero four slash two seven'],
      ['twelve twenty nine'],
      ['oh four two thousand twenty seven'],
    ])('"%s" after the expiry is asked for', (answer) => {
      const asked = say('and the expiry date', { channel: 0 });
      const answered = say(answer, { at: endOf(asked) + 800 });
      const spans = detectSpokenCardData([...asked, ...answered]);
      expect(spans).toEqual([
        expect.objectContaining({ kind: 'expiry', channel: 1, masked: '••/••', startMs: answered[0].startMs }),
      ]);
    });

    it.each([['expires'], ['expiration'], ['valid thru'], ['exp date']])('after "%s" on the same channel', (cue) => {
      const words = say(`it ${cue} oh four twenty seven`);
      expect(kinds(detectSpokenCardData(words))).toEqual(['expiry']);
    });

    it('right after a card number, then the CVV, each in its own run', () => {
      const pan = say('4111 1111 1111 1111');
      const expiry = say('twelve twenty nine', { at: endOf(pan) + 3000 });
      const cvv = say('one two three', { at: endOf(expiry) + 3000 });
      expect(kinds(detectSpokenCardData([...pan, ...expiry, ...cvv]))).toEqual(['pan', 'expiry', 'cvv']);
    });

    it('and CVV said in one breath with the card number', () => {
      const words = say(
        'four one one one one one one one one one one one one one one one oh four twenty seven one two three',
      );
      const spans = detectSpokenCardData(words);
      expect(kinds(spans)).toEqual(['pan', 'expiry', 'cvv']);
      expect(spans[0].masked).toBe('•••• 1111');
      expect(spans[2].endMs).toBe(endOf(words));
    });

    it('and CVV as one answer to a question that names both', () => {
      const asked = say('the expiry and security code please', { channel: 0 });
      const answer = say('oh four twenty seven, one two three', { at: endOf(asked) + 1000 });
      expect(kinds(detectSpokenCardData([...asked, ...answer]))).toEqual(['expiry', 'cvv']);
    });

    it('not for a date-like number with no cue and no card number before it', () => {
      expect(detectSpokenCardData(say('I called on twelve twenty nine'))).toEqual([]);
    });
  });

  describe('numbers that are not card data', () => {
    it.each([
      ['my number is 415 555 0134'],
      ['my number is four one five, five five five, oh one three four'],
      ['call one eight hundred five five five oh one three four'],
      ['it is 020 7946 0958'],
      ['that will be two hundred dollars'],
      ['your order number twelve'],
      ['one two three four five six seven eight nine ten'],
      ['I have two kids and four dogs and twenty seven cats'],
      ['it costs $200 or 15% more'],
      ['the year twenty twenty four'],
    ])('"%s"', (script) => {
      expect(detectSpokenCardData(say(script))).toEqual([]);
    });
  });

  describe('channels', () => {
    it('keeps a number on the channel that said it', () => {
      const agent = say('can I have the card number', { channel: 0 });
      const customer = say('4111 1111 1111 1111', { at: endOf(agent) + 500, channel: 1 });
      const spans = detectSpokenCardData([...agent, ...customer]);
      expect(spans.map((s) => s.channel)).toEqual([1]);
    });

    it('does not join digits from two channels into one number', () => {
      const a = say('four one one one one one one one', { channel: 0 });
      const b = say('one one one one one one one one', { at: 100, channel: 1 });
      expect(detectSpokenCardData([...a, ...b], { muteUnverifiedDigitRuns: true })).toEqual([]);
    });

    it('finds a number on each channel when both say one', () => {
      const customer = say('4111 1111 1111 1111', { channel: 1 });
      const agent = say('4111 1111 1111 1111', { at: endOf(customer) + 500, channel: 0 });
      expect(detectSpokenCardData([...customer, ...agent]).map((s) => s.channel)).toEqual([1, 0]);
    });

    it('reports words without a channel as all channels', () => {
      const spans = detectSpokenCardData(say('4111 1111 1111 1111', { channel: null }));
      expect(spans).toEqual([expect.objectContaining({ kind: 'pan', channel: null })]);
    });
  });

  describe('Amazon Transcribe input', () => {
    const item = (label: string, content: string, start: number, end: number, confidence = '0.99') => ({
      channel_label: label,
      start_time: start.toFixed(3),
      end_time: end.toFixed(3),
      alternatives: [{ confidence, content }],
      type: 'pronunciation',
    });
    const mark = (label: string, content: string) => ({
      channel_label: label,
      alternatives: [{ confidence: '0.0', content }],
      type: 'punctuation',
    });
    const seq = (label: string, text: string, start: number) =>
      text.split(' ').flatMap((w, i) => {
        const m = /^(.*?)([.,?])$/.exec(w);
        const at = start + i * 0.4;
        return m ? [item(label, m[1], at, at + 0.3), mark(label, m[2])] : [item(label, w, at, at + 0.3)];
      });

    const agent = [
      ...seq('ch_0', 'Thank you. Can I take the long number on the card?', 3.2),
      ...seq('ch_0', 'And the three digit security code on the back?', 19.5),
    ];
    const customer = [
      ...seq('ch_1', 'Sure, it is 4111 1111, 1111 1111.', 8.1),
      ...seq('ch_1', 'Um, seven three seven.', 23.9),
    ];
    const document = {
      jobName: 'call-8812',
      accountId: '111122223333',
      results: {
        transcripts: [{ transcript: 'Thank you. Can I take the long number on the card? ...' }],
        channel_labels: {
          channels: [
            { channel_label: 'ch_0', items: agent },
            { channel_label: 'ch_1', items: customer },
          ],
          number_of_channels: 2,
        },
        items: [...agent, ...customer].map((it, id) => ({ id, ...it })),
      },
      status: 'COMPLETED',
    };

    it('finds the card number and the CVV on the customer channel', () => {
      const words = parseTranscript({ format: 'aws-transcribe', document }).words;
      const spans = detectSpokenCardData(words);
      expect(spans).toEqual([
        expect.objectContaining({
          kind: 'pan',
          channel: 1,
          startMs: 9300,
          endMs: 10_800,
          luhn: true,
          masked: '•••• 1111',
        }),
        expect.objectContaining({ kind: 'cvv', channel: 1, startMs: 24_300, endMs: 25_400, masked: '•••' }),
      ]);
    });

    it('reads the same call without channel labels as one shared channel', () => {
      const mono = {
        results: {
          transcripts: document.results.transcripts,
          items: [...agent, ...customer].map(({ channel_label: _, ...it }) => it),
        },
      };
      const spans = detectSpokenCardData(parseTranscript({ format: 'aws-transcribe', document: mono }).words);
      expect(spans.map((s) => [s.kind, s.channel])).toEqual([
        ['pan', null],
        ['cvv', null],
      ]);
    });
  });

  describe('hostile input', () => {
    it('mutes an endless digit run whole, quickly', () => {
      const words = say(Array.from({ length: 100_000 }, () => 'one').join(' '));
      const started = Date.now();
      const spans = detectSpokenCardData(words, { muteUnverifiedDigitRuns: false });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(spans).toEqual([expect.objectContaining({ kind: 'pan', luhn: false, startMs: 0, endMs: endOf(words) })]);
    });

    it('handles many runs just under the limit', () => {
      const run = Array.from({ length: 64 }, (_, i) => ONE_TO_NINE[i % 9]).join(' ');
      const words = say(Array.from({ length: 300 }, () => run).join(' hello '));
      const started = Date.now();
      detectSpokenCardData(words);
      expect(Date.now() - started).toBeLessThan(5000);
    });
  });

  describe('never leaks the card number', () => {
    const pan = VISA_TEST_PAN;
    const scripts = [
      '4111 1111 1111 1111 0427 123',
      'four one one one one one one one one one one one one one one one',
      'four one one one one one one one one one one one one one one two',
    ];

    it.each(scripts)('in any returned field for "%s"', (script) => {
      const json = JSON.stringify(detectSpokenCardData(say(script)));
      expect(json).not.toContain(pan);
      expect(json).not.toContain(pan.slice(0, 12));
      expect(json).not.toMatch(/\d{5,}/);
      expect(json).not.toContain('0427');
      expect(json).not.toContain('123');
    });

    it('in parser errors about the words that hold it', () => {
      const words = [
        ...say('4111 1111 1111 1111').map((w) => ({ text: w.text, startMs: w.startMs, endMs: w.endMs })),
        { text: pan, startMs: 'late', endMs: 1 },
        { text: pan, startMs: 9, endMs: 1 },
      ];
      const messages: string[] = [];
      for (const bad of [words, words.slice(0, 4).concat(words[5])]) {
        try {
          parseTranscript({ format: 'words', words: bad });
        } catch (err) {
          expect(err).toBeInstanceOf(TranscriptFormatError);
          messages.push((err as Error).message, JSON.stringify(err));
        }
      }
      expect(messages).toHaveLength(4);
      for (const m of messages) {
        expect(m).not.toContain(pan);
        expect(m).not.toContain('1111');
      }
    });
  });
});
