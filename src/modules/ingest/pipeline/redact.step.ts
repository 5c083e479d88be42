import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Readable } from 'node:stream';
import { APP_CONFIG } from '../../../config/config.module';
import type { AppConfig } from '../../../config/config';
import { MediaDriver, outputFor } from '../../media/media.driver';
import { deinterleave, verificationTolerance } from '../../media/verification';
import { MediaRejectedError } from '../../media/media.errors';
import { PeakAccumulator, type Peaks } from '../../media/peaks';
import type { OpenStream, ProbeResult, TimeSpan } from '../../media/media.types';
import type { RecordingEntity } from '../../recordings/recording.entity';
import { DtmfDetector } from '../../redaction/dtmf/dtmf.detector';
import type {
  DetectorRun,
  RedactionReport,
  RedactionSpan,
  TranscriptCheck,
  VerificationResult,
} from '../../redaction/redaction.types';
import { chooseLanguages } from '../../redaction/transcript/languages/language-choice';
import { detectSpokenCardData } from '../../redaction/transcript/spoken-card.detector';
import { parseTranscript, type ParsedTranscript } from '../../redaction/transcript/transcript.parser';
import { TenantService } from '../../tenants/tenant.service';
import { ConsentStep } from './consent.step';
import { lazyStream, PipelineSupport } from './pipeline.support';
import { dtmfSpans, markerSpans, paddedRanges, transcriptSpans, trimSpans } from './spans';

/** Transcript timings may run a little past the decoded audio (encoder padding, rounding). */
const TRANSCRIPT_SLACK_MS = 1000;
const TONE_PEAK_DBFS = -20;

/**
 * Step 2–6: probe and decode the quarantined audio, find card data (DTMF,
 * transcript, markers) and consent trims, mute them sample-exactly, verify the
 * output, then store it encrypted. Anything unexpected fails closed: the
 * recording never becomes available without a passed verification.
 */
