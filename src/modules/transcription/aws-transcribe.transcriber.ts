import { randomUUID } from 'node:crypto';
import { DeleteObjectCommand, GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  DeleteTranscriptionJobCommand,
  GetTranscriptionJobCommand,
  StartTranscriptionJobCommand,
  type MediaFormat,
  type TranscribeClient,
  type LanguageCode,
} from '@aws-sdk/client-transcribe';
import { Upload } from '@aws-sdk/lib-storage';
import { Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ContainerFormat } from '../media/media.types';
import {
  parseTranscript,
  TranscriptFormatError,
  type ParsedTranscript,
} from '../redaction/transcript/transcript.parser';
import { TranscriptionError, type Transcriber, type TranscriptionInput } from './transcription.types';

const MEDIA_FORMATS: Record<ContainerFormat, MediaFormat> = {
  wav: 'wav',
  mp3: 'mp3',
  ogg: 'ogg',
  flac: 'flac',
  mp4: 'mp4',
  amr: 'amr',
};
const MAX_RESULT_BYTES = 64 * 1024 * 1024;

export interface AwsTranscribeOptions {
  transcribe: TranscribeClient;
  s3: S3Client;
  bucket: string;
  languageCode?: string;
  pollMs: number;
  timeoutMs: number;
}

/**
 * Amazon Transcribe batch jobs: the decrypted upload is streamed to the tenant's
 * bucket (server-side encrypted under KMS), transcribed with channel
 * identification, and the job, its input and its output are deleted whatever
 * the outcome. The result is read by the same parser as an uploaded Transcribe
 * transcript.
 */
export class AwsTranscribeTranscriber implements Transcriber {
  readonly engine = 'aws-transcribe';
  private readonly logger = new Logger('transcription');

  constructor(private readonly o: AwsTranscribeOptions) {}

  async transcribe(input: TranscriptionInput, signal: AbortSignal): Promise<ParsedTranscript> {
    const job = `vault-${input.recordingId}-${randomUUID().slice(0, 8)}`;
    const prefix = `transcribe/${input.tenantId}/${job}`;
    const mediaKey = `${prefix}/audio.${input.format}`;
    const outputKey = `${prefix}/result.json`;
    let started = false;
    try {
      await this.aws('upload the audio', () =>
        new Upload({
          client: this.o.s3,
          params: { Bucket: this.o.bucket, Key: mediaKey, Body: input.encoded(), ServerSideEncryption: 'aws:kms' },
          leavePartsOnError: false,
        }).done(),
      );
      await this.aws('start the job', () =>
        this.o.transcribe.send(
          new StartTranscriptionJobCommand({
            TranscriptionJobName: job,
            Media: { MediaFileUri: `s3://${this.o.bucket}/${mediaKey}` },
            MediaFormat: MEDIA_FORMATS[input.format],
            MediaSampleRateHertz: input.sampleRate,
            ...(this.o.languageCode
              ? { LanguageCode: this.o.languageCode as LanguageCode }
              : { IdentifyLanguage: true }),
            OutputBucketName: this.o.bucket,
            OutputKey: outputKey,
            Settings: input.channels > 1 ? { ChannelIdentification: true } : {},
          }),
          { abortSignal: signal },
        ),
      );
      started = true;
      await this.waitFor(job, signal);
      const obj = await this.aws('read the result', () =>
        this.o.s3.send(new GetObjectCommand({ Bucket: this.o.bucket, Key: outputKey }), { abortSignal: signal }),
      );
      if ((obj.ContentLength ?? 0) > MAX_RESULT_BYTES)
        throw new TranscriptionError('Transcribe result is too large', false);
      const text = (await obj.Body?.transformToString('utf8')) ?? '';
      try {
        return parseTranscript({ format: 'aws-transcribe', document: JSON.parse(text) as unknown }, 'engine');
      } catch (e) {
        if (e instanceof TranscriptFormatError || e instanceof SyntaxError)
          throw new TranscriptionError(
            `Transcribe result unreadable: ${e instanceof TranscriptFormatError ? e.message : 'not JSON'}`,
            false,
          );
        throw e;
      }
    } finally {
      await this.cleanUp(job, started, [mediaKey, outputKey]);
    }
  }

  private async waitFor(job: string, signal: AbortSignal): Promise<void> {
    const deadline = Date.now() + this.o.timeoutMs;
    for (;;) {
      const out = await this.aws('poll the job', () =>
        this.o.transcribe.send(new GetTranscriptionJobCommand({ TranscriptionJobName: job }), { abortSignal: signal }),
      );
      const status = out.TranscriptionJob?.TranscriptionJobStatus;
      if (status === 'COMPLETED') return;
      if (status === 'FAILED') {
        const reason = (out.TranscriptionJob?.FailureReason ?? 'no reason given').slice(0, 200);
        throw new TranscriptionError(`Transcribe job failed: ${reason}`, false);
      }
      if (Date.now() > deadline) throw new TranscriptionError('Transcribe job did not finish in time', false);
      await sleep(this.o.pollMs, undefined, { signal });
    }
  }

  /** The job and both objects go whatever happened; a leftover is logged by key, never by content. */
  private async cleanUp(job: string, started: boolean, keys: string[]): Promise<void> {
    const results = await Promise.allSettled([
      ...keys.map((Key) => this.o.s3.send(new DeleteObjectCommand({ Bucket: this.o.bucket, Key }))),
      ...(started ? [this.o.transcribe.send(new DeleteTranscriptionJobCommand({ TranscriptionJobName: job }))] : []),
    ]);
    for (const r of results)
      if (r.status === 'rejected') this.logger.warn({ job, err: String(r.reason) }, 'transcription clean-up failed');
  }

  /** AWS errors as transcription failures; the SDK has already retried what it considers retryable. */
  private async aws<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (e) {
      if (e instanceof TranscriptionError) throw e;
      const name = e instanceof Error ? e.name : 'Error';
      throw new TranscriptionError(`Transcribe: could not ${what} (${name})`, false, { cause: e });
    }
  }
}
