import { Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { z } from 'zod';
import { CurrentPrincipal, RequirePermission } from '../../common/access/access.decorators';
import type { Principal } from '../../common/access/permissions';
import { ReturnsContent, Returns, ValidBody, ValidQuery } from '../../common/contract/contract.decorators';
import { openApiSchema } from '../../common/contract/openapi-schema';
import { EvidenceBuilder } from './evidence.builder';
import { renderEvidenceHtml } from './evidence.html';
import { EvidenceVerifier } from './evidence.verifier';
import { EvidenceBundle, EvidenceQuery, VerifyBody, VerifyOutcome } from './legal.contract';

@ApiTags('legal')
@Controller('v1')
export class EvidenceController {
  constructor(
    private readonly builder: EvidenceBuilder,
    private readonly verifier: EvidenceVerifier,
  ) {}

  @Get('recordings/:id/evidence')
  @RequirePermission(
    'recording.evidence',
    'Signed consent and custody evidence for one recording (JSON, or a printable HTML page)',
    ['VALIDATION_FAILED', 'RECORDING_NOT_FOUND'],
  )
  @ReturnsContent(200, {
    description: 'the signed bundle (format=json) or a printable page of it (format=html)',
    content: {
      'application/json': { schema: openApiSchema(EvidenceBundle, 'output') },
      'text/html': { schema: { type: 'string' } },
    },
  })
  async evidence(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @ValidQuery(EvidenceQuery) { format }: z.infer<typeof EvidenceQuery>,
    @Res({ passthrough: true }) res: Response,
  ) {
    const bundle = await this.builder.build(p, id);
    res.setHeader('Cache-Control', 'private, no-store');
    if (format === 'json') return bundle;
    res.type('text/html; charset=utf-8');
    // The page is inert: no script may run in it, whatever a participant id contains.
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
    return renderEvidenceHtml(bundle);
  }

  @Post('evidence/verify')
  @HttpCode(200)
  @RequirePermission('evidence.verify', 'Verify an evidence bundle: signed by the configured key and unchanged', [
    'VALIDATION_FAILED',
  ])
  @Returns(200, VerifyOutcome, {
    description: 'valid, or why not',
    example: { valid: false, reason: 'digest mismatch: the document was changed after signing' },
  })
  verify(
    @ValidBody(VerifyBody, { description: 'the bundle exactly as returned by GET …/evidence' })
    body: z.infer<typeof VerifyBody>,
  ) {
    return this.verifier.verify(body);
  }
}
