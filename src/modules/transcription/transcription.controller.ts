import { Controller, Get, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermission } from '../../common/access/access.decorators';
import type { Principal } from '../../common/access/permissions';
import { Returns, ValidBody } from '../../common/contract/contract.decorators';
import { TranscriptionSettingsService } from './transcription-settings.service';
import { CurrentTranscriptionSettings, TranscriptionSettingsView } from './transcription.contract';
import { TranscriptionSettingsBody, type TranscriptionSettingsInput } from './transcription.types';

@ApiTags('tenants')
@Controller('v1/tenants/current/transcription')
export class TranscriptionController {
  constructor(private readonly settings: TranscriptionSettingsService) {}

  @Get()
  @RequirePermission('tenant.policy', 'The transcription engine used for uploads without a transcript')
  @Returns(200, CurrentTranscriptionSettings, { description: 'the engine in force and where it comes from' })
  current(@CurrentPrincipal() p: Principal) {
    return this.settings.current(p.tenantId);
  }

  @Put()
  @RequirePermission(
    'tenant.policy',
    'Choose the transcription engine for uploads without a transcript; the engine’s key is stored wrapped by KMS and never shown again',
    ['VALIDATION_FAILED', 'KMS_UNAVAILABLE'],
  )
  @Returns(200, TranscriptionSettingsView, { description: 'the engine now chosen (its key never shown)' })
  configure(
    @CurrentPrincipal() p: Principal,
    @ValidBody(TranscriptionSettingsBody, {
      example: { engine: 'openai-compatible', url: 'https://whisper.example.com', model: 'whisper-1', apiKey: 'sk-…' },
    })
    body: TranscriptionSettingsInput,
  ) {
    return this.settings.configure(p.tenantId, body);
  }
}
