import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { setTimeout as delay } from 'node:timers/promises';
import type { EntityManager } from 'typeorm';
import { Readable } from 'node:stream';
import { APP_CONFIG } from '../../../config/config.module';
import type { AppConfig } from '../../../config/config';
import { Metrics } from '../../metrics/metrics';
import { errorDetail, errorReason } from '../../jobs/job.context';
import { MediaDriver, outputFor } from '../../media/media.driver';
import { MediaRejectedError } from '../../media/media.errors';
import { verificationTolerance } from '../../media/verification';
import type { Peaks } from '../../media/peaks';
import type { OpenStream, ProbeResult, TimeSpan } from '../../media/media.types';
import type { RecordingEntity } from '../../recordings/recording.entity';
import type { RecordingWarning } from '../../recordings/recording.contract';
import { truncation } from '../../media/truncation';
import type { DetectorRun, RedactionReport, RedactionSpan, TranscriptCheck } from '../../redaction/redaction.types';
import { chooseLanguages } from '../../redaction/transcript/languages/language-choice';
import { detectSpokenCardData } from '../../redaction/transcript/spoken-card.detector';
import { parseTranscript, type ParsedTranscript } from '../../redaction/transcript/transcript.parser';
import {
  redactTranscript,
  TranscriptRedactionError,
  type RedactedWord,
  type TranscriptRedaction,
} from '../../redaction/transcript/transcript-redactor';
import type { TranscriptWord } from '../../redaction/transcript/transcript.types';
import { RecordingTranscriptRepository } from '../../recordings/recording-transcript.repository';
import type { StoredTranscript } from '../../recordings/transcript.service';
import { TenantService } from '../../tenants/tenant.service';
import type { ConsentDecision } from '../../consent/consent.decision';
import type { SealedObject } from '../../crypto/envelope.service';
import { TranscriptionService } from '../../transcription/transcription.service';
import { TranscriptionError } from '../../transcription/transcription.types';
import { ConsentStep } from './consent.step';
import { DecodedOutputCheck, type SealedOutputCheck, WrittenSamplesCheck } from './sealed-output-check';
import { detectInputDtmf } from './pcm-analysis';
import { lazyStream, PipelineSupport } from './pipeline.support';
import { markerSpans, paddedRanges, transcriptSpans, trimSpans } from './spans';

/** Transcript and marker timings may run a little past the decoded audio (encoder padding, rounding). */
const TRANSCRIPT_SLACK_MS = 1000;

/**
 * Step 2–6: probe and decode the quarantined audio, find card data (DTMF,
 * transcript, markers) and consent trims, mute them sample-exactly, verify the
 * output, then store it encrypted. Anything unexpected fails closed: the
 * recording never becomes available without a passed verification.
 */
@Injectable()
export class RedactStep implements OnModuleInit {
  private readonly logger = new Logger('pipeline');

  constructor(
    private readonly pipeline: PipelineSupport,
    private readonly consent: ConsentStep,
    private readonly media: MediaDriver,
    private readonly tenants: TenantService,
    private readonly metrics: Metrics,
    private readonly transcription: TranscriptionService,
    private readonly transcripts: RecordingTranscriptRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.pipeline.jobs.handle('recording.redact', ({ recordingId }) => this.run(recordingId));
  }

  async run(recordingId: string): Promise<void> {
    const rec = await this.pipeline.load(recordingId);
    if (!rec || rec.status !== 'processing' || !rec.quarantineKey) return;
    await this.discardEarlierAttempts(rec);
    const quarantineKey = rec.quarantineKey;
    const open = lazyStream(() => this.pipeline.envelope.open(quarantineKey));
    try {
      await this.process(rec, open);
    } catch (e) {
      if (e instanceof MediaRejectedError) return this.pipeline.end(rec, 'rejected', `MEDIA_${e.reason}`, e.message);
      throw e; // retried by the job queue; the sweeper fails what never finishes
    }
  }

