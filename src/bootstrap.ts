import { jsonDepth, MAX_JSON_DEPTH } from './common/validation';
import { CreateBucketCommand, HeadBucketCommand } from '@aws-sdk/client-s3';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { buildOpenApiDocument } from './common/contract/openapi-document';
import { webhookOpenApi } from './modules/webhooks/webhook-event.openapi';
import type { AppConfig } from './config/config';
import type { Runtime } from './config/config.module';
import { createDataSource, migrate } from './database/data-source';
import { resolveServices } from './embedded/embedded';
import type { EmbeddedLog } from './embedded/postgres.server';
import { Metrics } from './modules/metrics/metrics';
import { httpMetrics, instrumentDataSource } from './modules/metrics/instrument';
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
  const metrics = new Metrics();
  try {
    await dataSource.initialize();
    instrumentDataSource(dataSource, metrics);
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
    metrics,
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
  // Longer than load balancers' idle timeouts (AWS ALB and nginx: 60 s by default): the balancer, not the
  // service, closes an idle connection, so it never sends a request into one we have just closed.
  const server = app.getHttpServer();
  server.keepAliveTimeout = runtime.config.http.keepAliveTimeoutMs;
  server.headersTimeout = runtime.config.http.headersTimeoutMs;
  // A whole request, body included: a long call's upload must not be cut at Node's 300 s default.
  server.requestTimeout = runtime.config.http.requestTimeoutMs;
  app.use(httpMetrics(runtime.metrics));
  app.disable('x-powered-by');
  // The client address (auth throttling, audit) comes from X-Forwarded-For only through named proxies.
  app.set('trust proxy', runtime.config.auth.trustProxy);
  app.use(helmet({ crossOriginResourcePolicy: { policy: 'same-origin' } }));
  mountConsole(app, runtime.config);
  app.useBodyParser('json', {
    limit: runtime.config.http.jsonLimit,
    // Deep nesting is refused before parsing: it costs the parser and every walker after it.
    verify: (_req: unknown, _res: unknown, buf: Buffer) => {
      if (jsonDepth(buf.toString('utf8')) > MAX_JSON_DEPTH)
        throw Object.assign(new Error('JSON nested too deeply'), { status: 400, type: 'entity.too.deep' });
    },
  });
  // No API answer is cached by a browser or proxy: recordings' data, tokens, audit rows.
  app.use((_req: unknown, res: { setHeader(k: string, v: string): void }, next: () => void) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  const doc = buildOpenApiDocument(app, webhookOpenApi);
  SwaggerModule.setup('docs', app, doc, { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}
