import { isIssuedPan, isPan, maskDigits } from './card-number';

/**
 * Card data typed into free text (consent evidence, hold reasons, purposes, labels): the same
 * rule as the transcript detector — a Luhn-valid run of 13–19 digits in any spacing is a card
 * number — plus an expiry or a 3–4 digit code next to one, or after a CVV/expiry cue. Masked
 * before anything is stored or logged: `•••• 1111`, `••/••`, `•••`.
 */

/** Digit groups joined by up to three separators: spaces (any), - . / _ and the like. */
const DIGIT_RUN = /\d+(?:[\s\u00a0\u2000-\u200b\u2010-\u2015\u2212\-./_·]{1,3}\d+)*/gu;
const SEPARATOR = /[^\d]+/u;
/**
 * A UUID is an identifier, never card data: its digit groups are not scanned. About 1 random UUID in 400
 * holds a Luhn-valid run of 13–19 digits across its hyphens, which was masked (a recording id in the
 * audit log, unfindable) or refused (a UUID as idempotency key).
 */
const UUID = /(?<![\p{L}\p{N}])[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}(?![\p{L}\p{N}])/giu;
/** Characters either side of a card number in which an expiry or a short code is card data too. */
const NEAR = 48;
const EXPIRY = /(?<!\d)(0?[1-9]|1[0-2])\s{0,2}[/\-.]\s{0,2}(\d{4}|\d{2})(?!\d)/gu;
const SHORT_CODE = /(?<![\d.,:])\d{3,4}(?![\d.,:]|\s*[/\-.]\s*\d)/gu;
const CUED =
  /\b(cvv2?|cvc2?|cid|csc|cav2?|security\s+code|card\s+code|verification\s+(?:code|value)|exp(?:iry|iration)?(?:\s+date)?|valid\s+(?:thru|through|until)|expires?)\b[\s:=#\-"']{0,4}((?:0?[1-9]|1[0-2])\s{0,2}[/\-.]\s{0,2}(?:\d{4}|\d{2})|\d{3,4})(?!\d)/giu;

/** Masks card data in one string; `masked` says whether anything changed. */
export function maskCardText(text: string): { text: string; masked: boolean } {
  // Card numbers first, remembering where each masked one sits in the output.
  const pans: { from: number; to: number }[] = [];
  let out = '';
  let last = 0;
  for (const m of digitRuns(text)) {
    const masked = maskPansInRun(m[0], text[m.index - 1] === '+');
    out += text.slice(last, m.index);
    if (masked !== m[0]) pans.push({ from: out.length, to: out.length + masked.length });
    out += masked;
    last = m.index + m[0].length;
  }
  out += text.slice(last);
  if (pans.length > 0) {
    // Expiry dates and short codes next to a card number.
    out = replaceDigitRuns(out, (run, offset) => {
      const near = pans.some((p) => offset < p.to + NEAR && offset + run.length > p.from - NEAR);
      if (!near || pans.some((p) => offset >= p.from && offset < p.to)) return run;
      return run.replace(EXPIRY, '••/••').replace(SHORT_CODE, (d) => '•'.repeat(d.length));
    });
  }
  out = out.replace(
    CUED,
    (all: string, _cue: string, value: string) => all.slice(0, all.length - value.length) + value.replace(/\d/g, '•'),
  );
  return { text: out, masked: out !== text };
}

/**
 * True when the text holds a card number a payment brand could have issued: for fields that must
 * refuse rather than mask (ids, names). Free text masks every Luhn-valid run; an id is refused only
 * with an issuer prefix, so a numeric or date-stamped id that passes Luhn by chance (1 in 10) is kept.
 */
export function containsCardNumber(text: string): boolean {
  let found = false;
  replaceDigitRuns(text, (run, offset) => {
    if (maskPansInRun(run, text[offset - 1] === '+', isIssuedPan) !== run) found = true;
    return run;
  });
  return found;
}

/**
 * Masks card data in every string (and object key) of a JSON value. Returns the masked copy and
 * the JSON paths that were masked, e.g. `consent[0].evidence.note`. Paths in `skip` are left as
 * they are (a transcript goes to the transcript detector, which needs its digits). Strings outside
 * `freeText` paths (ids, references) are never rewritten: their paths are listed in `refused` when they
 * hold a card number with an issuer prefix, and kept as given otherwise.
 */
export function maskCardData(
  value: unknown,
  root = '',
  skip: readonly string[] = [],
  freeText: (path: string) => boolean = () => true,
): { value: unknown; masked: string[]; refused: string[] } {
  const masked: string[] = [];
  const refused: string[] = [];
  const walk = (v: unknown, path: string, depth: number): unknown => {
    if (skip.includes(path)) return v;
    if (typeof v === 'string') {
      // Ids and references are kept as given or refused, never rewritten.
      if (!freeText(path)) {
        if (containsCardNumber(v)) refused.push(path || '(body)');
        return v;
      }
      const r = maskCardText(v);
      if (r.masked) masked.push(path || '(body)');
      return r.text;
    }
    // Deeper than any legitimate input; the nesting-depth limit refuses such bodies before this.
    if (depth > 64 || v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((item, i) => walk(item, `${path}[${i}]`, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
      // Paths name keys masked, whatever is kept: they go into error messages.
      const key = maskCardText(k);
      const childPath = path ? `${path}.${key.text}` : key.text;
      const name = freeText(childPath) ? key.text : k;
      if (key.masked && name !== k) masked.push(childPath);
      else if (key.masked && containsCardNumber(k)) refused.push(childPath);
      out[name] = walk(item, childPath, depth + 1);
    }
    return out;
  };
  return { value: walk(value, root, 0), masked: [...new Set(masked)], refused: [...new Set(refused)] };
}

/** The runs of digit groups in `text`, outside UUIDs (each match's text and index are the original's). */
function digitRuns(text: string): IterableIterator<RegExpExecArray> {
  return text.replace(UUID, (id) => 'x'.repeat(id.length)).matchAll(DIGIT_RUN);
}

function replaceDigitRuns(text: string, fn: (run: string, offset: number) => string): string {
  let out = '';
  let last = 0;
  for (const m of digitRuns(text)) {
    out += text.slice(last, m.index) + fn(m[0], m.index);
    last = m.index + m[0].length;
  }
  return out + text.slice(last);
}

/**
 * One run of digit groups: every stretch of whole groups holding 13–19 digits that passes Luhn is
 * masked. A run right after `+` of at most 15 digits is a phone number (E.164), not a card.
 */
function maskPansInRun(run: string, afterPlus: boolean, pan: (digits: string) => boolean = isPan): string {
  const groups = run.split(SEPARATOR);
  const seps = run.match(/[^\d]+/gu) ?? [];
  const total = groups.reduce((n, g) => n + g.length, 0);
  if (total < 13 || (afterPlus && total <= 15)) return run;
  const hit = new Array<boolean>(groups.length).fill(false);
  for (let i = 0; i < groups.length; i++) {
    let digits = '';
    for (let j = i; j < groups.length && digits.length < 19; j++) {
      digits += groups[j];
      if (pan(digits)) for (let k = i; k <= j; k++) hit[k] = true;
    }
  }
  if (!hit.includes(true)) return run;
  let out = '';
  for (let i = 0; i < groups.length;) {
    if (!hit[i]) {
      out += groups[i] + (seps[i] ?? '');
      i++;
      continue;
    }
    let digits = '';
    let j = i;
    while (j < groups.length && hit[j]) digits += groups[j++];
    out += maskDigits(digits) + (seps[j - 1] ?? '');
    i = j;
  }
  return out;
}
