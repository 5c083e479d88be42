import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { parseInput } from '../../common/validation';
import { CurrentPrincipal, RequirePermission } from '../../common/access/access.decorators';
import type { Principal } from '../../common/access/permissions';
import { EvidenceBuilder } from './evidence.builder';
import { renderEvidenceHtml } from './evidence.html';
import { EvidenceVerifier } from './evidence.verifier';

const EvidenceQuery = z.object({ format: z.enum(['json', 'html']).default('json') });
/** Only the envelope is checked here; everything inside is the verifier's business. */
const VerifyBody = z.looseObject({ signature: z.record(z.string(), z.unknown()) });

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
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'html'] })
  @ApiProduces('application/json', 'text/html')
  async evidence(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Query() raw: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { format } = parseInput(EvidenceQuery, raw, 'query');
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
  @ApiBody({ description: 'the bundle exactly as returned by GET …/evidence', schema: { type: 'object' } })
  verify(@Body() body: unknown) {
    parseInput(VerifyBody, body);
    return this.verifier.verify(body);
  }
}