  private async process(rec: RecordingEntity, open: OpenStream): Promise<void> {
    const probed = await this.media.probe(open);
    const { frames, durationMs, dtmf } = await detectInputDtmf(this.media, open, probed);
    // Every later pass (the WAV patcher too) ends the samples where this decode did.
    const probe: ProbeResult = { ...probed, decodedFrames: frames };
    const warnings = truncationWarnings(probe, frames);
    // Test-only (refused in production): long work, to test attempts that outlive their lease period.
    if (this.config.redaction.testDelayMs > 0)
      await delay(this.config.redaction.testDelayMs, undefined, { signal: this.pipeline.leases.current()?.signal });
    const decision = await this.consent.decide(rec, durationMs);
    if (decision.outcome === 'rejected') {
      const r = decision.reasons.at(0);
      return this.pipeline.end(
        rec,
        'rejected',
        r?.code ?? 'CONSENT_INSUFFICIENT',
        r?.message ?? 'consent is insufficient',
        {
          consentDecision: decision,
        },
      );
    }
    const tenant = await this.tenants.byId(rec.tenantId);
    const uploaded = await this.transcript(rec);
    const transcribed = uploaded ? undefined : await this.transcribe(rec, open, probe);
    if (transcribed && 'failure' in transcribed) {
      // Fail closed: without the engine's words the spoken check cannot run, and "not checked" must not pass as clean.
      return this.pipeline.end(rec, 'failed', 'TRANSCRIPTION_FAILED', transcribed.failure, {
        consentDecision: decision,
      });
    }
    const transcript = uploaded ?? (transcribed?.engine === 'none' ? undefined : transcribed?.transcript);
    const engine = transcribed && transcribed.engine !== 'none' ? transcribed.engine : undefined;
    const words = transcript?.words;
    if (words && words.some((w) => w.startMs > durationMs + TRANSCRIPT_SLACK_MS)) {
      return this.pipeline.end(
        rec,
        'rejected',
        'TRANSCRIPT_OUTSIDE_AUDIO',
        'transcript words start after the end of the audio',
      );
    }
    const markers = markerSpans(rec.metadata);
    // A pause marker past the end means the platform's timeline and the audio's disagree: whatever
    // it was meant to cover is elsewhere in this file, unmuted. Dropped silently, it hid that.
    if (markers.some((m) => m.startMs > durationMs + TRANSCRIPT_SLACK_MS)) {
      return this.pipeline.end(
        rec,
        'rejected',
        'MARKER_OUTSIDE_AUDIO',
        `a pause marker (metadata.markers) starts after the end of the audio (${durationMs} ms)`,
      );
    }
    if (!words && markers.length === 0 && tenant.requireTranscript) {
      return this.pipeline.end(
        rec,
        'rejected',
        'TRANSCRIPT_REQUIRED',
        'tenant policy requires a transcript or markers to check spoken card data',
      );
    }
    // The transcript's language, else the participants' jurisdictions: an EU caller's number words are read in their language.
    const language = transcript && chooseLanguages(transcript.language, decision.participants);
    const spoken =
      transcript && language ? transcriptSpans(detectSpokenCardData(transcript.words, {}, language.codes)) : [];
    const transcriptCheck: TranscriptCheck | undefined =
      transcript && language
        ? { format: transcript.format, granularity: transcript.granularity, language, ...(engine ? { engine } : {}) }
        : undefined;
    const detected: RedactionSpan[] = [...dtmf, ...spoken, ...markers, ...trimSpans(decision.trims, durationMs)];
    // The transcript is redacted before the audio: what it still finds once card data is taken out is muted too.
    let redaction: TranscriptRedaction | undefined;
    if (transcript && language) {
      const find = (ws: readonly TranscriptWord[]) => transcriptSpans(detectSpokenCardData(ws, {}, language.codes));
      try {
        redaction = redactTranscript(transcript.words, detected, find);
      } catch (e) {
        if (!(e instanceof TranscriptRedactionError)) throw e;
        return this.pipeline.end(rec, 'failed', e.code, e.message, { consentDecision: decision });
      }
    }
    const spans: RedactionSpan[] = [...(redaction?.spans ?? detected)].sort((a, b) => a.startMs - b.startMs);
    const mode = this.config.redaction.mode;
    // Wide enough for verification to see a silent middle past the output codec's edge smear.
    const minWidthMs = 4 * verificationTolerance(outputFor(probe, mode).codec).edgeMarginMs;
    let ranges = paddedRanges(spans, this.config.redaction.paddingMs, durationMs, minWidthMs);
    const first = await this.redactAndVerify(rec, tenant.kmsKeyId, open, probe, ranges, mode, durationMs);
    let { sealed, verification, peaks } = first;
    if (!verification.passed && verification.failures.length === 1 && first.residual.length) {
      // Lossy re-encoding can create a tone-like blip where the input had none. It is muted and
      // verified again once, so an artefact costs a fraction of a second, not the recording.
      await this.pipeline.envelope.shred(sealed.objectKey);
      spans.push(...first.residual.map((r) => ({ ...r, detector: 'dtmf' as const })));
      ranges = paddedRanges(spans, this.config.redaction.paddingMs, durationMs, minWidthMs);
      ({ sealed, verification, peaks } = await this.redactAndVerify(
        rec,
        tenant.kmsKeyId,
        open,
        probe,
        ranges,
        mode,
        durationMs,
      ));
      verification.attempts = 2;
    }
    const detectors: DetectorRun[] = [
      { name: 'dtmf', ran: true, found: dtmf.length },
      words
        ? {
            name: 'transcript',
            ran: true,
            found: spoken.length + (redaction ? redaction.spans.length - detected.length : 0),
          }
        : {
            name: 'transcript',
            ran: false,
            reason: 'no transcript supplied: spoken card data was not checked',
            found: 0,
          },
      {
        name: 'marker',
        ran: markers.length > 0,
        ...(markers.length ? {} : { reason: 'no markers supplied' }),
        found: markers.length,
      },
      { name: 'consent', ran: true, found: decision.trims.length },
    ];
    const output = outputFor(probe, mode);
    const report: RedactionReport = {
      version: 1,
      output,
      paddingMs: this.config.redaction.paddingMs,
      mode,
      durationMs,
      spans,
      detectors,
      ...(transcriptCheck ? { transcript: transcriptCheck } : {}),
      verification,
    };
    if (!verification.passed) {
      return this.pipeline.end(rec, 'failed', 'VERIFICATION_FAILED', verification.failures.join('; ').slice(0, 500), {
        redactionReport: report,
        consentDecision: decision,
      });
    }
    // The waveform of what was verified, sealed under its own data key and shredded with the recording.
    const sealedPeaks = await this.sealPeaks(rec, tenant.kmsKeyId, peaks).catch(async (e: unknown) => {
      await this.pipeline.envelope.shred(sealed.objectKey);
      throw e;
    });
    let kept: { words: RedactedWord[]; sealed: { objectKey: string } } | undefined;
    if (redaction) {
      const words = redaction.redactedWords;
      kept = { words, sealed: await this.sealTranscript(rec, tenant.kmsKeyId, words, transcript?.language) };
    }
    let committed: boolean;
    try {
      committed = await this.pipeline.fenced(async (m) => {
        // `available` only with its key row (locked until commit) and its object in place.
        await this.pipeline.envelope.assertStored(m, sealed.objectKey, sealed.ciphertextSize);
        return this.commitAvailable(m, rec, sealed, {
          output,
          probe,
          durationMs,
          decision,
          report,
          spans,
          kept,
          warnings,
        });
      });
    } catch (e) {
      // Superseded or failed: this attempt's objects are referenced by nothing, and must not linger.
      if (kept) await this.pipeline.envelope.shred(kept.sealed.objectKey).catch(() => undefined);
      await this.pipeline.envelope.shred(sealedPeaks).catch(() => undefined);
      await this.pipeline.envelope.shred(sealed.objectKey).catch(() => undefined);
      throw e;
    }
    // Ended meanwhile (erased, swept): the objects just made must not outlive that decision.
    if (!committed) {
      if (kept) await this.pipeline.envelope.shred(kept.sealed.objectKey);
      await this.pipeline.envelope.shred(sealedPeaks);
      return this.pipeline.envelope.shred(sealed.objectKey);
    }
    this.pipeline.moved(rec, 'available', `${spans.length} span(s) redacted, verified`);
    for (const w of warnings)
      this.logger.warn({ recordingId: rec.id, tenantId: rec.tenantId, ...w }, `stored with a warning: ${w.message}`);
    await this.pipeline.record(rec, 'recording.redact', 'success', {
      spans: spans.length,
      detectors: detectors.filter((d) => d.ran).map((d) => d.name),
      ...(warnings.length ? { warnings } : {}),
    });
  }

