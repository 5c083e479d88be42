import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { pick, prng, randomDigits, randomPan } from '../../test/fixtures/cards';
import { luhnValid } from '../modules/redaction/card-number';
import { logOptions } from './logging';
import { maskLogLine, maskLogText, MAX_LOGGED_STRING } from './log-masking';

const rand = prng(20261204);
const SEPARATORS = [' ', '-', ' - ', '.', '\u00a0', '\n', '\t', '  '];

/** The card number in groups of four (Amex 4-6-5), joined by `sep`. */
function spaced(pan: string, sep: string): string {
  const groups = pan.length === 15 ? [pan.slice(0, 4), pan.slice(4, 10), pan.slice(10)] : (pan.match(/\d{1,4}/g) ?? []);
  return groups.join(sep);
}

/** Every digit of the number in order, with anything but digits between: the number in any spelling. */
const anySpelling = (pan: string) => new RegExp(pan.split('').join('\\D{0,3}'));

/** A Luhn-invalid number of `length` digits (an order id, a long reference). */
function nonLuhn(length: number): string {
  const body = randomDigits(rand, length - 1);
  for (let d = 0; d < 10; d++) if (!luhnValid(`${body}${d}`)) return `${body}${d}`;
  throw new Error('unreachable');
}

const apiKey = () => `crv_${randomBytes(9).toString('hex').slice(0, 12)}_${randomBytes(32).toString('base64url')}`;
const playbackToken = () => `pbt_${randomBytes(32).toString('base64url')}`;
const webhookSecret = () => `whsec_${randomBytes(32).toString('base64')}`;
const jwt = () =>
  [
    { alg: 'ES256', typ: 'JWT' },
    { sub: 'qa@acme', role: 'qa' },
  ]
    .map((p) => Buffer.from(JSON.stringify(p)).toString('base64url'))
    .concat(randomBytes(64).toString('base64url'))
    .join('.');

/** A logger with the process's options writing into `lines`. */
function capture(): { log: pino.Logger; lines: string[]; text: () => string } {
  const lines: string[] = [];
  const sink = new Writable({
    write: (chunk: Buffer, _enc, done) => {
      lines.push(chunk.toString());
      done();
    },
  });
  const log = pino({ ...logOptions({ logLevel: 'debug', logFormat: 'json' }), base: { context: 'spec' } }, sink);
  return { log, lines, text: () => lines.join('') };
}

