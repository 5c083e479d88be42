import { digitRuns, digitTokens, type TimedText } from './digit-normaliser';
import { VISA_TEST_PAN } from '../../../../test/fixtures/cards';

/** One word per space, 300 ms each with 100 ms between, like steady dictation. */
function words(phrase: string, startMs = 0): TimedText[] {
  return phrase.split(' ').map((text, i) => ({ text, startMs: startMs + i * 400, endMs: startMs + i * 400 + 300 }));
}

/** Digits of each run, runs separated by a space. */
function spoken(phrase: string): string {
  return digitRuns(words(phrase))
    .map((r) => r.digits)
    .join(' ');
}

describe('digit normaliser', () => {
  const table: Array<[string, string]> = [
    // digit words
    ['four one one one', '4111'],
    ['zero', '0'],
    ['oh', '0'],
    ['oh four', '04'],
    ['o four', '04'],
    ['nought seven', '07'],
    ['naught', '0'],
    ['one two three four five six seven eight nine zero', '1234567890'],
    ['FOUR One', '41'],
    // numerals and digit groups
    ['4111', '4111'],
    ['3782', '3782'],
    ['4111-1111', '41111111'],
    ['4111 1111 1111 1111', VISA_TEST_PAN],
    ['4,111', '4111'],
    ['(415) 555-0134', '4155550134'],
    ['+44 20 7946 0958', '00442079460958'],
    ['04/27', '0427'],
    ['4111.', '4111'],
    // double / triple
    ['double four', '44'],
    ['triple one', '111'],
    ['treble two', '222'],
    ['quadruple nine', '9999'],
    ['double oh', '00'],
    ['double 4', '44'],
    ['four double one', '411'],
    ['double four double five', '4455'],
    ['triple', ''],
    ['double forty', '40'],
    // tens and teens in pairs
    ['forty one', '41'],
    ['twenty seven', '27'],
    ['twelve', '12'],
    ['forty', '40'],
    ['nineteen', '19'],
    ['ten', '10'],
    ['ninety nine', '99'],
    ['forty one eleven', '4111'],
    ['thirty seven eighty two', '3782'],
    ['fifty five fifty five', '5555'],
    ['sixty eleven', '6011'],
    ['twenty twenty seven', '2027'],
    ['forty oh', '400'],
    // hundred / thousand when a number leads into them
    ['four hundred', '400'],
    ['four hundred twelve', '412'],
    ['four hundred and twelve', '412'],
    ['four hundred and five', '405'],
    ['seven hundred and', '700'],
    ['fifteen hundred', '1500'],
    ['forty one hundred', '4100'],
    ['one-eight-hundred', '1800'],
    ['two thousand twenty seven', '2027'],
    ['two thousand and nine', '2009'],
    ['a hundred', ''],
    // hyphens and attached punctuation
    ['forty-one', '41'],
    ['twenty-seven', '27'],
    ['four-one-one-one', '4111'],
    ['Four-1-1-One', '4111'],
    ['1111,', '1111'],
    ['four.', '4'],
    ['four, one, one, one.', '4111'],
    ['"four"', '4'],
    ['forty one, eleven', '4111'],
    // expiry forms
    ['oh four twenty seven', '0427'],
    ['twelve twenty nine', '1229'],
    ['zero four slash two seven', '0427'],
    ['April twenty twenty seven', '042027'],
    ['April of twenty seven', '0427'],
    ['dec 29', '1229'],
    ['may I help', ''],
    // fillers inside a number
    ['four um one uh one er one', '4111'],
    ['four ah one hmm one like one', '4111'],
    ['four sorry one okay one yeah one and one', '41111'],
    ['four four one one. one one one one', '44111111'],
    // words that end a number
    ['four one one one dollars two', '4111 2'],
    ['five five five five and then four', '5555 4'],
    ['order number twelve', '12'],
    ['two hundred dollars', '200'],
    ['$200', ''],
    ['3.50', ''],
    ['x-ray', ''],
    ['I can hear you', ''],
  ];

  it('has a broad table', () => {
    expect(table.length).toBeGreaterThanOrEqual(60);
  });

  it.each(table)('%s → %s', (phrase, expected) => {
    expect(spoken(phrase)).toBe(expected);
  });

  it('keeps the time of the words that said each token', () => {
    const tokens = digitTokens(words('card forty one double two'));
    expect(tokens).toEqual([
      expect.objectContaining({ digits: '41', startMs: 400, endMs: 1100, firstWord: 1, lastWord: 2 }),
      expect.objectContaining({ digits: '22', startMs: 1200, endMs: 1900, firstWord: 3, lastWord: 4 }),
    ]);
  });

  it('gives hyphenated parts the time of their word', () => {
    const [token] = digitTokens([{ text: 'forty-one', startMs: 100, endMs: 700 }]);
    expect(token).toMatchObject({ digits: '41', startMs: 100, endMs: 700, firstWord: 0, lastWord: 0 });
  });

  it('marks a lone "oh" as weak and month names as months', () => {
    const tokens = digitTokens(words('oh April twenty seven'));
    expect(tokens.map((t) => [t.digits, !!t.weak, !!t.month])).toEqual([
      ['0', true, false],
      ['04', false, true],
      ['27', false, false],
    ]);
  });

  it('takes the lowest word confidence of a token', () => {
    const [token] = digitTokens([
      { text: 'forty', startMs: 0, endMs: 300, confidence: 0.9 },
      { text: 'one', startMs: 400, endMs: 700, confidence: 0.6 },
    ]);
    expect(token.confidence).toBe(0.6);
  });

  it('bridges a short pause but splits at a long one', () => {
    const ws = [...words('four one one one'), ...words('two two', 1500 + 1900), ...words('three', 3400 + 2700 + 2500)];
    expect(digitRuns(ws).map((r) => r.digits)).toEqual(['411122', '3']);
    expect(digitRuns(ws, { maxGapMs: 1000 }).map((r) => r.digits)).toEqual(['4111', '22', '3']);
  });

  it('does not join words across a pause into one number', () => {
    const ws: TimedText[] = [
      { text: 'thirty', startMs: 0, endMs: 300 },
      { text: 'four', startMs: 1500, endMs: 1800 },
      { text: 'double', startMs: 1900, endMs: 2200 },
      { text: 'one', startMs: 3400, endMs: 3700 },
    ];
    expect(digitTokens(ws).map((t) => t.digits)).toEqual(['30', '4', '1']);
  });

  it('measures a pause from digit to digit, not from a filler', () => {
    const ws: TimedText[] = [
      { text: 'four', startMs: 0, endMs: 300 },
      { text: 'um', startMs: 1200, endMs: 1500 },
      { text: 'one', startMs: 2600, endMs: 2900 },
    ];
    expect(digitRuns(ws).map((r) => r.digits)).toEqual(['4', '1']);
  });

  it('reports each run from its first to its last word', () => {
    const [run] = digitRuns(words('it is four um one one'));
    expect(run).toMatchObject({ digits: '411', startMs: 800, endMs: 2300 });
    expect(run.tokens).toHaveLength(3);
  });
});
