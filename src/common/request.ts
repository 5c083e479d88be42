import type { Request } from 'express';
import { maskCardText } from '../modules/redaction/card-text';

/** The request's correlation id (pino-http's genReqId in AppModule makes it a string). */
export function correlationId(req: Request): string {
  return typeof req.id === 'string' ? req.id : '';
}

/** The matched route's pattern (`/v1/recordings/:id`), once routing has picked one. */
export function routePath(req: Request): string | undefined {
  return (req.route as { path?: string } | undefined)?.path;
}

/** A caller's request id we echo and log: short, of safe characters only. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * The caller's X-Request-Id when it is safe to log and echo: of the safe characters, and holding no
 * card number (a Luhn-valid run of 13–19 digits, however separated — `:` counted as a separator too).
 * Anything else, and no header, gets an id of ours: a correlation id is never masked, so it must never
 * need to be.
 */
export function acceptedRequestId(given: unknown): string | undefined {
  if (typeof given !== 'string' || !REQUEST_ID.test(given)) return undefined;
  return maskCardText(given.replace(/:/g, '-')).masked ? undefined : given;
}
