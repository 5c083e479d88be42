import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import fs from 'node:fs';
import path from 'node:path';
import { AppModule } from './app.module';
import { buildOpenApiDocument } from './common/contract/openapi-document';
import { webhookOpenApi } from './modules/webhooks/webhook-event.openapi';
import { loadConfig } from './config/config';
import type { ServiceEndpoints } from './config/service-endpoints';
import { createDataSource } from './database/data-source';
import { Metrics } from './modules/metrics/metrics';

/**
 * `npm run openapi`: writes the OpenAPI document the service serves at
 * /docs/openapi.json to openapi/openapi.json. Nest runs in preview mode (routes
 * and their decorators, no providers), so no database or storage is needed.
 */
async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused' });
  const services: ServiceEndpoints = {
    databaseUrl: config.database.url ?? '',
    s3: config.s3,
    kms: { ...config.kms, keyId: 'unused', signingKeyId: 'unused' },
    embedded: [],
    notices: [],
    warnings: [],
    close: () => Promise.resolve(),
  };
  const dataSource = createDataSource(services.databaseUrl, 1);
  const app = await NestFactory.create(AppModule.forRoot({ config, services, dataSource, metrics: new Metrics() }), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  const out = path.resolve(process.argv[2] ?? 'openapi/openapi.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, serializeOpenApi(buildOpenApiDocument(app, webhookOpenApi)));
  await app.close();
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
}

export function serializeOpenApi(doc: unknown): string {
  return JSON.stringify(doc, null, 2) + '\n';
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
