import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { CryptoModule } from '../crypto/crypto.module';
import { TenantsModule } from '../tenants/tenants.module';
import { AudioController } from './audio.controller';
import { AudioService } from './audio.service';
import { ConsentEventEntity } from './consent-event.entity';
import { ParticipantEntity } from './participant.entity';
import { RecordingController } from './recording.controller';
import { RecordingEntity } from './recording.entity';
import { RecordingRepository } from './recording.repository';
import { RecordingService } from './recording.service';
import { RedactionSpanEntity } from './redaction-span.entity';
import { RecordingTranscriptEntity } from './recording-transcript.entity';
import { RecordingTranscriptRepository } from './recording-transcript.repository';
import { TranscriptService } from './transcript.service';

/**
 * Owns `recordings` and what hangs off them (participants, consent events,
 * redaction spans, redacted transcripts). The repository is exported for the modules that compose
 * transactions with it: ingest (the pipeline) and legal (holds, deletion).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      RecordingEntity,
      ParticipantEntity,
      ConsentEventEntity,
      RedactionSpanEntity,
      RecordingTranscriptEntity,
    ]),
    AuthModule,
    CryptoModule,
    TenantsModule,
  ],
  controllers: [RecordingController, AudioController],
  providers: [RecordingRepository, RecordingTranscriptRepository, RecordingService, AudioService, TranscriptService],
  exports: [RecordingRepository, RecordingTranscriptRepository, RecordingService],
})
export class RecordingsModule {}
