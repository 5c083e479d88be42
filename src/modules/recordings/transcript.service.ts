import { Injectable } from '@nestjs/common';
import type { Principal } from '../../common/access/permissions';
import { AppException } from '../../common/errors/app.exception';
import { EnvelopeService } from '../crypto/envelope.service';
import type { RedactedWord } from '../redaction/transcript/transcript-redactor';
import { RecordingTranscriptRepository } from './recording-transcript.repository';
import { RecordingService } from './recording.service';

/** The stored redacted transcript: what the object holds, as served. */
export interface StoredTranscript {
  version: 1;
  language?: string;
  words: RedactedWord[];
}

/** Serves the redacted transcript of an available recording of the caller's tenant. */
@Injectable()
export class TranscriptService {
  constructor(
    private readonly recordings: RecordingService,
    private readonly transcripts: RecordingTranscriptRepository,
    private readonly envelope: EnvelopeService,
  ) {}

  async read(p: Principal, id: string): Promise<StoredTranscript & { recordingId: string }> {
    const rec = await this.recordings.get(p, id);
    if (rec.status !== 'available')
      throw new AppException('RECORDING_NOT_AVAILABLE', `Recording is ${rec.status}, not available`);
    const row = await this.transcripts.find(rec.id, p.tenantId);
    if (!row) throw new AppException('TRANSCRIPT_NOT_FOUND', 'This recording has no transcript');
    const parts: Buffer[] = [];
    for await (const c of await this.envelope.open(row.objectKey)) parts.push(c as Buffer);
    const stored = JSON.parse(Buffer.concat(parts).toString('utf8')) as StoredTranscript;
    return { recordingId: rec.id, ...stored };
  }
}
