import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { CryptoModule } from '../crypto/crypto.module';
import { RecordingsModule } from '../recordings/recordings.module';
import { TenantsModule } from '../tenants/tenants.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { ConsentRuleOverrideEntity } from './consent-rule-override.entity';
import { ConsentRuleOverrideRepository } from './consent-rule-override.repository';
import { ConsentRulesService } from './consent-rules.service';
import { DeletionBlockEntity } from './deletion-block.entity';
import { DeletionCertificateEntity } from './deletion-certificate.entity';
import { DeletionCertificateService } from './deletion-certificate.service';
import { DeletionRepository } from './deletion.repository';
import { DeletionService } from './deletion.service';
import { DocumentSigner } from './document.signer';
import { DsarController } from './dsar.controller';
import { DsarService } from './dsar.service';
import { EvidenceBuilder } from './evidence.builder';
import { EvidenceController } from './evidence.controller';
import { EvidenceVerifier } from './evidence.verifier';
import { LegalHoldController } from './legal-hold.controller';
import { LegalHoldEntity } from './legal-hold.entity';
import { LegalHoldRepository } from './legal-hold.repository';
import { LegalHoldService } from './legal-hold.service';
import { MatterController } from './matter.controller';
import { MatterEntity } from './matter.entity';
import { MatterRepository } from './matter.repository';
import { MatterService } from './matter.service';
import { RecordingDeletionController } from './recording-deletion.controller';
import { RetentionPolicyEntity } from './retention-policy.entity';
import { RetentionPolicyRepository } from './retention-policy.repository';
import { RetentionPolicyService } from './retention-policy.service';
import { RetentionSweep } from './retention.sweep';
import { TenantPolicyController } from './tenant-policy.controller';

/**
 * Legal's side of the vault: consent-rule overrides, evidence, holds,
 * matters, retention, deletion (the only deletion path) with its certificates, DSARs.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      ConsentRuleOverrideEntity,
      RetentionPolicyEntity,
      LegalHoldEntity,
      MatterEntity,
      DeletionBlockEntity,
      DeletionCertificateEntity,
    ]),
    AuditModule,
    CryptoModule,
    RecordingsModule,
    TenantsModule,
    WebhooksModule,
  ],
  controllers: [
    TenantPolicyController,
    EvidenceController,
    LegalHoldController,
    MatterController,
    DsarController,
    RecordingDeletionController,
  ],
  providers: [
    ConsentRuleOverrideRepository,
    RetentionPolicyRepository,
    LegalHoldRepository,
    MatterRepository,
    DeletionRepository,
    ConsentRulesService,
    DocumentSigner,
    DeletionCertificateService,
    DeletionService,
    EvidenceBuilder,
    EvidenceVerifier,
    LegalHoldService,
    MatterService,
    RetentionPolicyService,
    RetentionSweep,
    DsarService,
  ],
  exports: [ConsentRulesService, EvidenceVerifier, EvidenceBuilder, DsarService, DocumentSigner, LegalHoldService],
})
export class LegalModule {}