  /** The move to `available` with everything that goes with it, in the caller's (fenced) transaction. */
  private async commitAvailable(
    m: EntityManager,
    rec: RecordingEntity,
    sealed: SealedObject,
    r: {
      output: ReturnType<typeof outputFor>;
      probe: ProbeResult;
      durationMs: number;
      decision: ConsentDecision;
      report: RedactionReport;
      spans: RedactionSpan[];
      kept?: { words: RedactedWord[]; sealed: { objectKey: string } };
      warnings: RecordingWarning[];
    },
  ): Promise<boolean> {
    const ok = await this.pipeline.transition(m, rec.id, ['processing'], {
      status: 'available',
      statusReason: null,
      objectKey: sealed.objectKey,
      objectSize: String(sealed.ciphertextSize),
      objectSha256: Buffer.from(sealed.sha256, 'hex'),
      mediaFormat: r.output.format,
      sampleRate: r.probe.sampleRate,
      channels: r.probe.channels,
      durationMs: r.durationMs,
      consentDecision: r.decision,
      redactionReport: r.report,
      warnings: r.warnings,
      availableAt: new Date(),
    });
    if (!ok) return false;
    await this.pipeline.recordings.insertSpans(m, rec, r.spans);
    if (r.kept) {
      await this.transcripts.insert(m, {
        recordingId: rec.id,
        tenantId: rec.tenantId,
        objectKey: r.kept.sealed.objectKey,
        words: r.kept.words.length,
        searchable: r.kept.words
          .filter((w) => w.redacted === undefined)
          .map((w) => w.text)
          .join(' '),
      });
    }
    await this.pipeline.jobs.send('recording.finalize', { recordingId: rec.id }, { manager: m });
    await this.pipeline.events.record(m, rec.tenantId, 'recording.available', {
      recordingId: rec.id,
      externalCallId: rec.externalCallId,
      status: 'available',
      ...(r.warnings.length ? { warnings: r.warnings.map((w) => w.code) } : {}),
    });
    return true;
  }

