import { applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiBody, ApiQuery, ApiResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import type { z } from 'zod';
import { AppException } from '../errors/app.exception';
import { parseInput } from '../validation';
import { openApiSchema, type JsonSchema } from './openapi-schema';

/*
 * One schema per shape: the zod schema that parses a request (or describes a
 * response) is also what the OpenAPI document says about it. No route
 * restates a schema by hand.
 */

// The schema travels wrapped: Nest would take a bare zod schema (it has `.transform`) for a pipe.
interface Input {
  schema: z.ZodType;
  emptyAsObject?: boolean;
  cardData?: CardDataGuard;
}

/** Masks card data in a body's free text as sent (refusing it in ids), naming the paths masked. */
export type CardDataGuard = (body: unknown) => { value: unknown; masked: string[] };

const BodyInput = createParamDecorator(({ schema, emptyAsObject, cardData }: Input, ctx: ExecutionContext): unknown => {
  const req = ctx.switchToHttp().getRequest<Request>();
  // The JSON parser leaves a body of another type unread: refused as such, not as a missing body.
  if (req.body === undefined && sentBody(req) && !req.is('application/json'))
    throw new AppException('UNSUPPORTED_MEDIA_TYPE', 'Content-Type: send the request body as application/json');
  let body = req.body as unknown;
  // Before parsing: a schema's own free-text transform would mask silently, and the caller is told what was masked.
  if (cardData) {
    const guarded = cardData(body);
    body = guarded.value;
    req.cardDataMasked = guarded.masked;
  }
  return parseInput(schema, body === undefined && emptyAsObject ? {} : body);
});

/** Whether the request carries a body at all (type-is's rule: chunked, or a length, zero excepted). */
function sentBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && Number(length) > 0);
}

const QueryInput = createParamDecorator(({ schema }: Input, ctx: ExecutionContext): unknown =>
  parseInput(schema, ctx.switchToHttp().getRequest<Request>().query, 'query'),
);

function onMethod(decorator: MethodDecorator): ParameterDecorator {
  return (target, key) => {
    if (key === undefined) throw new Error('contract decorators belong on a route handler’s parameters');
    const descriptor = Object.getOwnPropertyDescriptor(target, key);
    if (!descriptor) throw new Error(`no handler ${String(key)}`);
    decorator(target, key, descriptor);
  };
}

/** The JSON body, parsed with `schema` (400 VALIDATION_FAILED naming the field) and documented from it. */
export function ValidBody(
  schema: z.ZodType,
  opts: { description?: string; example?: unknown; optional?: boolean; cardData?: CardDataGuard } = {},
): ParameterDecorator {
  return (target, key, index) => {
    BodyInput({ schema, emptyAsObject: opts.optional, cardData: opts.cardData })(target, key, index);
    onMethod(
      ApiBody({
        required: !opts.optional,
        description: opts.description,
        schema: openApiSchema(schema, 'input'),
        ...(opts.example === undefined ? {} : { examples: { example: { value: opts.example } } }),
      }),
    )(target, key, index);
  };
}

/** The query string, parsed with an object `schema` (errors name `query.<field>`); one documented parameter per property. */
export function ValidQuery(schema: z.ZodType): ParameterDecorator {
  return (target, key, index) => {
    QueryInput({ schema })(target, key, index);
    const json = openApiSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
    if (!json.properties) throw new Error('ValidQuery needs an unnamed object schema');
    for (const [name, property] of Object.entries(json.properties)) {
      const { description, ...rest } = property as JsonSchema & { description?: string };
      onMethod(ApiQuery({ name, required: json.required?.includes(name) ?? false, description, schema: rest }))(
        target,
        key,
        index,
      );
    }
  };
}

/** The success response: its status, description and body schema (output shape), with an example. */
export function Returns(
  status: number,
  schema: z.ZodType,
  opts: { description: string; example?: unknown; headers?: Record<string, { description: string }> },
) {
  return ApiResponse({
    status,
    description: opts.description,
    headers: headerObjects(opts.headers),
    content: {
      'application/json': {
        schema: openApiSchema(schema, 'output'),
        ...(opts.example === undefined ? {} : { example: opts.example }),
      },
    },
  });
}

/** A success response whose body is not JSON (audio, HTML, JSON lines), or no body at all. */
export function ReturnsContent(
  status: number,
  opts: {
    description: string;
    content?: Record<string, { schema: JsonSchema; example?: unknown }>;
    headers?: Record<string, { description: string }>;
  },
) {
  return applyDecorators(
    ApiResponse({ status, description: opts.description, headers: headerObjects(opts.headers), content: opts.content }),
  );
}

function headerObjects(headers?: Record<string, { description: string }>) {
  if (!headers) return undefined;
  return Object.fromEntries(
    Object.entries(headers).map(([name, h]) => [name, { description: h.description, schema: { type: 'string' } }]),
  );
}
