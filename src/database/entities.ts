import { AuditCheckpointEntity } from '../modules/audit/audit-checkpoint.entity';
import { AuditEventEntity } from '../modules/audit/audit-event.entity';
import { ApiKeyEntity } from '../modules/auth/api-key.entity';
import { AuthFailureEntity } from '../modules/auth/auth-failure.entity';
import { PlaybackTokenEntity } from '../modules/auth/playback-token.entity';
import { BulkJobEntity, BulkJobItemEntity } from '../modules/bulk-jobs/bulk-job.entity';
import { DataKeyEntity } from '../modules/crypto/data-key.entity';
import { JobLeaseEntity } from '../modules/jobs/job-lease.entity';
import { KeyRotationEntity } from '../modules/key-rotations/key-rotation.entity';
import { ConsentRuleOverrideEntity } from '../modules/legal/consent-rule-override.entity';
import { DeletionBlockEntity } from '../modules/legal/deletion-block.entity';
import { DeletionCertificateEntity } from '../modules/legal/deletion-certificate.entity';
import { LegalHoldEntity } from '../modules/legal/legal-hold.entity';
import { MatterEntity } from '../modules/legal/matter.entity';
import { RetentionPolicyEntity } from '../modules/legal/retention-policy.entity';
import { ConsentEventEntity } from '../modules/recordings/consent-event.entity';
import { ParticipantEntity } from '../modules/recordings/participant.entity';
import { RecordingEntity } from '../modules/recordings/recording.entity';
import { RecordingTranscriptEntity } from '../modules/recordings/recording-transcript.entity';
import { RedactionSpanEntity } from '../modules/recordings/redaction-span.entity';
import { TenantEntity } from '../modules/tenants/tenant.entity';
import { TenantAllowedKeyEntity } from '../modules/tenants/tenant-key.entity';
import { WebhookAttemptEntity, WebhookDeliveryEntity, WebhookEventEntity } from '../modules/webhooks/webhook.entities';

/**
 * Every table's entity. The data source is built before Nest starts (and by the
 * CLI, which runs no Nest), so the list is explicit here rather than collected
 * from `TypeOrmModule.forFeature`; test/schema.e2e-spec.ts checks it against the
 * migrated schema.
 */
export const entities = [
  TenantEntity,
  TenantAllowedKeyEntity,
  ApiKeyEntity,
  PlaybackTokenEntity,
  AuthFailureEntity,
  RecordingEntity,
  ParticipantEntity,
  ConsentEventEntity,
  RedactionSpanEntity,
  RecordingTranscriptEntity,
  DataKeyEntity,
  AuditEventEntity,
  AuditCheckpointEntity,
  KeyRotationEntity,
  ConsentRuleOverrideEntity,
  RetentionPolicyEntity,
  LegalHoldEntity,
  MatterEntity,
  DeletionBlockEntity,
  DeletionCertificateEntity,
  JobLeaseEntity,
  WebhookEventEntity,
  WebhookDeliveryEntity,
  WebhookAttemptEntity,
  BulkJobEntity,
  BulkJobItemEntity,
];
