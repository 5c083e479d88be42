import fc from 'fast-check';
import { CALL_PAN } from '../../../test/fixtures/call';
import { LONG_PHONE_NUMBERS, MASTERCARD_TEST_PAN, VISA_TEST_PAN } from '../../../test/fixtures/cards';
import { luhnValid } from './card-number';
import { containsCardNumber, maskCardData, maskCardText } from './card-text';

/** Issuer prefixes and lengths of the common brands (Visa, Mastercard old and 2-series, Amex, Discover, JCB, Diners, UnionPay, Maestro). */
const BRANDS: { prefix: string; lengths: number[] }[] = [
  { prefix: '4', lengths: [13, 16, 19] },
  { prefix: '51', lengths: [16] },
  { prefix: '55', lengths: [16] },
  { prefix: '2221', lengths: [16] },
  { prefix: '2720', lengths: [16] },
  { prefix: '34', lengths: [15] },
  { prefix: '37', lengths: [15] },
  { prefix: '6011', lengths: [16, 19] },
  { prefix: '65', lengths: [16] },
  { prefix: '3528', lengths: [16, 19] },
  { prefix: '3589', lengths: [16] },
  { prefix: '36', lengths: [14] },
  { prefix: '300', lengths: [14] },
  { prefix: '62', lengths: [16, 17, 18, 19] },
  { prefix: '6759', lengths: [13, 16, 18] },
];

function withCheckDigit(body: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(body + String(d))) return body + String(d);
  throw new Error('unreachable');
}

const pan = fc
  .record({
    brand: fc.constantFrom(...BRANDS),
    pick: fc.nat(),
    fill: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 19, maxLength: 19 }),
  })
  .map(({ brand, pick, fill }) => {
    const length = brand.lengths[pick % brand.lengths.length];
    return withCheckDigit(brand.prefix + fill.slice(0, length - 1 - brand.prefix.length).join(''));
  });

/** Ways people and systems write a card number. */
const SPACINGS: ((d: string) => string)[] = [
  (d) => d,
  (d) => d.replace(/(\d{4})(?=\d)/g, '$1 '),
  (d) => d.replace(/(\d{4})(?=\d)/g, '$1-'),
  (d) => d.replace(/(\d{4})(?=\d)/g, '$1.'),
  (d) => d.replace(/(\d{4})(?=\d)/g, '$1  '),
  (d) => d.replace(/(\d{4})(?=\d)/g, '$1\t'),
  (d) => d.replace(/(\d{4})(?=\d)/g, '$1\u00a0'),
  (d) => d.replace(/(\d{4})(?=\d)/g, '$1 - '),
  (d) => d.split('').join(' '),
  (d) => d.replace(/^(\d{4})(\d{6})(\d+)$/, '$1 $2 $3'),
  (d) => d.replace(/(\d{3})(?=\d)/g, '$1/'),
  (d) => d.replace(/(\d{2})(?=\d)/g, '$1_'),
];

const PHRASINGS: ((p: string, exp: string, cvv: string) => string)[] = [
  (p) => p,
  (p) => `card ${p}`,
  (p, e, c) => `Customer read card ${p} exp ${e} cvv ${c} during the call`,
  (p, e, c) => `${p}, ${e}, ${c}`,
  (p, e, c) => `pan=${p};expiry=${e};cvc=${c}`,
  (p, e, c) => `Visa ${p} valid thru ${e} security code: ${c}`,
  (p, e, c) => `cvv ${c} and expiry ${e} for card number ${p}`,
  (p, e, c) => `"${p}" (${e}) [${c}]`,
  (p) => `the number is\n${p}\nthanks`,
];

const expiry = fc
  .record({ m: fc.integer({ min: 1, max: 12 }), y: fc.integer({ min: 25, max: 39 }), long: fc.boolean() })
  .map(({ m, y, long }) => `${String(m).padStart(2, '0')}/${long ? '20' : ''}${y}`);
const cvv = fc.oneof(fc.integer({ min: 100, max: 999 }), fc.integer({ min: 1000, max: 9999 })).map(String);