  /**
   * Redact, seal and verify in one pass. The check sees every plaintext chunk on
   * its way into the encryption stream, and the ciphertext is authenticated on
   * every read, so what it verified is what is stored. A sample-patched WAV (PCM,
   * µ-law, A-law) is checked on its bytes, which are the samples; re-encoded
   * output is decoded as it is written, since the encoder's result is what counts.
   */
  private async redactAndVerify(
    rec: RecordingEntity,
    wrappingKeyId: string | null,
    open: OpenStream,
    probe: ProbeResult,
    ranges: TimeSpan[],
    mode: 'mute' | 'tone',
    durationMs: number,
  ) {
    const output = { ...outputFor(probe, mode), sampleRate: probe.sampleRate, channels: probe.channels };
    const check: SealedOutputCheck = this.media.patchesSamples(probe, mode)
      ? new WrittenSamplesCheck(ranges, mode, durationMs)
      : new DecodedOutputCheck(this.media.decodeWritten(output), output, ranges, mode, durationMs);
    const source = this.media.redact(open, probe, ranges, mode);
    let sealed: SealedObject;
    try {
      sealed = await this.pipeline.envelope.seal({
        tenantId: rec.tenantId,
        recordingId: rec.id,
        kind: 'recording',
        wrappingKeyId,
        source,
        inspect: (chunk) => check.push(chunk),
      });
    } catch (e) {
      // A seal that failed before reading its source leaves it (and its encoder) running otherwise.
      source.destroy();
      await check.abort();
      throw e;
    }
    try {
      const { result, residual, peaks } = await check.finish();
      if (!result.passed) this.metrics.verificationFailed(result.codec);
      if (check.decoderError)
        this.logger.warn(
          {
            recordingId: rec.id,
            tenantId: rec.tenantId,
            reason: errorReason(check.decoderError),
            ...errorDetail(check.decoderError),
          },
          'the output decoder failed: the output could not be verified',
        );
      return { sealed, verification: result, residual, peaks };
    } catch (e) {
      await this.pipeline.envelope.shred(sealed.objectKey);
      throw e;
    }
  }

