import { AppException } from './errors/app.exception';
import { cleanFreeText, hasControlCharacters, refuseUnstorableText, storableText } from './validation';

describe('refuseUnstorableText', () => {
  const refusal = (value: unknown, root?: string) => {
    try {
      refuseUnstorableText(value, root);
    } catch (e) {
      return e instanceof AppException ? e.message.split(':')[0] : 'not an AppException';
    }
    return null;
  };

  it('names the first string holding a NUL or an unpaired surrogate, at any depth', () => {
    expect(refusal({ a: [{ b: 'ok' }, { b: 'x\u0000' }] })).toBe('a[1].b');
    expect(refusal({ transcript: { words: [{ text: 'hi\ud800' }] } }, 'metadata')).toBe(
      'metadata.transcript.words[0].text',
    );
    expect(refusal({ a: 'trailing high \udbff' })).toBe('a');
    expect(refusal({ a: '\udc00 leading low' })).toBe('a');
    expect(refusal('\u0000')).toBe('(body)');
  });

  it('names a bad key with the bad character replaced', () => {
    expect(refusal({ 'k\u0000': 1 })).toBe('k\ufffd');
  });

  it('accepts paired surrogates (emoji), other controls and non-strings', () => {
    expect(refusal({ a: '😀 \ud83d\ude00', b: 'tab\tline\n', c: [1, true, null], d: 'ü\u202e' })).toBeNull();
  });
});

describe('cleanFreeText', () => {
  it('drops unpaired surrogates as it drops controls, and keeps paired ones', () => {
    expect(cleanFreeText('a\ud800b 😀')).toBe('ab 😀');
    expect(hasControlCharacters('id\udc00')).toBe(true);
    expect(hasControlCharacters('id😀')).toBe(false);
  });
});

describe('storableText', () => {
  it('drops NULs and unpaired surrogates, and keeps everything else (paired surrogates too)', () => {
    expect(storableText('hi\u0000 there')).toBe('hi there');
    expect(storableText('a\ud800b\udc00c')).toBe('abc');
    expect(storableText('four 😀 one')).toBe('four 😀 one');
    expect(storableText('quatre-vingt-dix')).toBe('quatre-vingt-dix');
  });
});
