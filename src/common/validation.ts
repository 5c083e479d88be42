import { z } from 'zod';
import { maskCardData, maskCardText } from '../modules/redaction/card-text';
import { AppException } from './errors/app.exception';

/** Parse with zod; a failure is a 400 that names each offending field by its JSON path. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  root = '',
  code: 'VALIDATION_FAILED' | 'INVALID_METADATA' = 'VALIDATION_FAILED',
): z.infer<S> {
  refuseUnstorableText(value, root, code);
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const details = r.error.issues.map((i) => ({ path: jsonPath(root, i.path), message: i.message }));
  throw new AppException(code, `${details[0].path}: ${details[0].message}`, { details });
}

export function jsonPath(root: string, path: PropertyKey[]): string {
  let out = root;
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(body)';
}

/**
 * A NUL or an unpaired UTF-16 surrogate (JSON's "\u0000", "\ud800"): valid JSON, but PostgreSQL
 * refuses both (text cannot hold 0x00, jsonb cannot hold a lone surrogate). Caught when the
 * statement runs, that is after a handler has changed things and before its audit event is written;
 * so every parsed input is refused whole, before any handler logic, wherever the text would go.
 */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSTORABLE = /\u0000|[\ud800-\udfff]/u;

/** `text` without NULs and unpaired surrogates: for text from our own dependencies (an engine's words), not input. */
export function storableText(text: string): string {
  return UNSTORABLE.test(text) ? text.replace(new RegExp(UNSTORABLE.source, 'gu'), '') : text;
}

/** 400 naming the first string (or object key) of `value` holding a NUL or an unpaired surrogate. */
export function refuseUnstorableText(
  value: unknown,
  root = '',
  code: 'VALIDATION_FAILED' | 'INVALID_METADATA' = 'VALIDATION_FAILED',
): void {
  const path = unstorableTextPath(value, []);
  if (!path) return;
  const where = jsonPath(root, path);
  const message = 'must not contain a NUL character or an unpaired UTF-16 surrogate';
  throw new AppException(code, `${where}: ${message}`, { details: [{ path: where, message }] });
}

function unstorableTextPath(value: unknown, at: PropertyKey[]): PropertyKey[] | null {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? at : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unstorableTextPath(value[i], [...at, i]);
      if (found) return found;
    }
    return null;
  }
  if (value === null || typeof value !== 'object') return null;
  for (const [k, v] of Object.entries(value)) {
    // A bad key is named with the bad characters made visible (the message must itself be storable).
    if (UNSTORABLE.test(k)) return [...at, k.replace(new RegExp(UNSTORABLE.source, 'gu'), '\uFFFD')];
    const found = unstorableTextPath(v, [...at, k]);
    if (found) return found;
  }
  return null;
}

/**
 * C0/C1 controls (NUL, CR, LF, ESC, …) and bidirectional-text controls that can disguise a log or audit
 * line; and unpaired surrogates (in `u` mode the range matches only a lone one), which no database column takes.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]/gu;

/** Control characters become a space (line breaks) or nothing. */
export function stripControlCharacters(value: string): string {
  return value.replace(/[\r\n\t]+/g, ' ').replace(CONTROLS, '');
}

/** Control characters in free text become a space (line breaks) or nothing; card data is masked. */
export function cleanFreeText(value: string): string {
  return maskCardText(stripControlCharacters(value)).text;
}

/** Each control character replaced by `by` (audit rows keep a visible trace of what was sent). */
export function replaceControlCharacters(value: string, by: string): string {
  return value.replace(CONTROLS, by);
}

/** True when an identifier carries a control character (refused, never stripped: ids must match exactly). */
export function hasControlCharacters(value: string): boolean {
  return new RegExp(CONTROLS.source, 'u').test(value);
}

/** A free-text field: controls stripped, card data masked (`•••• 1111`), then trimmed and bounded. */
export const freeText = (max: number) => z.string().transform(cleanFreeText).pipe(z.string().trim().min(1).max(max));

/**
 * Masks card data in every free-text string of a JSON body before it is validated and stored.
 * Free text is what `isFreeText` says (by default: consent `evidence`); a card number in any other
 * field (an id, a reference) is refused rather than masked, since a masked id would no longer be the caller's id.
 * There only numbers with a payment issuer's prefix count: an id that passes Luhn by chance is kept.
 */
export function guardCardData(
  json: unknown,
  root: string,
  skip: readonly string[] = [],
  isFreeText: (path: string) => boolean = isUnderEvidence,
): { value: unknown; masked: string[] } {
  const r = maskCardData(json, root, skip, isFreeText);
  const misplaced = r.refused.at(0);
  if (misplaced !== undefined) {
    throw new AppException(
      root === 'metadata' ? 'INVALID_METADATA' : 'VALIDATION_FAILED',
      `${misplaced}: must not contain a card number`,
      {
        details: [{ path: misplaced, message: 'must not contain a card number' }],
      },
    );
  }
  return r;
}

function isUnderEvidence(path: string): boolean {
  return /(^|\.)consent\[\d+\]\.evidence(\.|\[|$)/.test(path);
}

/** JSON nested deeper than this is refused before it is parsed. */
export const MAX_JSON_DEPTH = 32;

/** How deeply a JSON text nests arrays and objects (brackets inside strings do not count). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) max = Math.max(max, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}
