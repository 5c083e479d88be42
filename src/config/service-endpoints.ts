import type { AppConfig } from './config';

/**
 * Where the services the vault depends on are reached: the configured ones,
 * or the embedded stand-ins started for those left unset (src/embedded/).
 */
export interface ServiceEndpoints {
  databaseUrl: string;
  /**
   * The configured S3 settings, or the embedded server's; with the embedded
   * server, where it keeps multipart uploads in progress (it cannot list them).
   */
  s3: AppConfig['s3'] & { embeddedUploadsDir?: string };
  /** The configured KMS settings with key ids resolved (the embedded server's when unset). */
  kms: AppConfig['kms'] & { keyId: string; signingKeyId: string };
  /** Names of the services that are embedded stand-ins. */
  embedded: string[];
  /** What the stand-ins want said at start-up (e.g. which OS user runs the embedded PostgreSQL). */
  notices: string[];
  warnings: string[];
  close(): Promise<void>;
}
