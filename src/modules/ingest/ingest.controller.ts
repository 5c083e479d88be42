import { Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { CurrentPrincipal, RequirePermission } from '../../common/access/access.decorators';
import type { Principal } from '../../common/access/permissions';
import { Returns, ValidBody } from '../../common/contract/contract.decorators';
import { openApiSchema } from '../../common/contract/openapi-schema';
import { ACCEPTED_AUDIO } from '../media/media.types';
import { ConsentAdded, ConsentBody, UploadAccepted, UploadMetadata } from './ingest.contract';
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
      'UNSUPPORTED_CONTENT_ENCODING',
      'KMS_UNAVAILABLE',
      'STORAGE_UNAVAILABLE',
      'BUSY',
      'UPLOAD_TIMEOUT',
      'IDEMPOTENCY_KEY_REUSED',
      'RECORDING_DELETED',
    ],
  )
  @ApiConsumes('multipart/form-data')
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'a retry with the same key returns the same recording; the key used again for a different call ' +
      '(another externalCallId) is 409 IDEMPOTENCY_KEY_REUSED',
    schema: { type: 'string', maxLength: 200 },
  })
  @ApiBody({
    required: true,
    schema: {
      type: 'object',
      required: ['metadata', 'audio'],
      properties: {
        metadata: {
          ...openApiSchema(UploadMetadata, 'input'),
          description:
            'The call: externalCallId, startedAt, participants, channels?, consent?, markers?, transcript? (see ' +
            'docs/transcript-formats.md). Send it BEFORE the audio part, as a text field or as an application/json ' +
            'file part: the audio is streamed through as it arrives and is checked against it.',
        },
        audio: { type: 'string', format: 'binary', description: ACCEPTED_AUDIO },
      },
    },
    encoding: { metadata: { contentType: 'application/json, text/plain' }, audio: { contentType: 'audio/*' } },
  })
  @Returns(202, UploadAccepted, {
    description: 'stored encrypted; processing continues asynchronously (poll `links.self`)',
    headers: { 'Idempotent-Replayed': { description: 'true when this answers a retry of an earlier upload' } },
  })
  async upload(@CurrentPrincipal() p: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const { replayed, recording } = await this.uploads.receive(p, req, req.header('idempotency-key'));
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
  @Returns(202, ConsentAdded, { description: 'recorded; the consent decision is taken again' })
  addConsent(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @ValidBody(ConsentBody) input: z.infer<typeof ConsentBody>,
  ) {
    return this.consent.add(p, id, input);
  }
}
