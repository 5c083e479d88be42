import { Logger } from '@nestjs/common';
import * as fs from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { EnvelopeService } from '../src/modules/crypto/envelope.service';
import { OutputCheck } from '../src/modules/ingest/pipeline/output-check';
import { lazyStream } from '../src/modules/ingest/pipeline/pipeline.support';
import { paddedRanges } from '../src/modules/ingest/pipeline/spans';
import type { MediaToolRunner, RunningTool } from '../src/modules/media/ffmpeg.runner';
import { MediaDriver } from '../src/modules/media/media.driver';
import { ObjectStore } from '../src/modules/storage/object-store';
import { RecordingEntity } from '../src/modules/recordings/recording.entity';
import { KEYPAD_TONES } from '../src/modules/redaction/dtmf/dtmf.keypad';
import type { RedactionReport } from '../src/modules/redaction/redaction.types';
import { encode, opener } from './fixtures/audio';
import { asCodec, makeCall, wavBytes } from './fixtures/call';
import { startTestApp, type TestApp } from './support/app';
import { settle, upload } from './support/upload';

/**
 * A sample-patched WAV is verified on the bytes as they are sealed (no second
 * ffmpeg decode); re-encoded output is decoded as it is sealed, by a second
 * decoder fed the same bytes. Either way a sample left audible inside a span
 * fails the recording, and so does a verifier that does not finish.
 */
