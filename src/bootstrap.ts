import { CreateBucketCommand, HeadBucketCommand } from '@aws-sdk/client-s3';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { buildOpenApiDocument } from './common/contract/openapi-document';
import type { AppConfig } from './config/config';
import type { Runtime } from './config/config.module';
import { createDataSource, migrate } from './database/data-source';
import { resolveServices } from './embedded/embedded';
import type { EmbeddedLog } from './embedded/postgres.server';
import { mountConsole } from './modules/console-static/console.static';
import { createS3Client } from './modules/storage/s3.client';

export interface OpenRuntime extends Runtime {
  close(): Promise<void>;
}

/**
 * Everything the service needs before Nest starts: embedded stand-ins for
 * unset services, the database with migrations applied, the bucket.
 */
export async function openRuntime(
  config: AppConfig,
  opts: { reuseEmbedded?: boolean; recordEmbedded?: boolean; migrate?: boolean; log?: EmbeddedLog } = {},
): Promise<OpenRuntime> {
  const services = await resolveServices(config, {
    reuse: opts.reuseEmbedded,
    record: opts.recordEmbedded,
    log: opts.log,
  });
  const dataSource = createDataSource(services.databaseUrl, config.database.poolSize);
  try {
    await dataSource.initialize();
    if (opts.migrate !== false) await migrate(dataSource);
    await ensureBucket(services.s3);
  } catch (e) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await services.close();
    throw e;
  }
  return {
    config,
    services,
    dataSource,
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await services.close();
    },
  };
}

async function ensureBucket(s3: Parameters<typeof createS3Client>[0]): Promise<void> {
  const client = createS3Client(s3);
  try {
    await client.send(new HeadBucketCommand({ Bucket: s3.bucket }));
  } catch (e) {
    if ((e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== 404) throw e;
    await client.send(new CreateBucketCommand({ Bucket: s3.bucket }));
  } finally {
    client.destroy();
  }
}

export async function createApp(runtime: Runtime, opts: { logger?: boolean } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(runtime), {
    bufferLogs: true,
    bodyParser: false,
    // Throw instead of exiting the process, so start-up errors reach the caller with their message.
    abortOnError: false,
    logger: opts.logger === false ? false : undefined,
  });
  if (opts.logger !== false) app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.use(helmet({ crossOriginResourcePolicy: { policy: 'same-origin' } }));
  mountConsole(app);
  app.useBodyParser('json', { limit: runtime.config.http.jsonLimit });
  const doc = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, doc, { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}