  /** The tenant's engine transcribes an upload that came without a transcript; its failure is returned, not thrown. */
  private async transcribe(rec: RecordingEntity, open: OpenStream, probe: ProbeResult) {
    try {
      return await this.transcription.transcribe({
        tenantId: rec.tenantId,
        recordingId: rec.id,
        format: probe.format,
        sampleRate: probe.sampleRate,
        channels: probe.channels,
        pcm: () => this.media.decodePcm(open, probe),
        encoded: open,
      });
    } catch (e) {
      if (e instanceof TranscriptionError) return { failure: e.message };
      throw e;
    }
  }

  private async sealPeaks(rec: RecordingEntity, wrappingKeyId: string | null, peaks: Peaks): Promise<string> {
    const sealed = await this.pipeline.envelope.seal({
      tenantId: rec.tenantId,
      recordingId: rec.id,
      kind: 'peaks',
      wrappingKeyId,
      source: Readable.from([Buffer.from(JSON.stringify(peaks))]),
    });
    return sealed.objectKey;
  }

  private async transcript(rec: RecordingEntity): Promise<ParsedTranscript | undefined> {
    if (!rec.transcriptKey) return undefined;
    const parts: Buffer[] = [];
    for await (const c of await this.pipeline.envelope.open(rec.transcriptKey)) parts.push(c as Buffer);
    return parseTranscript(JSON.parse(Buffer.concat(parts).toString('utf8')));
  }

  /** The redacted word timeline, encrypted under its own data key. */
  private sealTranscript(rec: RecordingEntity, wrappingKeyId: string | null, words: RedactedWord[], language?: string) {
    const body: StoredTranscript = { version: 1, ...(language ? { language } : {}), words };
    return this.pipeline.envelope.seal({
      tenantId: rec.tenantId,
      recordingId: rec.id,
      kind: 'redacted-transcript',
      wrappingKeyId,
      source: Readable.from([Buffer.from(JSON.stringify(body))]),
    });
  }

  /**
   * A crash after sealing leaves an unreferenced redacted object; a re-run
   * starts clean. Fenced, and against the recording as it is in the same
   * transaction (row locked): the object a committed state references is
   * never among those discarded.
   */
  private async discardEarlierAttempts(rec: RecordingEntity): Promise<void> {
    const shredded = await this.pipeline.fenced(async (m) => {
      const current = await this.pipeline.recordings.lockForUpdate(m, rec.id, rec.tenantId);
      if (current?.status !== 'processing') return undefined;
      await this.pipeline.recordings.deleteSpans(rec.id, m);
      return this.pipeline.envelope.shredRecording(
        m,
        rec.id,
        ['recording', 'redacted-transcript', 'peaks'],
        current.objectKey ?? undefined,
      );
    });
    await shredded?.purgeObjects();
  }
}

/** MEDIA_TRUNCATED when the input holds less audio than it claims: it is stored as it is, and says so. */
function truncationWarnings(probe: ProbeResult, frames: number): RecordingWarning[] {
  const cut = truncation(probe, frames);
  if (!cut) return [];
  const message =
    cut.declaredMs === undefined
      ? `the file ends without its last page: ${cut.decodedMs} ms of audio is stored, the rest was never received`
      : `the file claims ${cut.declaredMs} ms of audio but holds ${cut.decodedMs} ms: that much is stored`;
  return [{ code: 'MEDIA_TRUNCATED', message, ...cut }];
}
