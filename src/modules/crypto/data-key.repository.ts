import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, LessThan, Not, type EntityManager, type Repository } from 'typeorm';
import { scoped } from '../../common/scoped';
import { DataKeyEntity } from './data-key.entity';

export type JobObjectKind = 'job-part' | 'job-result';
/** Objects of bulk jobs: never linked to a recording, and no upload's leftovers. */
export const JOB_OBJECT_KINDS: JobObjectKind[] = ['job-part', 'job-result'];

/** The only code touching `data_keys`. Deleting a row crypto-shreds its object. */
@Injectable()
export class DataKeyRepository {
  constructor(@InjectRepository(DataKeyEntity) private readonly repo: Repository<DataKeyEntity>) {}

  create(row: Omit<DataKeyEntity, 'id' | 'createdAt' | 'rotatedAt'>, m?: EntityManager): Promise<DataKeyEntity> {
    const r = scoped(this.repo, m);
    return r.save(r.create(row));
  }

  findByObjectKey(objectKey: string, m?: EntityManager): Promise<DataKeyEntity | null> {
    return scoped(this.repo, m).findOneBy({ objectKey });
  }

  findByObjectKeys(objectKeys: string[], m?: EntityManager): Promise<DataKeyEntity[]> {
    return objectKeys.length ? scoped(this.repo, m).findBy({ objectKey: In(objectKeys) }) : Promise.resolve([]);
  }

  /** The row, share-locked until `m` commits: nobody can delete it (shred the object) meanwhile. */
  lockByObjectKey(objectKey: string, m: EntityManager): Promise<DataKeyEntity | null> {
    return m
      .getRepository(DataKeyEntity)
      .createQueryBuilder('k')
      .setLock('pessimistic_read')
      .where('k.objectKey = :objectKey', { objectKey })
      .getOne();
  }

  /** A recording's keys, of some object kinds or all; `except` leaves one object out. */
  findByRecording(
    recordingId: string,
    opts: { kinds?: string[]; except?: string } = {},
    m?: EntityManager,
  ): Promise<DataKeyEntity[]> {
    return scoped(this.repo, m).findBy({
      recordingId,
      ...(opts.kinds ? { objectKind: In(opts.kinds) } : {}),
      ...(opts.except !== undefined ? { objectKey: Not(opts.except) } : {}),
    });
  }

  /** Keys never linked to a recording: uploads that died before their transaction (bulk job objects are not). */
  findUnlinkedBefore(cutoff: Date, m?: EntityManager): Promise<DataKeyEntity[]> {
    return scoped(this.repo, m).findBy({
      recordingId: IsNull(),
      createdAt: LessThan(cutoff),
      objectKind: Not(In(JOB_OBJECT_KINDS)),
    });
  }

  /** A tenant's keys not yet wrapped under `kmsKeyId`, oldest first. */
  findNotUnder(tenantId: string, kmsKeyId: string, limit: number, m?: EntityManager): Promise<DataKeyEntity[]> {
    return scoped(this.repo, m).find({
      where: { tenantId, kmsKeyId: Not(kmsKeyId) },
      take: limit,
      order: { createdAt: 'ASC' },
    });
  }

  countNotUnder(tenantId: string, kmsKeyId: string, m?: EntityManager): Promise<number> {
    return scoped(this.repo, m).countBy({ tenantId, kmsKeyId: Not(kmsKeyId) });
  }

  async linkToRecording(objectKeys: string[], recordingId: string, m?: EntityManager): Promise<void> {
    if (objectKeys.length) await scoped(this.repo, m).update({ objectKey: In(objectKeys) }, { recordingId });
  }

  async setWrapped(id: string, wrappedKey: Buffer, kmsKeyId: string, m?: EntityManager): Promise<void> {
    await scoped(this.repo, m).update({ id }, { wrappedKey, kmsKeyId, rotatedAt: new Date() });
  }

  async delete(ids: string[], m?: EntityManager): Promise<void> {
    if (ids.length) await scoped(this.repo, m).delete({ id: In(ids) });
  }
}
