import { Global, Module } from '@nestjs/common';
import { JobLeases } from './job-lease.service';
import { JobService } from './job.service';

@Global()
@Module({ providers: [JobService, JobLeases], exports: [JobService, JobLeases] })
export class JobsModule {}
