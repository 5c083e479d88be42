import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CryptoModule } from '../crypto/crypto.module';
import { TenantsModule } from '../tenants/tenants.module';
import { AudioController } from './audio.controller';
import { AudioService } from './audio.service';
import { RecordingController } from './recording.controller';
import { RecordingService } from './recording.service';

@Module({
  imports: [AuthModule, CryptoModule, TenantsModule],
  controllers: [RecordingController, AudioController],
  providers: [RecordingService, AudioService],
  exports: [RecordingService],
})
export class RecordingsModule {}
