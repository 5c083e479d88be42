import { z } from 'zod';
import { AppException } from '../errors/app.exception';

/**
 * Opaque list cursors: the sort key of the last row of a page (its time with
 * full precision and its id, the tie-break), encoded so that callers pass it
 * back unchanged and never build one.
 */
export const CursorParam = z
  .string()
  .max(300)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be a nextCursor value from the previous page')
  .describe('page: nextCursor of the previous page (opaque)');

export function encodeCursor(key: Record<string, string>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The key inside a cursor, or 400 VALIDATION_FAILED naming the parameter. */
export function decodeCursor<S extends z.ZodType>(schema: S, cursor: string, field = 'query.cursor'): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    json = undefined;
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const message = 'must be a nextCursor value from the previous page of the same list';
  throw new AppException('VALIDATION_FAILED', `${field}: ${message}`, { details: [{ path: field, message }] });
}