describe('maskLogText', () => {
  it.each([13, 15, 16, 19])('masks a Luhn-valid %i-digit number, however it is separated', (length) => {
    for (let i = 0; i < 20; i++) {
      const pan = randomPan(rand, [length]);
      const sep = pick(rand, SEPARATORS);
      const text = `caller read ${spaced(pan, sep)} twice`;
      const masked = maskLogText(text);
      expect(masked).not.toMatch(anySpelling(pan));
      expect(masked).toContain(`•••• ${pan.slice(-4)}`);
      expect(masked.startsWith('caller read ')).toBe(true);
    }
  });

  it('masks a card number spelled as a URL spells it, in a path or a query', () => {
    for (const sep of ['%20', '+', '%2D', '%2e']) {
      const pan = randomPan(rand);
      const masked = maskLogText(`/v1/recordings/${spaced(pan, sep)}/audio?q=${spaced(pan, sep)}`);
      expect(masked).not.toMatch(anySpelling(pan));
      expect(masked).toContain(`•••• ${pan.slice(-4)}`);
    }
    // A phone number after `+` and an encoded space in an ordinary query stay as they were.
    expect(maskLogText('/v1/x?phone=%2B14155552671&q=call%20notes')).toBe('/v1/x?phone=%2B14155552671&q=call%20notes');
  });

  it('keeps order ids that fail Luhn, short numbers and phone numbers', () => {
    for (const length of [13, 16, 19, 20, 24]) {
      const id = nonLuhn(length);
      expect(maskLogText(`order ${id}`)).toBe(`order ${id}`);
    }
    for (const phone of ['+14155552671', '+44 20 7946 0958', '+33 1 42 68 53 00', '(415) 555-2671', '020 7946 0958']) {
      expect(maskLogText(`callback ${phone}`)).toBe(`callback ${phone}`);
    }
    expect(maskLogText('recording 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76 took 1834 ms')).toBe(
      'recording 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76 took 1834 ms',
    );
  });

  it('masks API keys (keeping their public prefix), playback tokens, webhook secrets, JWTs and schemes', () => {
    const key = apiKey();
    const prefix = key.slice(0, 16);
    expect(maskLogText(`key ${key} refused`)).toBe(`key ${prefix}_[secret] refused`);
    const pbt = playbackToken();
    expect(maskLogText(`GET /v1/recordings/x/audio?token=${pbt}&t=1`)).toBe(
      'GET /v1/recordings/x/audio?token=[secret]&t=1',
    );
    expect(maskLogText(`secret ${webhookSecret()}`)).toBe('secret whsec_[secret]');
    const token = jwt();
    expect(maskLogText(`Authorization: Bearer ${token}`)).toBe('Authorization: Bearer [secret]');
    expect(maskLogText(`token ${token} expired`)).toBe('token [secret] expired');
    expect(maskLogText('Basic dXNlcjpwYXNzd29yZA==')).toBe('Basic [secret]');
    // An SDK error echoing a response body: the data key's plaintext goes, the rest stays.
    const body = `{"KeyId":"alias/vault","Plaintext":"${randomBytes(32).toString('base64')}"}`;
    expect(maskLogText(`unexpected answer ${body}`)).toBe(
      'unexpected answer {"KeyId":"alias/vault","Plaintext":"[secret]"}',
    );
    expect(maskLogText('password=hunter2&user=ann')).toBe('password=[secret]&user=ann');
    expect(maskLogText('x-api-key: abc123 sent')).toBe('x-api-key: [secret] sent');
  });

  it('keeps text without card data or credentials as it is', () => {
    for (const text of [
      'recording processing → available',
      'job recording.process completed',
      'GET /health/ready',
      'first API key: npm run vault -- tenant:create acme && npm run vault -- apikey:create --tenant acme',
      'the tenant has no webhook secret (its webhook was removed)',
      'token:issue --tenant acme --role qa',
      'basic checks passed; the bearer of this note',
    ]) {
      expect(maskLogText(text)).toBe(text);
    }
  });
});

