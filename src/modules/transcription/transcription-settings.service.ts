import { Inject, Injectable } from '@nestjs/common';
import { AppException } from '../../common/errors/app.exception';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config';
import { KmsService } from '../crypto/kms.service';
import { TenantService } from '../tenants/tenant.service';
import { checkEgress } from './transcription.egress';
import {
  TranscriptionError,
  type StoredTranscriptionSettings,
  type TranscriptionSettingsInput,
} from './transcription.types';

export const transcriptionKeyContext = (tenantId: string) => ({ tenant: tenantId, purpose: 'transcription' });

/** What the engine of a tenant is, with its key unwrapped only when a transcription needs it. */
export interface EffectiveTranscription {
  settings: StoredTranscriptionSettings;
  source: 'tenant' | 'operator';
  key(): Promise<Buffer | undefined>;
}

/**
 * A tenant's choice of transcription engine. The engine's key is shown to
 * nobody after it is set and is stored only wrapped by KMS, like the webhook
 * secret; a tenant without a choice gets the operator's default.
 */
@Injectable()
export class TranscriptionSettingsService {
  constructor(
    private readonly tenants: TenantService,
    private readonly kms: KmsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async configure(tenantId: string, input: TranscriptionSettingsInput): Promise<StoredTranscriptionSettings> {
    let stored: StoredTranscriptionSettings;
    let keyWrapped: Buffer | null = null;
    if (input.engine === 'openai-compatible') {
      const url = await this.checkUrl(input.url);
      if (input.apiKey)
        keyWrapped = await this.kms.encrypt(Buffer.from(input.apiKey, 'utf8'), transcriptionKeyContext(tenantId));
      stored = {
        engine: input.engine,
        url,
        model: input.model,
        hasKey: keyWrapped !== null,
        ...(input.language ? { language: input.language } : {}),
      };
    } else if (input.engine === 'aws-transcribe') {
      stored = {
        engine: input.engine,
        ...(input.bucket ? { bucket: input.bucket } : {}),
        ...(input.languageCode ? { languageCode: input.languageCode } : {}),
      };
    } else {
      stored = { engine: 'none' };
    }
    await this.tenants.setTranscription(tenantId, { engine: stored, keyWrapped });
    return stored;
  }

  async current(tenantId: string): Promise<StoredTranscriptionSettings & { source: 'tenant' | 'operator' }> {
    const e = await this.effective(tenantId);
    return { ...e.settings, source: e.source };
  }

  async effective(tenantId: string): Promise<EffectiveTranscription> {
    const own = await this.tenants.transcription(tenantId);
    if (own) {
      const { keyWrapped } = own;
      return {
        settings: own.engine as StoredTranscriptionSettings,
        source: 'tenant',
        key: async () =>
          keyWrapped ? this.kms.decryptDataKey(keyWrapped, transcriptionKeyContext(tenantId)) : undefined,
      };
    }
    const t = this.config.transcription;
    const apiKey = t.apiKey;
    const settings: StoredTranscriptionSettings =
      t.engine === 'openai-compatible' && t.url
        ? {
            engine: t.engine,
            url: t.url,
            model: t.model,
            hasKey: apiKey !== undefined,
            ...(t.language ? { language: t.language } : {}),
          }
        : t.engine === 'aws-transcribe'
          ? { engine: t.engine, ...(t.language ? { languageCode: t.language } : {}) }
          : { engine: 'none' };
    return {
      settings,
      source: 'operator',
      key: () => Promise.resolve(apiKey === undefined ? undefined : Buffer.from(apiKey, 'utf8')),
    };
  }

  private async checkUrl(raw: string): Promise<string> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new AppException('VALIDATION_FAILED', 'url: must be an absolute URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new AppException('VALIDATION_FAILED', 'url: must use https');
    try {
      await checkEgress(url, { allowedHosts: this.config.transcription.allowedHosts });
    } catch (e) {
      if (e instanceof TranscriptionError) throw new AppException('VALIDATION_FAILED', `url: ${e.message}`);
      throw e;
    }
    return url.toString();
  }
}
