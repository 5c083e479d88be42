import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type EntityManager, type Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { scoped } from '../../common/scoped';
import { TenantEntity } from './tenant.entity';

/** The only code that reads or writes `tenants`: the tenant, its policy, its webhook and its wrapped secrets. */
@Injectable()
export class TenantRepository {
  constructor(@InjectRepository(TenantEntity) private readonly repo: Repository<TenantEntity>) {}

  create(name: string, kmsKeyId: string | null, m?: EntityManager): Promise<TenantEntity> {
    const r = scoped(this.repo, m);
    return r.save(r.create({ name, kmsKeyId }));
  }

  existsByName(name: string, m?: EntityManager): Promise<boolean> {
    return scoped(this.repo, m).existsBy({ name });
  }

  findById(id: string, m?: EntityManager): Promise<TenantEntity | null> {
    return scoped(this.repo, m).findOneBy({ id });
  }

  findByName(name: string, m?: EntityManager): Promise<TenantEntity | null> {
    return scoped(this.repo, m).findOneBy({ name });
  }

  /** Row lock for the rest of `m`'s transaction: one writer per tenant for per-tenant sequences. */
  async lock(id: string, m: EntityManager): Promise<void> {
    await m
      .getRepository(TenantEntity)
      .createQueryBuilder('t')
      .setLock('pessimistic_write')
      .where('t.id = :id', { id })
      .getOne();
  }

  async setKmsKey(id: string, kmsKeyId: string | null, m?: EntityManager): Promise<void> {
    await scoped(this.repo, m).update({ id }, { kmsKeyId });
  }

  async setRequireTranscript(id: string, requireTranscript: boolean, m?: EntityManager): Promise<void> {
    await scoped(this.repo, m).update({ id }, { requireTranscript });
  }

  async setWebhook(
    id: string,
    webhook: { url: string; secretWrapped: Buffer } | null,
    m?: EntityManager,
  ): Promise<void> {
    await scoped(this.repo, m).update(
      { id },
      { webhookUrl: webhook?.url ?? null, webhookSecretWrapped: webhook?.secretWrapped ?? null },
    );
  }

  async webhook(id: string, m?: EntityManager): Promise<{ url: string; secretWrapped: Buffer } | null> {
    const row = await this.withSecrets(id, m);
    return row?.webhookUrl && row.webhookSecretWrapped
      ? { url: row.webhookUrl, secretWrapped: row.webhookSecretWrapped }
      : null;
  }

  async setTranscription(
    id: string,
    settings: { engine: Record<string, unknown>; keyWrapped: Buffer | null } | null,
    m?: EntityManager,
  ): Promise<void> {
    await scoped(this.repo, m).update(
      { id },
      {
        transcription: (settings?.engine ?? null) as QueryDeepPartialEntity<TenantEntity>['transcription'],
        transcriptionKeyWrapped: settings?.keyWrapped ?? null,
      },
    );
  }

  async transcription(
    id: string,
    m?: EntityManager,
  ): Promise<{ engine: Record<string, unknown>; keyWrapped: Buffer | null } | null> {
    const row = await this.withSecrets(id, m);
    return row?.transcription ? { engine: row.transcription, keyWrapped: row.transcriptionKeyWrapped } : null;
  }

  async phoneKey(id: string, m?: EntityManager): Promise<Buffer | null> {
    return (await this.withSecrets(id, m))?.phoneKeyWrapped ?? null;
  }

  /** Store the phone-hashing key unless another writer stored one first; true if ours was stored. */
  async claimPhoneKey(id: string, wrapped: Buffer, kmsKeyId: string, m?: EntityManager): Promise<boolean> {
    const res = await scoped(this.repo, m).update(
      { id, phoneKeyWrapped: IsNull() },
      { phoneKeyWrapped: wrapped, phoneKeyKmsId: kmsKeyId },
    );
    return (res.affected ?? 0) > 0;
  }

  /** Re-wrapped phone key, stored only if the key was not replaced meanwhile (compare-and-set). */
  async replacePhoneKey(id: string, old: Buffer, wrapped: Buffer, kmsKeyId: string, m?: EntityManager): Promise<void> {
    await scoped(this.repo, m)
      .createQueryBuilder()
      .update()
      .set({ phoneKeyWrapped: wrapped, phoneKeyKmsId: kmsKeyId })
      .where('id = :id AND phone_key_wrapped = :old', { id, old })
      .execute();
  }

  /** Re-wrapped webhook secret, stored only if the webhook was not set again meanwhile. */
  async replaceWebhookSecret(id: string, old: Buffer, wrapped: Buffer, m?: EntityManager): Promise<void> {
    await scoped(this.repo, m)
      .createQueryBuilder()
      .update()
      .set({ webhookSecretWrapped: wrapped })
      .where('id = :id AND webhook_secret_wrapped = :old', { id, old })
      .execute();
  }

  /** Wrapped secrets are not selected by default, so that no ordinary read carries them around. */
  private withSecrets(id: string, m?: EntityManager): Promise<TenantEntity | null> {
    return scoped(this.repo, m)
      .createQueryBuilder('t')
      .addSelect(['t.phoneKeyWrapped', 't.webhookSecretWrapped', 't.transcriptionKeyWrapped'])
      .where('t.id = :id', { id })
      .getOne();
  }
}
