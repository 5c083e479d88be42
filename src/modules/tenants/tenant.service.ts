import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AppException } from '../../common/errors/app.exception';
import { auditRequestIn } from '../../common/request-audit';
import { containsCardNumber } from '../redaction/card-text';
import { TenantEntity } from './tenant.entity';
import { TenantRepository } from './tenant.repository';

export const TENANT_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

@Injectable()
export class TenantService {
  constructor(
    private readonly tenants: TenantRepository,
    private readonly ds: DataSource,
  ) {}

  /** For code that runs without Nest (the CLI, benchmarks, tests' fixtures). */
  static open(ds: DataSource): TenantService {
    return new TenantService(new TenantRepository(ds.getRepository(TenantEntity)), ds);
  }

  async create(name: string, kmsKeyId?: string): Promise<TenantEntity> {
    if (!TENANT_NAME.test(name)) {
      throw new AppException('VALIDATION_FAILED', 'name: use 1-63 lowercase letters, digits and hyphens');
    }
    if (containsCardNumber(name)) throw new AppException('VALIDATION_FAILED', 'name: must not contain a card number');
    if (await this.tenants.existsByName(name)) throw new AppException('TENANT_EXISTS', `Tenant ${name} already exists`);
    return this.tenants.create(name, kmsKeyId ?? null);
  }

  async byName(name: string): Promise<TenantEntity> {
    const t = await this.tenants.findByName(name);
    if (!t) throw new AppException('TENANT_NOT_FOUND', `Tenant ${name} not found`);
    return t;
  }

  async byId(id: string, m?: EntityManager): Promise<TenantEntity> {
    const t = await this.tenants.findById(id, m);
    if (!t) throw new AppException('TENANT_NOT_FOUND', 'Tenant not found');
    return t;
  }

  /** The tenant, or null: for authentication, where an unknown tenant is a refusal, not an error. */
  find(by: { id: string } | { name: string }): Promise<TenantEntity | null> {
    return 'id' in by ? this.tenants.findById(by.id) : this.tenants.findByName(by.name);
  }

  /** Serialises per-tenant writers for the rest of `m`'s transaction. */
  lock(id: string, m: EntityManager): Promise<void> {
    return this.tenants.lock(id, m);
  }

  /** The KMS key new data keys of the tenant are wrapped under (null: the service default). */
  async wrappingKey(id: string): Promise<string | null> {
    return (await this.byId(id)).kmsKeyId;
  }

  setKmsKey(id: string, kmsKeyId: string | null, m?: EntityManager): Promise<void> {
    return this.tenants.setKmsKey(id, kmsKeyId, m);
  }

  async setIngestPolicy(id: string, policy: { requireTranscript: boolean }): Promise<{ requireTranscript: boolean }> {
    await this.ds.transaction(async (m) => {
      await this.tenants.setRequireTranscript(id, policy.requireTranscript, m);
      await auditRequestIn(m);
    });
    return { requireTranscript: policy.requireTranscript };
  }

  /** The tenant's own transcription engine (settings and its wrapped key), or null for the operator default. */
  transcription(id: string): Promise<{ engine: Record<string, unknown>; keyWrapped: Buffer | null } | null> {
    return this.tenants.transcription(id);
  }

  /** Set by a request: its audit event commits with the setting. */
  async setTranscription(id: string, settings: { engine: Record<string, unknown>; keyWrapped: Buffer | null } | null) {
    await this.ds.transaction(async (m) => {
      await this.tenants.setTranscription(id, settings, m);
      await auditRequestIn(m);
    });
  }
}
