import { Body, Controller, Headers, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, RequirePermission } from '../../common/access/access.decorators';
import type { Principal } from '../../common/access/permissions';
import { ACCEPTED_AUDIO } from '../media/media.types';
import { ConsentIntakeService } from './consent-intake.service';
import { UploadService } from './upload.service';

@ApiTags('ingest')
@Controller('v1/recordings')
export class IngestController {
  constructor(
    private readonly uploads: UploadService,
    private readonly consent: ConsentIntakeService,
  ) {}

  @Post()
  @HttpCode(202)
  @RequirePermission(
    'recording.create',
    'Upload a recording: multipart parts `metadata` (JSON, first) and `audio` (streamed)',
    [
      'VALIDATION_FAILED',
      'INVALID_METADATA',
      'PAYLOAD_TOO_LARGE',
      'UNSUPPORTED_MEDIA_TYPE',
      'KMS_UNAVAILABLE',
      'STORAGE_UNAVAILABLE',
      'BUSY',
    ],
  )
  @ApiConsumes('multipart/form-data')
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'a retry with the same key returns the same recording',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['metadata', 'audio'],
      properties: {
        metadata: {
          type: 'string',
          description:
            'JSON: externalCallId, startedAt, participants, channels?, consent?, markers?, transcript? — transcript is ' +
            '{ format: "words", words, language? }, { format: <vendor>, document, language? } with vendor one of aws-transcribe, ' +
            'aws-contact-lens, google-stt-v2, azure-speech, deepgram, assemblyai, openai-verbose-json, twilio-sentences, or ' +
            '{ format: "webvtt" | "srt", text, language? } (see docs/transcript-formats.md)',
        },
        audio: { type: 'string', format: 'binary', description: ACCEPTED_AUDIO },
      },
    },
  })
  async upload(
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    const { replayed, recording } = await this.uploads.receive(p, req, idempotencyKey);
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    req.params.id = recording.id;
    req.auditDetails = { externalCallId: recording.externalCallId, replayed };
    return {
      id: recording.id,
      status: recording.status,
      // Free-text fields in which card data was masked before storing (JSON paths).
      cardDataMasked: recording.metadata?.cardDataMasked ?? [],
      links: {
        self: `/v1/recordings/${recording.id}`,
        audio: `/v1/recordings/${recording.id}/audio`,
        redactions: `/v1/recordings/${recording.id}/redactions`,
        consent: `/v1/recordings/${recording.id}/consent`,
      },
    };
  }

  @Post(':id/consent')
  @HttpCode(202)
  @RequirePermission('recording.consent.add', 'Add consent events to a recording that is still waiting for them', [
    'VALIDATION_FAILED',
    'RECORDING_NOT_FOUND',
    'CONFLICT',
  ])
  @ApiBody({
    schema: {
      type: 'object',
      required: ['consent'],
      properties: { consent: { type: 'array', items: { type: 'object' } } },
    },
  })
  addConsent(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: unknown) {
    return this.consent.add(p, id, body);
  }
}
