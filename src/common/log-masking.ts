import { isIssuedPan, maskDigits } from '../modules/redaction/card-number';
import { maskCardText } from '../modules/redaction/card-text';

/**
 * The last step of every log line of every logger (pino's `streamWrite` hook, see logging.ts): the line
 * as it is written, whatever put a value into it — a message, a merged object, a serializer, a child's
 * bindings, a third-party error. Every JSON string in it is masked like free text (card numbers by the
 * card detector's rule, `•••• 1111`) and for credentials in the shapes we issue them (`[secret]`); a
 * credential-named field (Authorization, Cookie, X-Api-Key, password, token, plaintext…) loses its value
 * whole. The line keeps its structure: keys, nesting and every other value stay as they were.
 */

export const SECRET_MASK = '[secret]';

/** The card detector's separators between digit groups, and a URL's spelling of one (`+`, `%20`, `%2D`). */
const SEPARATOR = String.raw`[\s\u00a0\u2000-\u200b\u2010-\u2015\u2212\-./_·+]|%[25][\dA-Fa-f]`;
/**
 * 13 or more digits with nothing but separators between: no string without such a stretch can hold
 * a card number, so the detector's Luhn walk runs only on the few that have one.
 */
const CARD_SHAPED = new RegExp(String.raw`\d(?:\d|${SEPARATOR}){11,}\d`, 'u');
/** A URL's spellings of a separator between digits: a card number in a logged path or query. */
const URL_SEPARATOR = /(?<=\d)(?:\+|%(?:20|2[DEFdef]|5[Ff]))(?=\d)/g;

/**
 * What every credential pattern below needs: a `_` (our prefixes), `=` or `:` (a named value, a query
 * parameter), a JWT's `eyJ` or an auth scheme. Case-sensitive and without alternatives of words, it
 * costs a fraction of the patterns it guards.
 */
const SECRET_SHAPED = /[_:=]|eyJ|(?:earer|EARER|asic|ASIC|igest|IGEST)\s/;
/** Either of the above, in one pass over a string. */
const SUSPECT = new RegExp(`${CARD_SHAPED.source}|${SECRET_SHAPED.source}`, 'u');
/** The card shape as it reads in a JSON line, where a separator may be an escape (`\\n`, `\\u000b`). */
const CARD_SHAPED_JSON = new RegExp(String.raw`\d(?:\d|${SEPARATOR}|\\[nrtfb]|\\u00[\dA-Fa-f]{2}){11,}\d`, 'gu');

/** An Authorization value: whatever follows `Bearer`; a credential-shaped word after `Basic`/`Digest`, not prose. */
const BEARER = /\b(Bearer|bearer|BEARER)\s+(?!\[secret\])(?=[A-Za-z0-9._~+/=-]{6})[^\s"',;]+/g;
const SCHEME = /\b(Basic|BASIC|Digest)\s+(?!\[secret\])[A-Za-z0-9+/=._~-]{8,}/g;
/** `crv_<prefix>_<secret>`: the prefix names the key in lists and logs and is kept; a long unparsed one is not. */
const API_KEY = /(?<![A-Za-z0-9])crv_(?:([A-Za-z0-9]{1,16})_)?[A-Za-z0-9_-]+/g;
/** Playback tokens `pbt_…` and webhook signing secrets `whsec_…` (base64, or base64url before). */
const PREFIXED = /(?<![A-Za-z0-9])(pbt|whsec)_(?!\[secret\])[A-Za-z0-9+/=_-]+/g;
/** A JWT (staff bearer tokens, the development issuer's): base64url of `{"` opens its header. */
const JWT = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
/** Query and form parameters that carry a credential (a playback `token`, OAuth codes, S3 presigning). */
const SECRET_PARAM =
  /([?&;](?:token|access_token|refresh_token|id_token|code|code_verifier|client_secret|password|secret|api_?key|signature|x-amz-signature|x-amz-credential|x-amz-security-token)=)(?!\[secret\])[^&#\s"']+/gi;
/**
 * `password: x`, `"Plaintext":"…"`, `x-api-key=…` inside free text (an SDK error echoing a body). A colon
 * counts only before a space or a quote: `apikey:create` is a CLI command, not a key.
 */
const NAMED_VALUE =
  /(["']?\b(?:authori[sz]ation|proxy-authorization|cookie|set-cookie|x-api-key|api[_-]?key|password|passphrase|secret|client_secret|plaintext|data_?key|private_?key)\b["']?(?:\s*=|\s*:(?=[\s"']))\s*["']?)(?!\[secret\]|(?:Bearer|Basic|Digest)\s)[^\s"',;&}]+/gi;

/** Fields whose whole value is a credential, by lower-cased name (pino-http's headers, SDK request dumps). */
const SECRET_KEYS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
  'api_key',
  'apikey',
  'x-amz-security-token',
  'password',
  'passphrase',
  'secret',
  'client_secret',
  'webhooksecret',
  'webhook_secret',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'plaintext',
  'datakey',
  'data_key',
  'privatekey',
  'private_key',
]);