describe('every log line of a logger built from logOptions', () => {
  it('masks card numbers and secrets in the message, nested objects, arrays, errors and bindings', () => {
    const { log, lines, text } = capture();
    const pans = Array.from({ length: 8 }, () => randomPan(rand));
    const key = apiKey();
    const secret = webhookSecret();
    const token = playbackToken();
    const child = log.child({ callId: `call ${spaced(pans[0], '-')}` });
    child.info(
      {
        metadata: { participants: [{ note: `card ${spaced(pans[1], ' ')}` }, { ref: pans[2] }] },
        path: `/v1/recordings/${spaced(pans[3], '.')}`,
        query: `?token=${token}`,
        headers: { authorization: `Bearer ${key}`, cookie: 'sid=abc', 'user-agent': `agent ${pans[4]}` },
        args: [1, [2, [`deep ${pans[5]}`]]],
        dataKey: randomBytes(32),
      },
      'upload %s',
      spaced(pans[6], ' '),
    );
    const error = new Error(`driver said ${pans[7]} with ${secret}`);
    log.error({ err: error }, 'request failed');
    log.warn(error);
    log.debug(`stderr: [wav @ 0x55d5] ${spaced(pans[0], '\n')}`);

    const all = text();
    for (const pan of pans) expect(all).not.toMatch(anySpelling(pan));
    for (const s of [key.slice(17), secret.slice(6), token.slice(4), 'sid=abc']) expect(all).not.toContain(s);

    // The structure stays: every line parses, keys and the other values are where they were.
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed).toHaveLength(4);
    expect(parsed[0]).toMatchObject({
      context: 'spec',
      msg: `upload •••• ${pans[6].slice(-4)}`,
      callId: `call •••• ${pans[0].slice(-4)}`,
      headers: { authorization: '[secret]', cookie: '[secret]', 'user-agent': `agent •••• ${pans[4].slice(-4)}` },
      query: '?token=[secret]',
      args: [1, [2, [`deep •••• ${pans[5].slice(-4)}`]]],
      dataKey: '[secret]',
    });
    expect(parsed[1]).toMatchObject({ msg: 'request failed', err: { type: 'Error' } });
    expect((parsed[1].err as { stack: string }).stack).toContain('log-masking.spec.ts');
    expect(parsed[2].msg).toContain('driver said ••••');
  });

  it('masks a card number logged as a number, and replaces any Buffer by a marker', () => {
    const { log, lines } = capture();
    const pan = randomPan(rand, [16]);
    log.info({ pan: Number(pan.slice(0, 15)) * 10 + Number(pan[15]), bytes: Buffer.from('secret bytes') }, 'x');
    const line = JSON.parse(lines[0]) as { pan: unknown; bytes: unknown; time: number };
    expect(line.pan).toBe(`•••• ${pan.slice(-4)}`);
    // A negative one too (fast-check found the sign left in front of the masked string).
    const negative = maskLogLine(`{"level":30,"n":[-${pan}]}\n`);
    expect(JSON.parse(negative)).toEqual({ level: 30, n: [`•••• ${pan.slice(-4)}`] });
    expect(line.bytes).toBe('[binary]');
    expect(typeof line.time).toBe('number');
  });

  it('logs a cyclic object and a huge one promptly, bounded', () => {
    const { log, lines } = capture();
    const cyclic: Record<string, unknown> = { name: 'a', pan: `x ${randomPan(rand)}` };
    cyclic.self = cyclic;
    cyclic.list = [cyclic, { back: cyclic }];
    const huge = {
      notes: `${'note 0123 4567 '.repeat(100_000)}${randomPan(rand)}`,
      deep: {} as Record<string, unknown>,
    };
    let at = huge.deep;
    for (let i = 0; i < 1000; i++) at = at.next = {};
    const started = process.hrtime.bigint();
    log.info(cyclic, 'cyclic');
    log.info(huge, 'huge');
    // Digit runs broken just past the cut: a cut that retried from every position would take minutes.
    log.info({ runs: `${'1 '.repeat(32_000)}x1`.repeat(3) }, 'runs');
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(2000);
    expect(lines).toHaveLength(3);
    const first = JSON.parse(lines[0]) as { pan: string; self: unknown };
    expect(first.pan).toMatch(/^x •••• \d{4}$/);
    const second = JSON.parse(lines[1]) as { notes: string };
    expect(second.notes.length).toBeLessThan(MAX_LOGGED_STRING + 100);
    expect(second.notes).toMatch(/characters cut\]$/);
  });
});

describe('maskLogLine over arbitrary objects', () => {
  /** The shape of a JSON value: its keys and nesting, every leaf reduced to its presence. */
  const shape = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(shape)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]))
        : 0;

  it('keeps the line valid JSON of the same shape, with no card number left in it', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string({ maxLength: 8 }).filter((k) => /^[a-z]*$/.test(k)),
          fc.jsonValue({ maxDepth: 4 }),
        ),
        fc.nat(),
        fc.constantFrom(...SEPARATORS),
        (obj, seed, sep) => {
          const pan = randomPan(prng(seed));
          const record = { ...obj, note: `before ${spaced(pan, sep)} after`, list: [obj, { deep: [pan] }] };
          const line = `{"level":30,"time":1764866356123,${JSON.stringify(record).slice(1)}\n`;
          const out = maskLogLine(line);
          expect(out).not.toMatch(anySpelling(pan));
          const parsed = JSON.parse(out) as Record<string, unknown>;
          expect(shape(parsed)).toEqual(shape({ level: 30, time: 0, ...record }));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('maskLogLine', () => {
  it('withholds a line it cannot read rather than writing it as it was', () => {
    const pan = randomPan(rand);
    const out = maskLogLine(`{"level":30,"msg":"unterminated ${pan}\n`);
    expect(out).not.toContain(pan);
    expect((JSON.parse(out) as { msg: string }).msg).toContain('withheld');
  });

  it('leaves a line without card data or credentials untouched (the same string)', () => {
    const line =
      '{"level":30,"time":1764866356123,"pid":1,"context":"http","req":{"id":"3d6f0a4e","method":"GET","path":"/v1/recordings"},"msg":"request completed"}\n';
    expect(maskLogLine(line)).toBe(line);
  });
});
