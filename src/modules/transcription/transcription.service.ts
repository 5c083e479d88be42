import { Inject, Injectable } from '@nestjs/common';
import type { S3Client } from '@aws-sdk/client-s3';
import type { TranscribeClient } from '@aws-sdk/client-transcribe';
import { APP_CONFIG, SERVICES } from '../../config/config.module';
import type { AppConfig } from '../../config/config';
import type { ServiceEndpoints } from '../../config/service-endpoints';
import { storableText } from '../../common/validation';
import type { ParsedTranscript } from '../redaction/transcript/transcript.parser';
import { S3_CLIENT } from '../storage/s3-client.provider';
import { AwsTranscribeTranscriber } from './aws-transcribe.transcriber';
import { OpenAiCompatibleTranscriber } from './openai-compatible.transcriber';
import { TranscriptionSettingsService } from './transcription-settings.service';
import { checkEgress } from './transcription.egress';
import { TranscriptionError, type Transcriber, type TranscriptionInput } from './transcription.types';

export const TRANSCRIBE_CLIENT = Symbol('TRANSCRIBE_CLIENT');

/** What the redaction step learns: the transcript and which engine made it, or that none is configured. */
export type TranscriptionOutcome = { engine: 'none' } | { engine: Transcriber['engine']; transcript: ParsedTranscript };

/**
 * Transcribes an upload that came without a transcript with the tenant's
 * engine (or the operator's default). Failures surface as `TranscriptionError`
 * after the retries: the caller fails the recording closed.
 */
@Injectable()
export class TranscriptionService {
  constructor(
    private readonly settings: TranscriptionSettingsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SERVICES) private readonly services: ServiceEndpoints,
    @Inject(S3_CLIENT) private readonly s3: S3Client,
    @Inject(TRANSCRIBE_CLIENT) private readonly transcribeClient: TranscribeClient,
  ) {}

  /** The engine that would run for the tenant, without unwrapping anything. */
  async engineFor(tenantId: string): Promise<TranscriptionOutcome['engine']> {
    return (await this.settings.effective(tenantId)).settings.engine;
  }

  async transcribe(input: TranscriptionInput): Promise<TranscriptionOutcome> {
    const t = this.config.transcription;
    // The whole transcription, retries and polling included, has one deadline.
    const signal = AbortSignal.timeout(t.timeoutMs * (t.retries + 2));
    try {
      return await this.run(input, signal);
    } catch (e) {
      if (signal.aborted && !(e instanceof TranscriptionError))
        throw new TranscriptionError('transcription did not finish in time', false, { cause: e });
      throw e;
    }
  }

  private async run(input: TranscriptionInput, signal: AbortSignal): Promise<TranscriptionOutcome> {
    const effective = await this.settings.effective(input.tenantId);
    const s = effective.settings;
    if (s.engine === 'none') return { engine: 'none' };
    const t = this.config.transcription;
    if (s.engine === 'openai-compatible') {
      const apiKey = await effective.key();
      try {
        const transcriber = new OpenAiCompatibleTranscriber({
          url: s.url,
          model: s.model,
          ...(apiKey ? { apiKey } : {}),
          ...(s.language ? { language: s.language } : {}),
          chunkMs: t.chunkMs,
          timeoutMs: t.timeoutMs,
          retry: { retries: t.retries, backoffMs: t.backoffMs },
          egress: { allowedHosts: t.allowedHosts },
        });
        return { engine: s.engine, transcript: storable(await transcriber.transcribe(input, signal)) };
      } finally {
        apiKey?.fill(0);
      }
    }
    if (t.aws.endpoint) await checkEgress(new URL(t.aws.endpoint), { allowedHosts: t.allowedHosts });
    const transcriber = new AwsTranscribeTranscriber({
      transcribe: this.transcribeClient,
      s3: this.s3,
      bucket: s.bucket ?? this.services.s3.bucket,
      ...(s.languageCode ? { languageCode: s.languageCode } : {}),
      pollMs: t.aws.pollMs,
      timeoutMs: t.timeoutMs,
    });
    return { engine: s.engine, transcript: storable(await transcriber.transcribe(input, signal)) };
  }
}

/**
 * An engine's words as the database can hold them: a NUL or a lone surrogate in one would fail the
 * search-index insert after the audio was sealed, and the job with it, on every retry.
 */
function storable(t: ParsedTranscript): ParsedTranscript {
  return { ...t, words: t.words.map((w) => ({ ...w, text: storableText(w.text) })) };
}
