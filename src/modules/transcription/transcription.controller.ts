import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermission } from '../../common/access/access.decorators';
import type { Principal } from '../../common/access/permissions';
import { parseInput } from '../../common/validation';
import { TranscriptionSettingsService } from './transcription-settings.service';
import { TranscriptionSettingsBody } from './transcription.types';

@ApiTags('tenants')
@Controller('v1/tenants/current/transcription')
export class TranscriptionController {
  constructor(private readonly settings: TranscriptionSettingsService) {}

  @Get()
  @RequirePermission('tenant.policy', 'The transcription engine used for uploads without a transcript')
  current(@CurrentPrincipal() p: Principal) {
    return this.settings.current(p.tenantId);
  }

  @Put()
  @RequirePermission(
    'tenant.policy',
    'Choose the transcription engine for uploads without a transcript; the engine’s key is stored wrapped by KMS and never shown again',
    ['VALIDATION_FAILED', 'KMS_UNAVAILABLE'],
  )
  @ApiBody({
    schema: {
      oneOf: [
        { type: 'object', required: ['engine'], properties: { engine: { enum: ['none'] } } },
        {
          type: 'object',
          required: ['engine', 'url', 'model'],
          properties: {
            engine: { enum: ['openai-compatible'] },
            url: {
              type: 'string',
              format: 'uri',
              description: 'Base URL; requests go to {url}/v1/audio/transcriptions',
            },
            model: { type: 'string' },
            apiKey: { type: 'string', writeOnly: true, description: 'Sent as a bearer token' },
            language: { type: 'string', description: 'Language tag, e.g. en' },
          },
        },
        {
          type: 'object',
          required: ['engine'],
          properties: {
            engine: { enum: ['aws-transcribe'] },
            bucket: { type: 'string', description: 'Bucket for the job’s input and output (default: the vault’s)' },
            languageCode: { type: 'string', description: 'e.g. en-US; omitted, Transcribe identifies the language' },
          },
        },
      ],
    },
  })
  configure(@CurrentPrincipal() p: Principal, @Body() body: unknown) {
    return this.settings.configure(p.tenantId, parseInput(TranscriptionSettingsBody, body));
  }
}
