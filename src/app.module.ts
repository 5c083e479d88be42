import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { logOptions } from './common/logging';
import { acceptedRequestId } from './common/request';
import { AppExceptionFilter } from './common/errors/app-exception.filter';
import { RuntimeModule, type Runtime } from './config/config.module';
import { NotificationsModule } from './database/notifications.module';
import { AuditInterceptor } from './modules/audit/audit.interceptor';
import { AuditModule } from './modules/audit/audit.module';
import { AuthModule } from './modules/auth/auth.module';
import { BulkJobsModule } from './modules/bulk-jobs/bulk-jobs.module';
import { KeyRotationsModule } from './modules/key-rotations/key-rotations.module';
import { JobsModule } from './modules/jobs/jobs.module';
import { MetricsModule } from './modules/metrics/metrics.module';
import { LegalModule } from './modules/legal/legal.module';
import { HealthModule } from './modules/health/health.module';
import { HousekeepingModule } from './modules/housekeeping/housekeeping.module';
import { IngestModule } from './modules/ingest/ingest.module';
import { RecordingsModule } from './modules/recordings/recordings.module';
import { StorageModule } from './modules/storage/storage.module';
import { TenantsModule } from './modules/tenants/tenants.module';
import { TranscriptionModule } from './modules/transcription/transcription.module';
import { WebhooksModule } from './modules/webhooks/webhooks.module';

@Module({})
export class AppModule {
  static forRoot(runtime: Runtime): DynamicModule {
    return {
      module: AppModule,
      imports: [
        RuntimeModule.forRoot(runtime),
        // The data source is built, connected and migrated before Nest starts (bootstrap.ts), so that
        // migrations never race module start-up; Nest takes it as it is and closes it on shutdown.
        TypeOrmModule.forRootAsync({
          useFactory: () => runtime.dataSource.options,
          dataSourceFactory: () => Promise.resolve(runtime.dataSource),
        }),
        LoggerModule.forRoot({
          pinoHttp: {
            ...logOptions(runtime.config),
            // A caller's X-Request-Id is kept when it is safe to echo and log (no card number); otherwise we mint one.
            genReqId: (req: IncomingMessage, res: ServerResponse) => {
              const id = acceptedRequestId(req.headers['x-request-id']) ?? randomUUID();
              res.setHeader('X-Request-Id', id);
              return id;
            },
            // Query strings can carry playback tokens; headers carry keys. Neither is logged.
            serializers: {
              req: (req: { id: string; method: string; url: string }) => ({
                id: req.id,
                method: req.method,
                // A card number typed into a path (an id) is masked with the rest of the line (logOptions).
                path: req.url.split('?')[0],
              }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
            redact: ['req.headers', 'res.headers'],
            autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health/live' },
          },
        }),
        NotificationsModule,
        MetricsModule.forRoot(runtime.metrics),
        StorageModule,
        JobsModule,
        KeyRotationsModule,
        AuditModule,
        AuthModule,
        TenantsModule,
        TranscriptionModule,
        RecordingsModule,
        WebhooksModule,
        LegalModule,
        IngestModule,
        BulkJobsModule,
        HousekeepingModule,
        HealthModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: AppExceptionFilter },
        { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
      ],
    };
  }
}
