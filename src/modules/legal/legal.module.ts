import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { CryptoModule } from '../crypto/crypto.module';
import { RecordingsModule } from '../recordings/recordings.module';
import { TenantsModule } from '../tenants/tenants.module';
import { ConsentRulesService } from './consent-rules.service';
import { DeletionCertificateService } from './deletion-certificate.service';
import { DeletionService } from './deletion.service';
import { DocumentSigner } from './document.signer';
import { DsarController } from './dsar.controller';
import { DsarService } from './dsar.service';
import { EvidenceBuilder } from './evidence.builder';
import { EvidenceController } from './evidence.controller';
import { EvidenceVerifier } from './evidence.verifier';
import { LegalHoldController } from './legal-hold.controller';
import { LegalHoldService } from './legal-hold.service';
import { RetentionPolicyService } from './retention-policy.service';
import { RetentionSweep } from './retention.sweep';
import { TenantPolicyController } from './tenant-policy.controller';

/** Legal's side of the vault: consent-rule overrides, evidence, holds, retention, deletion certificates, DSARs. */
@Module({
  imports: [AuthModule, AuditModule, CryptoModule, RecordingsModule, TenantsModule],
  controllers: [TenantPolicyController, EvidenceController, LegalHoldController, DsarController],
  providers: [
    ConsentRulesService,
    DocumentSigner,
    DeletionCertificateService,
    DeletionService,
    EvidenceBuilder,
    EvidenceVerifier,
    LegalHoldService,
    RetentionPolicyService,
    RetentionSweep,
    DsarService,
  ],
  exports: [ConsentRulesService, DeletionService, EvidenceVerifier],
})
export class LegalModule {}