describe('card data in free text', () => {
  it('masks every generated card number, its expiry and code, whatever the brand, spacing or phrasing', () => {
    fc.assert(
      fc.property(
        pan,
        fc.nat(SPACINGS.length - 1),
        fc.nat(PHRASINGS.length - 1),
        expiry,
        cvv,
        (digits, s, ph, exp, code) => {
          const text = PHRASINGS[ph](SPACINGS[s](digits), exp, code);
          const { text: out, masked } = maskCardText(text);
          expect(masked).toBe(true);
          expect(out).toContain(`•••• ${digits.slice(-4)}`);
          expect(containsCardNumber(out)).toBe(false);
          expect(out.replace(/\D/g, '')).not.toContain(digits.slice(0, 8));
          if (text.includes(exp)) expect(out).not.toContain(exp);
          // The mask keeps the last four on purpose; a code that happens to equal them can't be told apart there.
          const shown = out.replace(`•••• ${digits.slice(-4)}`, '•••• ····');
          if (text.includes(` ${code}`) || text.includes(`=${code}`) || text.includes(`[${code}]`))
            expect(shown).not.toMatch(new RegExp(`(?<!\\d)${code}(?!\\d)`));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('masks a cued code or expiry without a card number nearby', () => {
    expect(maskCardText('CVV 123').text).toBe('CVV •••');
    expect(maskCardText('security code: 4321').text).toBe('security code: ••••');
    expect(maskCardText('expires 12/29').text).toBe('expires ••/••');
  });

  it('leaves text without card data alone: phone numbers, dates, ids, amounts', () => {
    for (const text of [
      `call back on ${LONG_PHONE_NUMBERS.join(' or ')}`,
      'order 12345678 placed 2026-12-02T13:57:57.123Z',
      'ticket 550e8400-e29b-41d4-a716-446655440000',
      'paid 100 euros, ref 1234',
      '4111 1111 1111 1112', // fails Luhn
      '123456789012', // 12 digits
      'IVR prompt 7 pressed 1',
    ]) {
      expect(maskCardText(text)).toEqual({ text, masked: false });
    }
  });

  it('never reads a card number into a UUID, and still masks one beside it', () => {
    // Luhn-valid 13–19 digit runs across the hyphens; the second with an issuer prefix (4…).
    const ids = ['18f71235-4710-4139-8db8-2bc70ea25859', '82883153-2e36-4626-8553-16707481db26'];
    for (const id of [...ids, ids[0].toUpperCase()]) {
      expect(maskCardText(id)).toEqual({ text: id, masked: false });
      expect(containsCardNumber(id)).toBe(false);
    }
    expect(maskCardData({ placed: ids })).toEqual({ value: { placed: ids }, masked: [], refused: [] });
    // About 1 random UUID in 400 was masked.
    fc.assert(
      fc.property(fc.uuid(), (id) => !maskCardText(id).masked),
      { numRuns: 5000, seed: 7 },
    );
    const pan = CALL_PAN.join('');
    const spaced = pan.replace(/(\d{4})(?=\d)/g, '$1 ');
    expect(maskCardText(`card ${spaced} exp 12/29 for ${ids[0]}`).text).toBe(
      `card •••• ${pan.slice(-4)} exp ••/•• for ${ids[0]}`,
    );
    expect(maskCardText(`${pan}-${ids[1]}`).text).toBe(`•••• ${pan.slice(-4)}-${ids[1]}`);
  });

  it('masks keys and nested values of a JSON document and names the paths', () => {
    const spacedVisa = VISA_TEST_PAN.replace(/(\d{4})(?=\d)/g, '$1 ');
    const r = maskCardData(
      {
        consent: [
          { evidence: { note: `card ${spacedVisa} exp 12/29 cvv 123`, [MASTERCARD_TEST_PAN]: 'x', ok: 'fine' } },
        ],
        transcript: { text: VISA_TEST_PAN },
      },
      'metadata',
      ['metadata.transcript'],
    );
    expect(r.masked.sort()).toEqual(['metadata.consent[0].evidence.note', 'metadata.consent[0].evidence.•••• 0004']);
    expect(JSON.stringify(r.value)).toContain('card •••• 1111 exp ••/•• cvv •••');
    expect(JSON.stringify(r.value)).toContain(`"transcript":{"text":"${VISA_TEST_PAN}"}`);
  });
});

describe('card numbers in ids', () => {
  it('refuses numbers with a payment issuer prefix and keeps ids that pass Luhn by chance', () => {
    const withCheck = (body: string) => {
      for (let d = 0; d < 10; d++) if (luhnValid(`${body}${d}`)) return `${body}${d}`;
      throw new Error('unreachable');
    };
    // Brand prefixes: refused.
    for (const body of ['411111111111111', '555555555555444', '22231234567890', '37828224631000', '601111111111111'])
      expect(containsCardNumber(`call-${withCheck(body)}`)).toBe(true);
    // Date-stamped and other non-issuer ids: kept, though they pass Luhn.
    for (const body of ['2026120312345678', '1733212345678', '7000000000000000', '9123456789012345', '3300000000000'])
      expect(containsCardNumber(`call-${withCheck(body)}`)).toBe(false);
    // 1 in 10 random 16-digit ids passes Luhn; far fewer are refused now.
    let refused = 0;
    let luhn = 0;
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{16}$/), (id) => {
        if (luhnValid(id)) luhn++;
        if (containsCardNumber(id)) refused++;
      }),
      { numRuns: 5000, seed: 7 },
    );
    expect(luhn).toBeGreaterThan(350);
    expect(refused).toBeLessThan(luhn * 0.6);
  });

  it('keeps id fields as given and names refused ones without their digits', () => {
    const pan = VISA_TEST_PAN;
    const r = maskCardData(
      { externalCallId: '2026120312345671', consent: [{ evidence: { said: `card ${pan}` } }], ref: { [pan]: 'x' } },
      'metadata',
      [],
      (p) => p.includes('.evidence'),
    );
    expect(r.value).toMatchObject({
      externalCallId: '2026120312345671',
      consent: [{ evidence: { said: 'card •••• 1111' } }],
    });
    expect(r.masked).toEqual(['metadata.consent[0].evidence.said']);
    expect(r.refused).toEqual(['metadata.ref.•••• 1111']);
  });
});
