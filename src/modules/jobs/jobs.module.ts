import { Global, Module } from '@nestjs/common';
import { JobService } from './job.service';
import { JobWakeup } from './job.wakeup';

@Global()
@Module({ providers: [JobService, JobWakeup], exports: [JobService] })
export class JobsModule {}