describe('verification of the redacted output', () => {
  let t: TestApp;
  let key: string;
  let media: MediaDriver;

  beforeAll(async () => {
    t = await startTestApp({ AUTH_FAILURE_LIMIT: '100000', WORKER_POLL_INTERVAL: '500ms' });
    await t.tenant('acme');
    key = (await t.apiKey('acme', 'ingest')).key;
    media = t.app.get(MediaDriver);
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  async function run(externalCallId: string, audio: Buffer) {
    const call = makeCall({ externalCallId });
    const res = await upload(t, key, call.metadata, audio).expect(202);
    await settle(t, key, res.body.id as string);
    return t.runtime.dataSource.getRepository(RecordingEntity).findOneByOrFail({ id: res.body.id as string });
  }

  /** The redacted stream with one sample, `atMs` into the call, set back to a loud value. */
  function unmuteOneSample(atMs: number, sampleBytes: number, loud: Buffer) {
    const real = media.redact.bind(media);
    return jest.spyOn(media, 'redact').mockImplementation((...args) => {
      const out: Readable = real(...args);
      const offset = 44 + Math.round((atMs * 8000) / 1000) * sampleBytes;
      let pos = 0;
      const tamper = new Transform({
        transform(chunk: Buffer, _e, cb) {
          const at = offset - pos;
          pos += chunk.length;
          if (at >= 0 && at < chunk.length) {
            const copy = Buffer.from(chunk);
            loud.copy(copy, at, 0, Math.min(loud.length, chunk.length - at));
            cb(null, copy);
            return;
          }
          cb(null, chunk);
        },
      });
      out.on('error', (e) => tamper.destroy(e));
      return out.pipe(tamper);
    });
  }

  it.each(['pcm_s16le', 'pcm_mulaw'] as const)(
    'verifies a patched %s WAV from the written samples, without decoding it again',
    async (codec) => {
      const call = makeCall({ externalCallId: 'x' });
      const decode = jest.spyOn(media, 'decodePcm');
      const rec = await run(`written-${codec}`, asCodec(call, codec));
      expect(rec.status).toBe('available');
      expect(rec.redactionReport?.verification).toMatchObject({ passed: true, codec, residualDtmf: 0 });
      expect(rec.redactionReport?.verification.spansChecked).toBeGreaterThanOrEqual(3);
      // The one decode is the input's (duration, DTMF); none for verification.
      expect(decode).toHaveBeenCalledTimes(1);
    },
  );

  it.each([
    ['pcm_s16le', 2, Buffer.from([0x10, 0x27])], // +10000
    ['pcm_mulaw', 1, Buffer.from([0x8f])], // about +8000
  ] as const)(
    'fails a %s recording whose output has one sample left loud inside a span',
    async (codec, width, loud) => {
      const call = makeCall({ externalCallId: 'x' });
      // The middle of the pause marker (10.0–10.5 s): muted whatever the padding.
      unmuteOneSample(10_250, width, loud);
      const decode = jest.spyOn(media, 'decodePcm');
      const rec = await run(`unmuted-${codec}`, asCodec(call, codec));
      expect(rec.status).toBe('failed');
      expect(rec.statusReason).toMatch(/^VERIFICATION_FAILED: span \d+-\d+ ms peaks at -\d+\.\d dBFS/);
      expect(rec.objectKey).toBeNull();
      expect(decode).toHaveBeenCalledTimes(1);
    },
  );

  /** ffmpeg/ffprobe processes this (test and app) process still has. */
  function mediaChildren(): string[] {
    const tasks = fs.readdirSync(`/proc/${process.pid}/task`);
    const pids = tasks.flatMap((t) =>
      fs.readFileSync(`/proc/${process.pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean),
    );
    return pids
      .map((pid) => {
        try {
          return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
        } catch {
          return ''; // gone meanwhile
        }
      })
      .filter((cmd) => /ffmpeg|ffprobe/.test(cmd));
  }

  /** The recording's stored output decoded back and checked, as verification did before it moved into the seal. */
  async function verifyStored(report: RedactionReport, objectKey: string) {
    const open = lazyStream(() => t.app.get(EnvelopeService).open(objectKey));
    const probe = await media.probe(open);
    const ranges = paddedRanges(report.spans, report.paddingMs, report.durationMs);
    const check = new OutputCheck(probe, ranges, report.mode, report.durationMs);
    for await (const pcm of media.decodePcm(open, probe)) check.push(pcm);
    return check.finish().result;
  }

  /** The verifier's decoder (the one ffmpeg run that writes a WAV) is SIGKILLed once `bytes` have gone into it. */
  function killVerifierAfter(bytes: number) {
    const runner = (media as unknown as { runner: MediaToolRunner }).runner;
    const real = runner.run.bind(runner);
    return jest.spyOn(runner, 'run').mockImplementation((spec) => {
      const tool: RunningTool = real(spec);
      if (spec.args.at(-2) !== 'wav') return tool;
      const write = tool.stdin.write.bind(tool.stdin) as (chunk: Buffer) => boolean;
      let seen = 0;
      tool.stdin.write = ((chunk: Buffer) => {
        if (seen < bytes && seen + chunk.length >= bytes && tool.pid) process.kill(tool.pid, 'SIGKILL');
        seen += chunk.length;
        return write(chunk);
      }) as typeof tool.stdin.write;
      return tool;
    });
  }

  it.each(['mp3', 'opus', 'aac'] as const)(
    'verifies re-encoded %s output as it is sealed, with the result a decode of the stored object gives',
    async (codec) => {
      const call = makeCall({ externalCallId: 'x' });
      const decode = jest.spyOn(media, 'decodePcm');
      const written = jest.spyOn(media, 'decodeWritten');
      const rec = await run(`reencoded-${codec}`, asCodec(call, codec));
      expect(rec.status).toBe('available');
      const report = rec.redactionReport as RedactionReport;
      const v = report.verification;
      expect(v).toEqual({
        passed: true,
        codec,
        maxPeakDbfs: -40,
        edgeMarginMs: expect.any(Number) as number,
        spansChecked: expect.any(Number) as number,
        worstPeakDbfs: v.worstPeakDbfs, // null: digital silence throughout (AAC)
        residualDtmf: 0,
        attempts: 1,
        failures: [],
      });
      expect(v.spansChecked).toBeGreaterThanOrEqual(3);
      expect(v.worstPeakDbfs ?? -Infinity).toBeLessThanOrEqual(-40);
      // Input (duration, DTMF) and the re-encode's own input: nothing decodes the stored object any more.
      expect(decode).toHaveBeenCalledTimes(2);
      expect(written).toHaveBeenCalledTimes(1);
      expect(mediaChildren()).toEqual([]);
      expect(await verifyStored(report, rec.objectKey as string)).toEqual(v);
    },
  );

  it.each(['mp3', 'opus'] as const)(
    'fails a re-encoded %s recording whose redaction left the keypad tones in',
    async (codec) => {
      const call = makeCall({ externalCallId: 'x' });
      const real = media.redact.bind(media);
      // A broken redaction: the output is the input re-encoded, with nothing muted.
      jest.spyOn(media, 'redact').mockImplementation((open, probe, _spans, mode) => real(open, probe, [], mode));
      const rec = await run(`unredacted-${codec}`, asCodec(call, codec));
      expect(rec.status).toBe('failed');
      expect(rec.statusReason).toMatch(/^VERIFICATION_FAILED: span \d+-\d+ ms peaks at -?\d+\.\d dBFS/);
      expect(rec.statusReason).toMatch(/\d+ DTMF run\(s\) remain in the output/);
      expect(rec.redactionReport?.verification).toMatchObject({ passed: false, codec });
      expect(rec.redactionReport?.verification.residualDtmf).toBeGreaterThan(0);
      expect(rec.objectKey).toBeNull();
      expect(mediaChildren()).toEqual([]);
    },
  );

  it('mutes a keypad blip that the re-encoded output has and the input had not, and verifies it again', async () => {
    const call = makeCall({ externalCallId: 'x' });
    // What the encoder made of the call, as if lossy coding had left a tone-like blip: an "5" at 1.0 s, where nothing is muted.
    const samples = Int16Array.from(call.samples);
    const [lo, hi] = KEYPAD_TONES['5'];
    for (let i = 8000; i < 8640; i++) {
      const s = (i - 8000) / 8000;
      samples[i] = Math.round(9000 * Math.sin(2 * Math.PI * lo * s) + 9000 * Math.sin(2 * Math.PI * hi * s));
    }
    const blipped = encode(wavBytes(samples, 8000), 'mp3');
    const real = media.redact.bind(media);
    const redact = jest
      .spyOn(media, 'redact')
      .mockImplementation((_open, probe, spans, mode) => real(opener(blipped), probe, spans, mode));
    const rec = await run('blip-mp3', asCodec(call, 'mp3'));
    expect(rec.status).toBe('available');
    expect(redact).toHaveBeenCalledTimes(2);
    const report = rec.redactionReport as RedactionReport;
    expect(report.verification).toMatchObject({
      passed: true,
      codec: 'mp3',
      residualDtmf: 0,
      attempts: 2,
      failures: [],
    });
    expect(report.spans.some((sp) => sp.detector === 'dtmf' && sp.startMs < 1080 && sp.endMs > 1000)).toBe(true);
    expect(mediaChildren()).toEqual([]);
    expect(await verifyStored(report, rec.objectKey as string)).toEqual({ ...report.verification, attempts: 1 });
  });

  it('ends the verifier and the encoder when the seal fails, and the job then runs again', async () => {
    const call = makeCall({ externalCallId: 'x' });
    // Ten minutes more of the call's hum: an output too long to sit in the pipes' buffers once nobody reads it.
    const samples = new Int16Array(call.samples.length + 600 * 8000);
    samples.set(call.samples);
    for (let i = call.samples.length; i < samples.length; i++)
      samples[i] = Math.round(4000 * Math.sin((Math.PI * i) / 20));
    const audio = encode(wavBytes(samples, 8000), 'mp3');
    const store = t.app.get(ObjectStore);
    const put = store.put.bind(store);
    let failed = 0;
    jest.spyOn(store, 'put').mockImplementation(async (key, body, type) => {
      if (failed || !key.includes('/recording-')) return put(key, body, type);
      failed++;
      await new Promise((resolve) => body.once('readable', resolve));
      throw new Error('store unavailable');
    });
    const written = jest.spyOn(media, 'decodeWritten');
    const rec = await run('seal-failed', audio);
    expect(failed).toBe(1);
    expect(written).toHaveBeenCalledTimes(2); // the failed attempt and the retry
    expect(rec.status).toBe('available');
    expect(rec.redactionReport?.verification).toMatchObject({ passed: true, attempts: 1 });
    expect(mediaChildren()).toEqual([]);
  });

  it.each([
    ['pcm_s16le', 44 + 6 * 8000 * 2], // the header and 6 s of samples
    ['mp3', 24 * 1024], // about half of the 12 s MP3
  ] as const)('fails a %s recording whose redacted output stops short of the call', async (codec, keep) => {
    const call = makeCall({ externalCallId: 'x' });
    const real = media.redact.bind(media);
    // A redaction that ends early without an error (as an encoder that stops cleanly would).
    jest.spyOn(media, 'redact').mockImplementation((...args) => {
      const out: Readable = real(...args);
      let left: number = keep;
      const cut = new Transform({
        transform(chunk: Buffer, _e, cb) {
          const part = chunk.subarray(0, Math.max(0, left));
          left -= part.length;
          cb(null, part.length ? part : undefined);
          if (left <= 0) {
            out.destroy();
            cut.end();
          }
        },
      });
      return out.pipe(cut);
    });
    const rec = await run(`short-${codec}`, asCodec(call, codec));
    expect(rec.status).toBe('failed');
    expect(rec.statusReason).toMatch(/the output ends at (5\d{3}|6\d{3}) ms, the input at 12\d{3} ms/);
    expect(rec.redactionReport?.verification).toMatchObject({ passed: false, codec });
    expect(rec.objectKey).toBeNull();
    expect(mediaChildren()).toEqual([]);
  });

  it('fails the recording when the verifier decoder dies mid-stream, and leaves no ffmpeg behind', async () => {
    const call = makeCall({ externalCallId: 'x' });
    const run$ = killVerifierAfter(8 * 1024); // the 12 s MP3 is ~48 KB
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const rec = await run('verifier-killed', asCodec(call, 'mp3'));
    // The operator's log says why, with the recording; the status reason carries no tool output.
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({
        recordingId: rec.id,
        reason: expect.stringMatching(/decoder was killed \(SIGKILL\)/) as string,
      }),
      'the output decoder failed: the output could not be verified',
    );
    expect(run$.mock.calls.filter(([spec]) => spec.args.at(-2) === 'wav')).toHaveLength(1);
    expect(rec.status).toBe('failed');
    expect(rec.statusReason).toMatch(
      /^VERIFICATION_FAILED: the output could not be verified: the output decoder was killed \(SIGKILL\)$/,
    );
    expect(rec.redactionReport?.verification).toMatchObject({ passed: false, codec: 'mp3', attempts: 1 });
    expect(rec.objectKey).toBeNull();
    expect(mediaChildren()).toEqual([]);
  });
});

/**
 * REDACTION_MODE=tone: every range is replaced by 1 kHz at −20 dBFS, and
 * verification checks both the level and that the range's energy is that
 * tone — a range left as it was, however loud, fails.
 */
describe('verification in tone mode', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await startTestApp({ AUTH_FAILURE_LIMIT: '100000', WORKER_POLL_INTERVAL: '500ms', REDACTION_MODE: 'tone' });
    await t.tenant('acme');
    key = (await t.apiKey('acme', 'ingest')).key;
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  it.each(['pcm_s16le', 'mp3', 'aac', 'opus'] as const)(
    'a %s call is available with every range the 1 kHz tone, verified',
    async (codec) => {
      const call = makeCall({ externalCallId: `tone-${codec}` });
      const res = await upload(t, key, call.metadata, asCodec(call, codec)).expect(202);
      const done = await settle(t, key, res.body.id as string);
      expect(done.status).toBe('available');
      const rec = await t.runtime.dataSource.getRepository(RecordingEntity).findOneByOrFail({ id: done.id });
      expect(rec.redactionReport).toMatchObject({ mode: 'tone', verification: { passed: true, failures: [] } });
      expect(rec.redactionReport?.verification.spansChecked).toBeGreaterThanOrEqual(3);
    },
  );

  it('fails a call whose ranges were left as they were', async () => {
    const media = t.app.get(MediaDriver);
    const real = media.redact.bind(media);
    jest.spyOn(media, 'redact').mockImplementation((open, probe, _spans, mode) => real(open, probe, [], mode));
    const call = makeCall({ externalCallId: 'tone-untouched' });
    const res = await upload(t, key, call.metadata, call.wav).expect(202);
    const done = await settle(t, key, res.body.id as string);
    expect(done.status).toBe('failed');
    expect(done.statusReason).toMatch(/^VERIFICATION_FAILED: .*is not the 1000 Hz tone/);
  });
});
