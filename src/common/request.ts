import type { Request } from 'express';

/** The request's correlation id (pino-http's genReqId in AppModule makes it a string). */
export function correlationId(req: Request): string {
  return typeof req.id === 'string' ? req.id : '';
}

/** The matched route's pattern (`/v1/recordings/:id`), once routing has picked one. */
export function routePath(req: Request): string | undefined {
  return (req.route as { path?: string } | undefined)?.path;
}