/** A longer string is cut here before it is masked: the masker's cost per line stays bounded. */
export const MAX_LOGGED_STRING = 64 * 1024;
/** A character a digit run (or a URL's spelling of its separators) may hold. */
const RUN_CHARACTER = new RegExp(String.raw`\d|${SEPARATOR}|[%A-Fa-f]`, 'u');
/** A Buffer as JSON.stringify writes it: a plaintext data key is one, and no Buffer's bytes belong in a log. */
const BUFFER_JSON = /\{"type":"Buffer","data":\[[\d,]*\]\}/g;

/** Card numbers and credentials in one string masked. */
export function maskLogText(text: string): string {
  let out = text;
  // Credentials first: a card-shaped stretch inside one would otherwise split it before it is recognised.
  if (SECRET_SHAPED.test(out)) {
    out = out
      .replace(BEARER, `$1 ${SECRET_MASK}`)
      .replace(SCHEME, `$1 ${SECRET_MASK}`)
      .replace(API_KEY, (all: string, prefix: string | undefined) =>
        prefix !== undefined ? `crv_${prefix}_${SECRET_MASK}` : all.length > 20 ? `crv_${SECRET_MASK}` : all,
      )
      .replace(PREFIXED, `$1_${SECRET_MASK}`)
      .replace(JWT, SECRET_MASK)
      .replace(SECRET_PARAM, `$1${SECRET_MASK}`)
      .replace(NAMED_VALUE, `$1${SECRET_MASK}`);
  }
  if (CARD_SHAPED.test(out)) {
    out = maskCardText(out).text;
    // Read once more with a URL's separators decoded; kept as it was unless that finds a card number.
    if (out.includes('+') || out.includes('%')) {
      const decoded = maskCardText(out.replace(URL_SEPARATOR, (sep) => (sep === '+' ? ' ' : decodeURIComponent(sep))));
      if (decoded.masked) out = decoded.text;
    }
  }
  return out;
}

/**
 * One serialized log line (pino's JSON, newline-terminated) masked. Walks the JSON string literals
 * with indexOf — linear, no backtracking — and touches only those that could hold card data or a
 * credential; a bare number with a card issuer's prefix (a card number logged as a number) becomes a
 * masked string. A line that cannot be masked is withheld, never written as it was.
 */
export function maskLogLine(line: string): string {
  try {
    return maskLine(line.includes('"Buffer"') ? line.replace(BUFFER_JSON, '"[binary]"') : line);
  } catch {
    return `{"level":50,"time":${Date.now()},"msg":"a log line was withheld: it could not be masked"}\n`;
  }
}

