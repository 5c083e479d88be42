import { Controller, Delete, Get, HttpCode, Param, Post, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { AllowPlaybackToken, CurrentPrincipal, RequirePermission } from '../../common/access/access.decorators';
import type { Principal } from '../../common/access/permissions';
import { Returns, ReturnsContent, ValidBody, ValidQuery } from '../../common/contract/contract.decorators';
import {
  JobItemPage,
  JobItemsQuery,
  JobPage,
  JobStarted,
  JobView,
  ListJobsQuery,
  ResultLink,
  StartJobBody,
  type StartJob,
} from './bulk-job.contract';
import { guardJobBody } from './bulk-job.card-guard';
import { BulkJobService, RESULT_TYPE } from './bulk-job.service';

const matterExample = { kind: 'evidence-export', params: { matter: 'Smith v. Acme 2026-114', status: 'available' } };

@ApiTags('jobs')
@Controller('v1/jobs')
export class BulkJobController {
  constructor(private readonly jobs: BulkJobService) {}

  @Post()
  @HttpCode(202)
  @RequirePermission(
    'job.create',
    'Start a bulk job: evidence-export (legal), audio-export (qa, legal; purpose required), dsar-export and ' +
      'dsar-erase (legal), import (admin: objects already in an S3 bucket, ingested through the upload pipeline, ' +
      'idempotent by externalCallId). Each kind needs its own permission (job.<kind>)',
    ['VALIDATION_FAILED'],
  )
  @Returns(202, JobStarted, { description: 'the job, queued; poll links GET /v1/jobs/{id}' })
  async start(
    @CurrentPrincipal() p: Principal,
    @ValidBody(StartJobBody, { example: matterExample, cardData: guardJobBody }) body: StartJob,
    @Req() req: Request,
  ) {
    req.auditDetails = { kind: body.kind };
    return { ...(await this.jobs.start(p, body)), cardDataMasked: req.cardDataMasked ?? [] };
  }

  @Get()
  @RequirePermission('job.read', 'The tenant’s jobs of the kinds your role may start, newest first', [
    'VALIDATION_FAILED',
  ])
  @Returns(200, JobPage, { description: 'one page of jobs' })
  list(@CurrentPrincipal() p: Principal, @ValidQuery(ListJobsQuery) q: z.infer<typeof ListJobsQuery>) {
    return this.jobs.list(p, q);
  }

  @Get(':id')
  @RequirePermission('job.read', 'A job’s status and progress: done, failed, total and an ETA', ['JOB_NOT_FOUND'])
  @Returns(200, JobView, { description: 'the job' })
  get(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.jobs.get(p, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequirePermission(
    'job.cancel',
    'Cancel a job: it stops between items; items already done stay done. Only its creator, or an admin',
    ['JOB_NOT_FOUND', 'JOB_CREATOR_ONLY', 'CONFLICT'],
  )
  @Returns(200, JobView, { description: 'the job, cancelled' })
  cancel(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.jobs.cancel(p, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission(
    'job.delete',
    'Delete an ended job: its result archive is crypto-shredded, its items deleted, the deletion audited; the ' +
      'job stays as a tombstone (deletedAt). Only its creator, or an admin. Deleting it again changes nothing',
    ['JOB_NOT_FOUND', 'JOB_CREATOR_ONLY', 'JOB_NOT_FINISHED'],
  )
  @ReturnsContent(204, { description: 'deleted (or it already was)' })
  async remove(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<void> {
    await this.jobs.remove(p, id);
  }

  @Get(':id/items')
  @RequirePermission('job.read', 'A job’s items by status (failed by default, with their error codes)', [
    'VALIDATION_FAILED',
    'JOB_NOT_FOUND',
  ])
  @Returns(200, JobItemPage, { description: 'one page of items, in order' })
  items(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @ValidQuery(JobItemsQuery) q: z.infer<typeof JobItemsQuery>,
  ) {
    return this.jobs.items(p, id, q);
  }

  @Post(':id/result-link')
  @HttpCode(201)
  @RequirePermission(
    'job.read',
    'A download URL for the result archive, valid ≤ 5 minutes, bound to you and the job (like playback links)',
    ['JOB_NOT_FOUND', 'JOB_RESULT_NOT_READY', 'JOB_RESULT_GONE'],
  )
  @Returns(201, ResultLink, { description: 'the URL to download' })
  resultLink(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.jobs.resultLink(p, id);
  }

  @Get(':id/result')
  @AllowPlaybackToken('job')
  @RequirePermission(
    'job.read',
    'The result archive (tar: manifest.json, signed, with each file’s SHA-256; then the files), decrypted as it streams',
    ['JOB_NOT_FOUND', 'JOB_RESULT_NOT_READY', 'JOB_RESULT_GONE'],
  )
  @ApiQuery({
    name: 'token',
    required: false,
    description: 'download token from POST …/result-link, instead of Authorization',
    schema: { type: 'string' },
  })
  @ReturnsContent(200, {
    description: 'the archive',
    content: { [RESULT_TYPE]: { schema: { type: 'string', contentMediaType: RESULT_TYPE } } },
    headers: { 'Content-Length': { description: 'bytes' } },
  })
  async result(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Res({ passthrough: true }) res: Response) {
    const out = await this.jobs.openResult(p, id);
    res.setHeader('Content-Type', RESULT_TYPE);
    res.setHeader('Content-Length', String(out.bytes));
    res.setHeader('Content-Disposition', `attachment; filename="job-${out.jobId}.tar"`);
    res.setHeader('Cache-Control', 'private, no-store');
    return new StreamableFile(out.body).setErrorHandler((_err, response) => response.destroy?.());
  }
}
