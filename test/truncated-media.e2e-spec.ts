import { DtmfDetector } from '../src/modules/redaction/dtmf/dtmf.detector';
import { decodeS16, encode, type FixtureCodec } from './fixtures/audio';
import { CALL_PAN, keypadOnlyMetadata, makeCall } from './fixtures/call';
import { startAcmeApp, type TestApp } from './support/app';
import { servedAudio, settle, upload } from './support/upload';

const PAN = CALL_PAN.join('');

/** The keypad tones the pipeline's own detector finds in 8 kHz mono samples. */
function tones(samples: Int16Array): number {
  const detector = new DtmfDetector(8000);
  return [...detector.push(samples), ...detector.flush()].length;
}

/** The call's WAV as a recorder that crashed leaves it: the header claims all 12 s, the file ends at `ms` (+ `extra` bytes). */
function cutWav(wav: Buffer, ms: number, extra = 0): Buffer {
  return wav.subarray(0, 44 + ((ms * 8000) / 1000) * 2 + extra);
}

/**
 * A file cut short — a recorder that crashed, or one that wrote an estimated size
 * first — is kept to where its audio ends, card data muted, and says so: the
 * recording carries a MEDIA_TRUNCATED warning with what was claimed and what is stored.
 */
describe('truncated uploads, end to end', () => {
  let t: TestApp;
  let ingest: string;
  let qa: string;

  beforeAll(async () => ({ t, ingest, qa } = await startAcmeApp()));
  afterAll(() => t.close());

  const send = async (name: string, audio: Buffer) => {
    const res = await upload(t, ingest, keypadOnlyMetadata(name), audio).expect(202);
    return settle(t, ingest, res.body.id as string, undefined, 120_000);
  };

  it('WAVs cut mid-frame, on a frame boundary, inside a keypad run and before a LIST chunk, uploaded at once: kept to the cut, tones muted, true sizes, warned', async () => {
    const call = makeCall({ externalCallId: 'x' });
    const comment = Buffer.from(`INFOICMT\x1e\x00\x00\x00card ${PAN} cvv 123\x00`, 'latin1');
    const info = Buffer.concat([Buffer.from('LIST'), Buffer.alloc(4), comment]);
    info.writeUInt32LE(comment.length, 4);
    const cases = [
      { name: 'cut-mid-frame', file: cutWav(call.wav, 8000, 1), decodedMs: 8000 },
      { name: 'cut-on-frame', file: cutWav(call.wav, 8000), decodedMs: 8000 },
      // Keypad tones from 3.0 s to 5.48 s: the file ends in the middle of them.
      { name: 'cut-in-keypad-run', file: cutWav(call.wav, 4030), decodedMs: 4030 },
      // A size estimated up front, then the recorder's LIST/INFO (a card number in its comment) after the samples.
      { name: 'cut-then-list', file: Buffer.concat([cutWav(call.wav, 8000), info]), decodedMs: 8000 },
      { name: 'whole', file: call.wav, decodedMs: 12_000 },
    ];
    // Why it matters: the tones before the cut are there to be found.
    expect(tones(decodeS16(cases[0].file))).toBe(CALL_PAN.length);
    expect(tones(decodeS16(cases[2].file))).toBeGreaterThan(5);

    const recs = await Promise.all(cases.map((c) => send(c.name, c.file)));
    for (const [i, c] of cases.entries()) {
      const rec = recs[i];
      expect(rec).toMatchObject({ status: 'available', durationMs: c.decodedMs });
      if (c.name === 'whole') expect(rec.warnings).toEqual([]);
      else
        expect(rec.warnings).toEqual([
          {
            code: 'MEDIA_TRUNCATED',
            message: expect.stringContaining(`claims 12000 ms of audio but holds ${c.decodedMs} ms`),
            declaredMs: 12_000,
            decodedMs: c.decodedMs,
          },
        ]);
      const stored = (await servedAudio(t, qa, rec.id as string)).body;
      expect(stored.includes(PAN)).toBe(false);
      // A header whose sizes are the stored lengths: RIFF, then 16-bit mono samples up to the cut.
      expect(stored.readUInt32LE(4)).toBe(stored.length - 8);
      expect(stored.readUInt32LE(40)).toBe(stored.length - 44);
      expect(stored.length - 44).toBe((c.decodedMs * 8000 * 2) / 1000);
      const decoded = decodeS16(stored);
      expect(decoded.length).toBe((c.decodedMs * 8000) / 1000);
      expect(tones(decoded)).toBe(0);
      // The keypad run crossing the cut is muted (with its padding) to the very last sample.
      if (c.name === 'cut-in-keypad-run') expect(decoded.subarray(2750 * 8).every((s) => s === 0)).toBe(true);
      // The voice before the tones is kept as it was.
      expect(decoded.subarray(0, 2000 * 8)).toEqual(call.samples.subarray(0, 2000 * 8));
    }
    // Audited with the step that stored it (written just after the commit the status shows).
    const audited = async (id: string) => {
      for (let i = 0; i < 50; i++) {
        const rows: Array<{ details: { warnings?: unknown } }> = await t.runtime.dataSource.query(
          `SELECT details FROM audit_events WHERE action = 'recording.redact' AND resource_id = $1`,
          [id],
        );
        if (rows.length) return rows[0].details;
        await new Promise((r) => setTimeout(r, 100));
      }
      return null;
    };
    expect((await audited(recs[0].id as string))?.warnings).toEqual(recs[0].warnings);
    expect((await audited(recs[4].id as string))?.warnings).toBeUndefined();
  });

  it.each<[FixtureCodec, boolean]>([
    ['mp3', true],
    ['flac', true],
    ['opus', false],
    ['aac_faststart', true],
  ])(
    '%s cut at 70 %%: available with a MEDIA_TRUNCATED warning, tones muted; whole: no warning',
    async (codec, claims) => {
      const call = makeCall({ externalCallId: 'x' });
      const file = encode(call.wav, codec);
      const cut = file.subarray(0, Math.floor(file.length * 0.7));
      const [short, whole] = await Promise.all([send(`${codec}-cut`, cut), send(`${codec}-whole`, file)]);
      expect(short.status).toBe('available');
      expect(whole.status).toBe('available');
      expect(whole.warnings).toEqual([]);
      expect(short.durationMs).toBeLessThan(10_000);
      expect(short.warnings).toEqual([
        {
          code: 'MEDIA_TRUNCATED',
          message: expect.any(String),
          ...(claims ? { declaredMs: expect.any(Number) } : {}),
          decodedMs: short.durationMs,
        },
      ]);
      if (claims) expect(Math.abs((short.warnings[0].declaredMs as number) - 12_000)).toBeLessThan(300);
      const stored = (await servedAudio(t, qa, short.id as string)).body;
      const decoded = decodeS16(stored);
      const rate = codec === 'opus' ? 48_000 : 8000;
      const detector = new DtmfDetector(rate);
      expect([...detector.push(decoded), ...detector.flush()]).toEqual([]);
    },
  );

  it.each<[string, (wav: Buffer) => Buffer, string]>([
    ['cut inside the fmt chunk', (wav) => wav.subarray(0, 30), 'MEDIA_CORRUPT'],
    ['cut before the first whole frame', (wav) => wav.subarray(0, 44 + 1), 'MEDIA_EMPTY'],
  ])('a WAV %s is still refused', async (name, make, code) => {
    const call = makeCall({ externalCallId: 'x' });
    const res = await upload(t, ingest, keypadOnlyMetadata(`bad-${name.replace(/\W+/g, '-')}`), make(call.wav));
    // Refused as it streams in (400), or by the pipeline once stored: the same code either way.
    if (res.status !== 202) {
      expect([res.status, res.body.code]).toEqual([400, code]);
      return;
    }
    const rec = await settle(t, ingest, res.body.id as string);
    expect(rec.status).toBe('rejected');
    expect(rec.statusReason).toMatch(new RegExp(`^${code}: `));
    expect(rec.warnings).toEqual([]);
  });
});
