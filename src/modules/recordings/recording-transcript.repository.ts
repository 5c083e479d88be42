import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { scoped } from '../../common/scoped';
import { RecordingTranscriptEntity } from './recording-transcript.entity';

/** Full-text configuration: `simple` lowercases and splits without stemming, so no language is assumed. */
export const SEARCH_CONFIG = 'simple';

/** The only code that reads or writes `recording_transcripts`. */
@Injectable()
export class RecordingTranscriptRepository {
  constructor(
    @InjectRepository(RecordingTranscriptEntity) private readonly repo: Repository<RecordingTranscriptEntity>,
  ) {}

  /** `searchable` holds only the words that were not redacted. */
  async insert(
    m: EntityManager,
    row: { recordingId: string; tenantId: string; objectKey: string; words: number; searchable: string },
  ): Promise<void> {
    await m.query(
      `INSERT INTO recording_transcripts (recording_id, tenant_id, object_key, words, search)
       VALUES ($1, $2, $3, $4, to_tsvector('${SEARCH_CONFIG}', $5))`,
      [row.recordingId, row.tenantId, row.objectKey, row.words, row.searchable],
    );
  }

  find(recordingId: string, tenantId: string, m?: EntityManager): Promise<RecordingTranscriptEntity | null> {
    return scoped(this.repo, m).findOneBy({ recordingId, tenantId });
  }

  async delete(recordingId: string, m?: EntityManager): Promise<void> {
    await scoped(this.repo, m).delete({ recordingId });
  }
}
