import fc from 'fast-check';
import { AppException } from '../src/common/errors/app.exception';
import { parseMetadata } from '../src/modules/ingest/upload.service';
import { parseRange } from '../src/modules/recordings/range';
import {
  CAPTION_FORMATS,
  parseTranscript,
  TranscriptFormatError,
  VENDOR_FORMATS,
} from '../src/modules/redaction/transcript/transcript.parser';
import { startTestApp, type TestApp } from './support/app';
import { upload } from './support/upload';
import { makeCall } from './fixtures/call';

/** Issue 12: property-based fuzzing of the parsers that take outside input. Never a 500, never a stored refusal. */

const VALID = makeCall({ externalCallId: 'fuzz' }).metadata;

/** A valid metadata document with one generated change: a field replaced, removed or added, at any depth. */
const mutatedMetadata = fc
  .record({
    path: fc.array(
      fc.constantFrom(
        'externalCallId',
        'startedAt',
        'participants',
        0,
        'id',
        'role',
        'phone',
        'consent',
        'evidence',
        'transcript',
        'words',
        'text',
        'markers',
        'channels',
      ),
      { maxLength: 4 },
    ),
    value: fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      fc.string({ unit: 'binary', maxLength: 64 }),
      fc.integer(),
      fc.constantFrom('\u0000', '4111 1111 1111 1111', '-1', '1e309', '__proto__', 'constructor', '\ud800'),
      fc.integer({ min: 1, max: 60 }).map((d) => JSON.parse('['.repeat(d) + ']'.repeat(d)) as unknown),
    ),
    remove: fc.boolean(),
  })
  .map(({ path, value, remove }) => {
    const doc = JSON.parse(JSON.stringify(VALID)) as Record<string, unknown>;
    let node: Record<string | number, unknown> = doc;
    for (let i = 0; i < path.length - 1; i++) {
      const next = node[path[i]];
      if (next === null || typeof next !== 'object') break;
      node = next as Record<string | number, unknown>;
    }
    const last = path.at(-1) ?? 'extra';
    if (remove) Reflect.deleteProperty(node, last);
    else node[last] = value;
    return JSON.stringify(doc);
  });

const anyText = fc.oneof(
  mutatedMetadata,
  fc.string({ maxLength: 200 }),
  fc.json({ maxDepth: 6 }),
  fc.nat({ max: 2000 }).map((d) => `{"a":${'['.repeat(d)}${']'.repeat(d)}}`),
);

/** What a parser may do with bad input: answer, or refuse with a 4xx the API maps. */
function refusedAs4xx(e: unknown): boolean {
  return e instanceof AppException && e.status >= 400 && e.status < 500;
}

describe('parser fuzzing', () => {
  it('the metadata parser answers or refuses with a 4xx, for thousands of generated documents', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        try {
          parseMetadata(text);
        } catch (e) {
          if (!refusedAs4xx(e)) throw e;
        }
      }),
      { numRuns: 4000 },
    );
  });

  it('the Range parser answers a well-formed result for any header and size', () => {
    const header = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc
        .tuple(
          fc.oneof(fc.constant(''), fc.bigInt({ min: 0n, max: 10n ** 25n }).map(String)),
          fc.oneof(fc.constant(''), fc.bigInt({ min: 0n, max: 10n ** 25n }).map(String)),
        )
        .map(([a, b]) => `bytes=${a}-${b}`),
      fc.constantFrom('bytes=0-0', 'bytes=-0', 'bytes=0-', 'bytes= 1-2', 'bytes=1-2,3-4', 'items=0-1'),
    );
    fc.assert(
      fc.property(fc.option(header, { nil: undefined }), fc.nat({ max: 1e9 }), (h, size) => {
        const r = parseRange(h, size);
        if (r.kind === 'partial') {
          expect(Number.isSafeInteger(r.start) && Number.isSafeInteger(r.end)).toBe(true);
          expect(0 <= r.start && r.start <= r.end && r.end < size).toBe(true);
        } else expect(['full', 'unsatisfiable']).toContain(r.kind);
      }),
      { numRuns: 10_000 },
    );
  });

  it('the transcript parsers answer or refuse with TranscriptFormatError, for every format', () => {
    const doc = fc.oneof(
      fc.jsonValue({ maxDepth: 5 }),
      fc.dictionary(
        fc.constantFrom(
          'results',
          'words',
          'segments',
          'channels',
          'alternatives',
          'items',
          'text',
          'start',
          'end',
          'transcripts',
          'phrases',
          'recognizedPhrases',
          'offset',
          'duration',
          'nBest',
          'confidence',
          'speaker',
        ),
        fc.jsonValue({ maxDepth: 4 }),
      ),
    );
    const transcript = fc.oneof(
      fc.record({ format: fc.constantFrom(...VENDOR_FORMATS), document: doc }),
      fc.record({
        format: fc.constantFrom(...CAPTION_FORMATS),
        text: fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.constantFrom(
            'WEBVTT\n\n00:00.000 --> 00:01.000\nfour one one one',
            '1\n00:00:00,000 --> 00:00:01,000\nhi\n\n2\n99:99:99,999 --> 00:00:00,000\nx',
          ),
        ),
      }),
      fc.jsonValue({ maxDepth: 3 }),
    );
    fc.assert(
      fc.property(transcript, (t) => {
        try {
          parseTranscript(t, 'metadata.transcript');
        } catch (e) {
          if (!(e instanceof TranscriptFormatError)) throw e;
        }
      }),
      { numRuns: 4000 },
    );
  });

  describe('over HTTP', () => {
    let t: TestApp;
    let ingest: string;
    const wav = makeCall({ externalCallId: 'fuzz-http' }).wav;

    beforeAll(async () => {
      t = await startTestApp({ AUTH_FAILURE_LIMIT: '100000', WORKER_ENABLED: 'false' });
      await t.tenant('acme');
      ingest = (await t.apiKey('acme', 'ingest')).key;
    });
    afterAll(() => t.close());

    it('never answers an upload with a 500, and stores a recording only for a 202', async () => {
      let n = 0;
      const count = async () => {
        const rows: { n: number }[] = await t.runtime.dataSource.query(`SELECT count(*)::int AS n FROM recordings`);
        return rows[0].n;
      };
      await fc.assert(
        fc.asyncProperty(mutatedMetadata, async (raw) => {
          const text = raw.replace('"externalCallId":"fuzz"', `"externalCallId":"fuzz-${n++}"`);
          const before = await count();
          const res = await upload(t, ingest, undefined, wav, { rawMetadata: text });
          expect(res.status).toBeLessThan(500);
          const stored = res.status === 202 && res.headers['idempotent-replayed'] !== 'true' ? 1 : 0;
          expect(await count()).toBe(before + stored);
        }),
        { numRuns: 150 },
      );
    });
  });
});
