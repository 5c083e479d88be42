import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GetPublicKeyCommand,
  KMSClient,
  KMSServiceException,
  ReEncryptCommand,
  SignCommand,
  VerifyCommand,
} from '@aws-sdk/client-kms';
import { AppException } from '../../common/errors/app.exception';
import { SERVICES } from '../../config/config.module';
import type { ServiceEndpoints } from '../../config/service-endpoints';
import { instrumentAwsClient } from '../metrics/instrument';
import { Metrics } from '../metrics/metrics';

export type EncryptionContext = Record<string, string>;
const SIGNING_ALGORITHM = 'ECDSA_SHA_256';

/**
 * Every key operation goes through AWS KMS's API (AWS, LocalStack, or the
 * embedded development server). A KMS failure is a retryable 503, never a
 * reason to write anything unencrypted.
 */
@Injectable()
export class KmsService {
  readonly client: KMSClient;
  readonly defaultKeyId: string;
  readonly signingKeyId: string;
  private readonly deadlineMs: number;

  constructor(@Inject(SERVICES) services: ServiceEndpoints, @Optional() metrics?: Metrics) {
    this.client = new KMSClient({
      endpoint: services.kms.endpoint,
      region: services.kms.region,
      credentials: services.kms.credentials,
      maxAttempts: 3,
      requestHandler: {
        connectionTimeout: services.kms.timeouts.connectMs,
        requestTimeout: services.kms.timeouts.requestMs,
        throwOnRequestTimeout: true,
      },
    });
    this.deadlineMs = services.kms.timeouts.requestMs;
    if (metrics) instrumentAwsClient(this.client, 'kms', metrics);
    this.defaultKeyId = services.kms.keyId;
    this.signingKeyId = services.kms.signingKeyId;
  }

  async describe(keyId = this.defaultKeyId): Promise<{ keyId: string; enabled: boolean }> {
    const out = await this.call(() => this.client.send(new DescribeKeyCommand({ KeyId: keyId })));
    // The ARN: what GenerateDataKey, ReEncrypt and Sign report as KeyId, so stored ids compare equal.
    return {
      keyId: out.KeyMetadata?.Arn ?? out.KeyMetadata?.KeyId ?? keyId,
      enabled: out.KeyMetadata?.Enabled === true,
    };
  }

  /** A fresh AES-256 data key; the caller zeroes `plaintext` when done. */
  async generateDataKey(context: EncryptionContext, keyId = this.defaultKeyId) {
    const out = await this.call(() =>
      this.client.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: context })),
    );
    return {
      plaintext: Buffer.from(answered(out.Plaintext)),
      wrapped: Buffer.from(answered(out.CiphertextBlob)),
      keyId: out.KeyId ?? keyId,
    };
  }

  async decryptDataKey(wrapped: Buffer, context: EncryptionContext, keyId?: string): Promise<Buffer> {
    const out = await this.call(() =>
      this.client.send(new DecryptCommand({ CiphertextBlob: wrapped, EncryptionContext: context, KeyId: keyId })),
    );
    return Buffer.from(answered(out.Plaintext));
  }

  /** Wrap a small secret (≤ 4 KiB) directly under a KMS key. */
  async encrypt(plaintext: Buffer, context: EncryptionContext, keyId = this.defaultKeyId): Promise<Buffer> {
    const out = await this.call(() =>
      this.client.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: context })),
    );
    return Buffer.from(answered(out.CiphertextBlob));
  }

  async reEncrypt(wrapped: Buffer, context: EncryptionContext, destinationKeyId: string) {
    const out = await this.call(() =>
      this.client.send(
        new ReEncryptCommand({
          CiphertextBlob: wrapped,
          SourceEncryptionContext: context,
          DestinationEncryptionContext: context,
          DestinationKeyId: destinationKeyId,
        }),
      ),
    );
    return { wrapped: Buffer.from(answered(out.CiphertextBlob)), keyId: out.KeyId ?? destinationKeyId };
  }

  async sign(message: Buffer): Promise<{ signature: Buffer; keyId: string; algorithm: string }> {
    const out = await this.call(() =>
      this.client.send(
        new SignCommand({
          KeyId: this.signingKeyId,
          Message: message,
          MessageType: 'RAW',
          SigningAlgorithm: SIGNING_ALGORITHM,
        }),
      ),
    );
    return {
      signature: Buffer.from(answered(out.Signature)),
      keyId: out.KeyId ?? this.signingKeyId,
      algorithm: SIGNING_ALGORITHM,
    };
  }

  async verify(message: Buffer, signature: Buffer, keyId = this.signingKeyId): Promise<boolean> {
    try {
      const out = await this.call(() =>
        this.client.send(
          new VerifyCommand({
            KeyId: keyId,
            Message: message,
            MessageType: 'RAW',
            Signature: signature,
            SigningAlgorithm: SIGNING_ALGORITHM,
          }),
        ),
      );
      return out.SignatureValid === true;
    } catch (e) {
      if (e instanceof AppException && e.code === 'SIGNATURE_INVALID') return false;
      throw e;
    }
  }

  async publicKey(keyId = this.signingKeyId): Promise<Buffer> {
    const out = await this.call(() => this.client.send(new GetPublicKeyCommand({ KeyId: keyId })));
    return Buffer.from(answered(out.PublicKey));
  }

  /** One KMS call, bounded as a whole (retries included) by KMS_REQUEST_TIMEOUT. */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(Object.assign(new Error(`KMS did not answer within ${this.deadlineMs} ms`), { name: 'TimeoutError' }));
      }, this.deadlineMs);
    });
    try {
      return await Promise.race([fn(), deadline]);
    } catch (e) {
      throw toKmsError(e);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** A field every successful answer carries; its absence is a broken key service, not an empty result. */
function answered<T>(value: T | undefined): T {
  if (value === undefined) throw new AppException('KMS_UNAVAILABLE', 'Key service answered without a required field');
  return value;
}

export function toKmsError(e: unknown): Error {
  if (e instanceof KMSServiceException && e.$fault === 'client') {
    // A typed refusal (bad ciphertext, wrong context, unknown key): not retryable.
    if (e.name === 'KMSInvalidSignatureException')
      return new AppException('SIGNATURE_INVALID', 'Signature is not valid', { cause: e });
    return new AppException('KEY_REFUSED', `Key service refused the operation (${e.name})`, { cause: e });
  }
  return new AppException('KMS_UNAVAILABLE', 'Key service unavailable; retry later', {
    headers: { 'Retry-After': '5' },
    cause: e,
  });
}
