import { Global, Module } from '@nestjs/common';
import { JobLeases } from './job-lease.service';
import { JobService } from './job.service';
import { JobWakeup } from './job.wakeup';

@Global()
@Module({ providers: [JobService, JobWakeup, JobLeases], exports: [JobService, JobLeases] })
export class JobsModule {}
