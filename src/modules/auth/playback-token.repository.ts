import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, MoreThan, type EntityManager, type Repository } from 'typeorm';
import { scoped } from '../../common/scoped';
import { PlaybackTokenEntity } from './playback-token.entity';

@Injectable()
export class PlaybackTokenRepository {
  constructor(@InjectRepository(PlaybackTokenEntity) private readonly repo: Repository<PlaybackTokenEntity>) {}

  async insert(token: Omit<PlaybackTokenEntity, 'createdAt'>, m?: EntityManager): Promise<void> {
    await scoped(this.repo, m).insert(token);
  }

  /** A token that is still valid for this recording (or bulk job result). */
  findValid(
    tokenHash: Buffer,
    target: { recordingId: string } | { jobId: string },
    m?: EntityManager,
  ): Promise<PlaybackTokenEntity | null> {
    return scoped(this.repo, m).findOneBy({ tokenHash, ...target, expiresAt: MoreThan(new Date()) });
  }

  async deleteExpiredBefore(cutoff: Date, m?: EntityManager): Promise<void> {
    await scoped(this.repo, m).delete({ expiresAt: LessThan(cutoff) });
  }
}
