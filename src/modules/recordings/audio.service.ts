import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { AppException } from '../../common/errors/app.exception';
import type { Principal } from '../../common/access/permissions';
import { PlaybackTokenService } from '../auth/playback-token.service';
import { EnvelopeService } from '../crypto/envelope.service';
import type { Peaks } from '../media/peaks';
import { parseRange } from './range';
import { RecordingService } from './recording.service';

const CONTENT_TYPES: Record<string, string> = {
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
  flac: 'audio/flac',
  mp4: 'audio/mp4',
};

/** Serves the redacted object, decrypting only the chunks a range needs. */
@Injectable()
export class AudioService {
  constructor(
    private readonly recordings: RecordingService,
    private readonly envelope: EnvelopeService,
    private readonly playback: PlaybackTokenService,
  ) {}

  async prepare(p: Principal, id: string, rangeHeader?: string, ifRange?: string | string[]) {
    const rec = await this.recordings.get(p, id);
    if (rec.status !== 'available' || !rec.objectKey || !rec.objectSize || !rec.objectSha256) {
      throw new AppException('RECORDING_NOT_AVAILABLE', `Recording is ${rec.status}, not available`);
    }
    const objectKey = rec.objectKey;
    const ciphertextSize = Number(rec.objectSize);
    const total = await this.envelope.authenticatedLength(objectKey, ciphertextSize);
    const etag = `"${rec.objectSha256.toString('hex').slice(0, 32)}"`;
    // If-Range with a stale validator means "send it all" (RFC 9110 §13.1.5).
    const range = ifRange && ifRange !== etag ? { kind: 'full' as const } : parseRange(rangeHeader, total);
    if (range.kind === 'unsatisfiable') {
      throw new AppException('RANGE_NOT_SATISFIABLE', `Range not satisfiable for ${total} bytes`, {
        headers: { 'Content-Range': `bytes */${total}` },
      });
    }
    const span = range.kind === 'partial' ? { start: range.start, end: range.end } : undefined;
    const start = span?.start ?? 0;
    const end = span?.end ?? total - 1;
    return {
      range: span,
      total,
      length: total === 0 ? 0 : end - start + 1,
      etag,
      contentType: CONTENT_TYPES[rec.mediaFormat ?? ''] ?? 'application/octet-stream',
      open: async (): Promise<Readable> =>
        total === 0 ? Readable.from([]) : this.envelope.openRange(objectKey, ciphertextSize, start, end),
    };
  }

  /** The waveform computed from the redacted audio when it was verified. */
  async waveform(p: Principal, id: string): Promise<Peaks & { recordingId: string }> {
    const rec = await this.recordings.get(p, id);
    if (rec.status !== 'available')
      throw new AppException('RECORDING_NOT_AVAILABLE', `Recording is ${rec.status}, not available`);
    const objectKey = await this.envelope.objectKeyOf(rec.id, 'peaks');
    if (!objectKey)
      throw new AppException('WAVEFORM_NOT_FOUND', 'This recording was processed before waveforms were kept');
    const parts: Buffer[] = [];
    for await (const c of await this.envelope.open(objectKey)) parts.push(c as Buffer);
    return { recordingId: rec.id, ...(JSON.parse(Buffer.concat(parts).toString('utf8')) as Peaks) };
  }

  async playbackLink(p: Principal, id: string, purpose: string) {
    const rec = await this.recordings.get(p, id);
    if (rec.status !== 'available')
      throw new AppException('RECORDING_NOT_AVAILABLE', `Recording is ${rec.status}, not available`);
    const { token, expiresAt } = await this.playback.issue(p, rec.id, purpose);
    return { url: `/v1/recordings/${rec.id}/audio?token=${token}`, expiresAt };
  }
}