@Injectable()
export class RedactStep implements OnModuleInit {
  constructor(
    private readonly pipeline: PipelineSupport,
    private readonly consent: ConsentStep,
    private readonly media: MediaDriver,
    private readonly tenants: TenantService,
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
    const probe = await this.media.probe(open);
    const { durationMs, dtmf } = await this.detectDtmf(open, probe);
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
    const transcript = await this.transcript(rec);
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
      transcript && language ? { format: transcript.format, granularity: transcript.granularity, language } : undefined;
    const spans: RedactionSpan[] = [...dtmf, ...spoken, ...markers, ...trimSpans(decision.trims, durationMs)].sort(
      (a, b) => a.startMs - b.startMs,
    );
    const mode = this.config.redaction.mode;
    let ranges = paddedRanges(spans, this.config.redaction.paddingMs, durationMs);
    const first = await this.redactAndVerify(rec, tenant.kmsKeyId, open, probe, ranges, mode, durationMs);
    let { sealed, verification, peaks } = first;
    if (!verification.passed && verification.failures.length === 1 && first.residual.length) {
      // Lossy re-encoding can create a tone-like blip where the input had none. It is muted and
      // verified again once, so an artefact costs a fraction of a second, not the recording.
      await this.pipeline.envelope.shred(sealed.objectKey);
      spans.push(...first.residual.map((r) => ({ ...r, detector: 'dtmf' as const })));
      ranges = paddedRanges(spans, this.config.redaction.paddingMs, durationMs);
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
        ? { name: 'transcript', ran: true, found: spoken.length }
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
    const committed = await this.pipeline.ds.transaction(async (m) => {
      const ok = await this.pipeline.transition(m, rec.id, ['processing'], {
        status: 'available',
        statusReason: null,
        objectKey: sealed.objectKey,
        objectSize: String(sealed.ciphertextSize),
        objectSha256: Buffer.from(sealed.sha256, 'hex'),
        mediaFormat: output.format,
        sampleRate: probe.sampleRate,
        channels: probe.channels,
        durationMs,
        consentDecision: decision,
        redactionReport: report,
        availableAt: new Date(),
      });
      if (!ok) return false;
      await this.pipeline.recordings.insertSpans(m, rec, spans);
      await this.pipeline.jobs.send('recording.finalize', { recordingId: rec.id }, { manager: m });
      await this.pipeline.jobs.send('recording.webhook', { recordingId: rec.id, status: 'available' }, { manager: m });
      return true;
    });
    // Ended meanwhile (erased, swept): the object just made must not outlive that decision.
    if (!committed) {
      await this.pipeline.envelope.shred(sealedPeaks);
      return this.pipeline.envelope.shred(sealed.objectKey);
    }
    await this.pipeline.record(rec, 'recording.redact', 'success', {
      spans: spans.length,
      detectors: detectors.filter((d) => d.ran).map((d) => d.name),
    });
  }

  /** One decode of the input: the real duration and the DTMF tones on every channel. */
  private async detectDtmf(open: OpenStream, probe: ProbeResult) {
    const detectors = Array.from({ length: probe.channels }, () => new DtmfDetector(probe.sampleRate));
    const events = detectors.map(() => [] as ReturnType<DtmfDetector['push']>);
    let frames = 0;
    for await (const pcm of this.media.decodePcm(open, probe)) {
      frames += pcm.length / probe.channels;
      const chans = probe.channels === 1 ? [pcm] : deinterleave(pcm, probe.channels);
      chans.forEach((c, i) => events[i].push(...detectors[i].push(c)));
    }
    detectors.forEach((d, i) => events[i].push(...d.flush()));
    if (frames === 0) throw new MediaRejectedError('EMPTY');
    return { durationMs: Math.round((frames / probe.sampleRate) * 1000), dtmf: dtmfSpans(events) };
  }

  private async redactAndVerify(
    rec: RecordingEntity,
    wrappingKeyId: string | null,
    open: OpenStream,
    probe: ProbeResult,
    ranges: TimeSpan[],
    mode: 'mute' | 'tone',
    durationMs: number,
  ) {
    const sealed = await this.pipeline.envelope.seal({
      tenantId: rec.tenantId,
      recordingId: rec.id,
      kind: 'recording',
      wrappingKeyId,
      source: this.media.redact(open, probe, ranges, mode),
    });
    try {
      const { result, residual, peaks } = await this.verify(
        lazyStream(() => this.pipeline.envelope.open(sealed.objectKey)),
        ranges,
        mode,
        durationMs,
      );
      return { sealed, verification: result, residual, peaks };
    } catch (e) {
      await this.pipeline.envelope.shred(sealed.objectKey);
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

  /**
   * One decode of the stored output: every muted range must be silent (or the
   * tone) within the codec's tolerance, and no DTMF may remain anywhere. The
   * same PCM gives the waveform, so it shows exactly what was verified.
   */
  private async verify(
    open: OpenStream,
    ranges: TimeSpan[],
    mode: 'mute' | 'tone',
    durationMs: number,
  ): Promise<{ result: VerificationResult; residual: RedactionSpan[]; peaks: Peaks }> {
    const probe = await this.media.probe(open);
    const waveform = new PeakAccumulator(probe.sampleRate, durationMs);
    const tolerance = verificationTolerance(probe.codec);
    const rate = probe.sampleRate;
    const windows = ranges
      .map((r) => ({
        r,
        from: Math.ceil(((r.startMs + tolerance.edgeMarginMs) * rate) / 1000),
        to: Math.floor(((r.endMs - tolerance.edgeMarginMs) * rate) / 1000),
        peak: 0,
      }))
      .filter((w) => w.to > w.from);
    const detectors = Array.from({ length: probe.channels }, () => new DtmfDetector(rate));
    const events = detectors.map(() => [] as ReturnType<DtmfDetector['push']>);
    let frame = 0;
    let first = 0;
    for await (const pcm of this.media.decodePcm(open, probe)) {
      const frames = pcm.length / probe.channels;
      const chans = probe.channels === 1 ? [pcm] : deinterleave(pcm, probe.channels);
      chans.forEach((c, i) => events[i].push(...detectors[i].push(c)));
      waveform.push(chans);
      while (first < windows.length && windows[first].to <= frame) first++;
      for (let w = first; w < windows.length && windows[w].from < frame + frames; w++) {
        const win = windows[w];
        const lo = Math.max(win.from, frame) - frame;
        const hi = Math.min(win.to, frame + frames) - frame;
        for (const c of chans) for (let i = lo; i < hi; i++) win.peak = Math.max(win.peak, Math.abs(c[i]));
      }
      frame += frames;
    }
    detectors.forEach((d, i) => events[i].push(...d.flush()));
    const failures: string[] = [];
    let worst = -Infinity;
    for (const w of windows) {
      const peakDbfs = w.peak === 0 ? -Infinity : 20 * Math.log10(w.peak / 32768);
      worst = Math.max(worst, peakDbfs);
      const ok =
        mode === 'mute'
          ? peakDbfs <= tolerance.maxPeakDbfs
          : Math.abs(peakDbfs - TONE_PEAK_DBFS) <= (tolerance.exact ? 1 : 3);
      if (!ok) failures.push(`span ${w.r.startMs}-${w.r.endMs} ms peaks at ${peakDbfs.toFixed(1)} dBFS`);
    }
    const residual = dtmfSpans(events);
    if (residual.length) failures.push(`${residual.length} DTMF run(s) remain in the output`);
    return {
      residual,
      peaks: waveform.result(),
      result: {
        passed: failures.length === 0,
        codec: probe.codec,
        maxPeakDbfs: Number.isFinite(tolerance.maxPeakDbfs) ? tolerance.maxPeakDbfs : null,
        edgeMarginMs: tolerance.edgeMarginMs,
        spansChecked: windows.length,
        worstPeakDbfs: Number.isFinite(worst) ? Math.round(worst * 10) / 10 : null,
        residualDtmf: residual.length,
        attempts: 1,
        failures,
      },
    };
  }

  private async transcript(rec: RecordingEntity): Promise<ParsedTranscript | undefined> {
    if (!rec.transcriptKey) return undefined;
    const parts: Buffer[] = [];
    for await (const c of await this.pipeline.envelope.open(rec.transcriptKey)) parts.push(c as Buffer);
    return parseTranscript(JSON.parse(Buffer.concat(parts).toString('utf8')));
  }

  /** A crash after sealing leaves an unreferenced redacted object; a re-run starts clean. */
  private async discardEarlierAttempts(rec: RecordingEntity): Promise<void> {
    await this.pipeline.envelope.shredOthers(rec.id, 'recording', rec.objectKey);
    await this.pipeline.envelope.shredOthers(rec.id, 'peaks', null);
    await this.pipeline.recordings.deleteSpans(rec.id);
  }
}
