import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ERROR_CODES_PREFIX, errorResponse, errorsByStatus } from '../access/access.decorators';
import type { ErrorCode } from '../errors/error-codes';
import { componentSchemas } from './openapi-schema';

/**
 * The OpenAPI 3.1 document: routes from their decorators, schemas from the zod schemas they name,
 * and `webhooks` (the events the service sends) from `webhooks()`.
 */
export function buildOpenApiDocument(
  app: INestApplication,
  webhooks: () => Record<string, unknown> = () => ({}),
): OpenAPIObject {
  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setOpenAPIVersion('3.1.0')
      .setTitle('Call-recording vault')
      .setDescription(
        'Consent-checked, PCI-redacted, envelope-encrypted call recordings. Every route lists its permission and ' +
          'error codes; errors share one shape `{ code, message, correlationId, details? }`.',
      )
      .setVersion('1')
      .addServer('/', 'this service')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Platform API key (crv_…) or staff OIDC JWT' })
      .build(),
    { operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}` },
  );
  const events = webhooks();
  if (Object.keys(events).length) Object.assign(doc, { webhooks: events });
  doc.components = { ...doc.components, schemas: { ...doc.components?.schemas, ...componentSchemas() } };
  doc.info.license = { name: 'UNLICENSED', identifier: 'LicenseRef-Proprietary' } as typeof doc.info.license;
  // Public routes say so explicitly: no credentials are sent to them.
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(item as Record<string, { 'x-permission'?: string; security?: unknown[] }>)) {
      if (op['x-permission'] === 'public') op.security = [];
    }
  }
  for (const item of Object.values(doc.paths))
    for (const op of Object.values(item as Record<string, Operation>)) documentRefusals(op);
  return doc;
}

interface Operation {
  parameters?: { in: string }[];
  requestBody?: { content?: Record<string, unknown> };
  responses?: Partial<Record<string, { description?: string }>>;
}

/**
 * Refusals that come before a route's handler, so no route lists them itself: a JSON body the parser
 * refuses (not JSON, too large, another type, charset or encoding) and a path id with a control character.
 */
function documentRefusals({ parameters, requestBody, responses }: Operation): void {
  if (!responses) return; // a path item's `parameters` or `summary`, not an operation
  const codes: ErrorCode[] = [];
  if (requestBody?.content?.['application/json'])
    codes.push('VALIDATION_FAILED', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'UNSUPPORTED_CONTENT_ENCODING');
  if (parameters?.some((p) => p.in === 'path')) codes.push('VALIDATION_FAILED');
  for (const [status, added] of errorsByStatus(codes)) {
    const listed = responses[status]?.description;
    const have = listed?.startsWith(ERROR_CODES_PREFIX)
      ? (listed.slice(ERROR_CODES_PREFIX.length).split(', ') as ErrorCode[])
      : [];
    if (listed !== undefined && !have.length) continue;
    responses[status] = errorResponse([...new Set([...have, ...added])]);
  }
}
