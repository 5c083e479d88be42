import type { z } from 'zod';
import { AppException } from './errors/app.exception';

/** Parse with zod; a failure is a 400 that names each offending field by its JSON path. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  root = '',
  code: 'VALIDATION_FAILED' | 'INVALID_METADATA' = 'VALIDATION_FAILED',
): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const details = r.error.issues.map((i) => ({ path: jsonPath(root, i.path), message: i.message }));
  throw new AppException(code, `${details[0].path}: ${details[0].message}`, { details });
}

export function jsonPath(root: string, path: PropertyKey[]): string {
  let out = root;
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(body)';
}