function maskLine(line: string): string {
  // One scan of the line decides whether any string needs the card checks (most lines: none).
  CARD_SHAPED_JSON.lastIndex = afterTime(line);
  const cards = CARD_SHAPED_JSON.test(line);
  const suspect = cards ? SUSPECT : SECRET_SHAPED;
  let out = '';
  let copied = 0;
  let at = line.indexOf('"');
  let gapFrom = 0;
  while (at !== -1) {
    if (cards && at - gapFrom > 13) {
      const gap = maskNumbers(line.slice(gapFrom, at));
      if (gap !== undefined) {
        out += line.slice(copied, gapFrom) + gap;
        copied = at;
      }
    }
    const end = stringEnd(line, at);
    const raw = line.slice(at + 1, end);
    const isKey = line.charCodeAt(end + 1) === 58; // ':'
    if (isKey && raw.length <= 32 && SECRET_KEYS.has(raw.toLowerCase())) {
      const valueEnd = jsonValueEnd(line, end + 2);
      out += line.slice(copied, end + 2) + `"${SECRET_MASK}"`;
      copied = valueEnd;
      gapFrom = valueEnd;
      at = line.indexOf('"', valueEnd);
      continue;
    }
    // Escaped line breaks and tabs are separators too: the checks read the string, not its JSON.
    const text = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
    if (text.length > MAX_LOGGED_STRING || suspect.test(text)) {
      const masked = maskLogText(bounded(text));
      if (masked !== text) {
        out += line.slice(copied, at) + JSON.stringify(masked);
        copied = end + 1;
      }
    }
    gapFrom = end + 1;
    at = line.indexOf('"', end + 1);
  }
  if (cards && line.length - gapFrom > 13) {
    const gap = maskNumbers(line.slice(gapFrom));
    if (gap !== undefined) return out + line.slice(copied, gapFrom) + gap;
  }
  return copied === 0 ? line : out + line.slice(copied);
}

/** Where pino's `"time":<epoch ms>`, which opens every line, ends: 13 digits that are never card data. */
function afterTime(line: string): number {
  const t = line.indexOf(',"time":');
  if (t === -1 || t > 16) return 0;
  const comma = line.indexOf(',', t + 8);
  return comma === -1 ? 0 : comma;
}

/** The index of the quote closing the string literal opened at `open`. */
function stringEnd(line: string, open: number): number {
  let q = line.indexOf('"', open + 1);
  for (;;) {
    if (q === -1) throw new Error('unterminated string');
    let slashes = 0;
    while (line.charCodeAt(q - 1 - slashes) === 92) slashes++;
    if (slashes % 2 === 0) return q;
    q = line.indexOf('"', q + 1);
  }
}

/** The index just past the JSON value starting at `from`. */
function jsonValueEnd(line: string, from: number): number {
  let depth = 0;
  for (let i = from; i < line.length; i++) {
    const c = line[i];
    if (c === '"') {
      i = stringEnd(line, i);
      if (depth === 0) return i + 1;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      if (depth === 0) return i;
      if (--depth === 0) return i + 1;
    } else if (c === ',' && depth === 0) return i;
  }
  return line.length;
}

/** Bare numbers outside strings: one of 13–19 digits that a card issuer could have issued is masked. */
function maskNumbers(gap: string): string | undefined {
  if (!/\d{13}/.test(gap)) return undefined;
  const out = gap.replace(/(?<![\d.])-?(\d{13,19})(?![\d.eE])/g, (all: string, d: string) =>
    isIssuedPan(d) ? `"${maskDigits(d)}"` : all,
  );
  return out === gap ? undefined : out;
}

/** At most MAX_LOGGED_STRING characters, never cut inside a digit run (half a card number is card data too). */
function bounded(text: string): string {
  if (text.length <= MAX_LOGGED_STRING) return text;
  // Backwards one character at a time: a regex anchored at the end would retry from every position.
  let end = MAX_LOGGED_STRING;
  while (end > 0 && RUN_CHARACTER.test(text[end - 1])) end--;
  return `${text.slice(0, end)}… [${text.length - end} characters cut]`;
}
