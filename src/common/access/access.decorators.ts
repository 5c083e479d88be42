import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { openApiSchema } from '../contract/openapi-schema';
import { ErrorBody } from '../errors/error-body';
import { ERROR_CODES, type ErrorCode } from '../errors/error-codes';
import { PERMISSIONS, type Permission, type Principal } from './permissions';

export const PERMISSION_KEY = 'vault:permission';
export const PUBLIC_KEY = 'vault:public';
export const PLAYBACK_TOKEN_KEY = 'vault:playback-token';

/** What a short-lived link is bound to: the route's `:id` is a recording's, or a bulk job's. */
export type LinkTarget = 'recording' | 'job';

/**
 * The route also accepts a short-lived link token in `?token=` (for <audio> elements and download
 * links, which send no headers), valid only for the `:id` of the kind it was issued for.
 */
export const AllowPlaybackToken = (target: LinkTarget = 'recording') => SetMetadata(PLAYBACK_TOKEN_KEY, target);

/**
 * Declares the permission a route needs and documents it (and the error codes
 * it can answer with) in OpenAPI. Every route has this or `@Public()`;
 * start-up fails otherwise.
 */
export function RequirePermission(permission: Permission, summary: string, errors: ErrorCode[] = []) {
  const roles = PERMISSIONS[permission].join(', ');
  return applyDecorators(
    SetMetadata(PERMISSION_KEY, permission),
    ApiBearerAuth(),
    ApiOperation({ summary, description: `Permission \`${permission}\` (roles: ${roles}).` }),
    ApiExtension('x-permission', permission),
    ApiExtension('x-roles', [...PERMISSIONS[permission]]),
    // Every protected request is audited; an event that cannot be written fails it, changing nothing.
    ApiErrors('UNAUTHENTICATED', 'FORBIDDEN', 'TOO_MANY_AUTH_FAILURES', ...errors, 'AUDIT_UNAVAILABLE'),
  );
}

export function Public(summary: string, errors: ErrorCode[] = []) {
  return applyDecorators(
    SetMetadata(PUBLIC_KEY, true),
    ApiOperation({ summary, description: 'Public: no credentials.' }),
    ApiExtension('x-permission', 'public'),
    ...(errors.length ? [ApiErrors(...errors)] : []),
  );
}

/** One OpenAPI response per status, listing the stable codes it carries. */
export function ApiErrors(...codes: ErrorCode[]) {
  return applyDecorators(
    ...[...errorsByStatus(codes)].map(([status, cs]) => ApiResponse({ status, ...errorResponse(cs) })),
  );
}

export function errorsByStatus(codes: Iterable<ErrorCode>): Map<number, ErrorCode[]> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const c of new Set(codes)) byStatus.set(ERROR_CODES[c], [...(byStatus.get(ERROR_CODES[c]) ?? []), c]);
  return byStatus;
}

/** The OpenAPI response of one status carrying these codes: `Error codes: …`, the error schema, an example. */
export function errorResponse(codes: ErrorCode[]) {
  return {
    description: `${ERROR_CODES_PREFIX}${codes.join(', ')}`,
    content: {
      'application/json': {
        schema: openApiSchema(ErrorBody, 'output'),
        example: {
          code: codes[0],
          message: EXAMPLE_MESSAGES[codes[0]] ?? codes[0].toLowerCase().replaceAll('_', ' '),
          correlationId: 'req-3f1c9a2e',
        },
      },
    },
  };
}

export const ERROR_CODES_PREFIX = 'Error codes: ';

const EXAMPLE_MESSAGES: Partial<Record<ErrorCode, string>> = {
  VALIDATION_FAILED: 'reason: Too small: expected string to have >=1 characters',
  UNAUTHENTICATED: 'Missing or invalid credentials',
  FORBIDDEN: 'Role ingest may not recording.list',
  RECORDING_NOT_FOUND: 'Recording not found',
};

export const CurrentPrincipal = createParamDecorator(
  // The guard ran first: a route with a permission has a principal by the time its handler runs.
  (_: unknown, ctx: ExecutionContext): Principal => ctx.switchToHttp().getRequest<{ principal: Principal }>().principal,
);
