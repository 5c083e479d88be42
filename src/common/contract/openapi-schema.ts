import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

/**
 * Named schemas (those with `.meta({ id })`) met while the route decorators
 * ran; the document builder puts them under `components.schemas`.
 */
const components = new Map<string, { json: string; schema: JsonSchema }>();

export function componentSchemas(): Record<string, JsonSchema> {
  return Object.fromEntries([...components].sort(([a], [b]) => a.localeCompare(b)).map(([id, c]) => [id, c.schema]));
}

/**
 * The OpenAPI 3.1 (JSON Schema 2020-12) form of a zod schema: requests in
 * their input shape (defaults optional), responses in their output shape.
 * Named sub-schemas become `#/components/schemas/<id>` references.
 */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const {
    $schema: _drop,
    $defs,
    ...root
  } = z.toJSONSchema(schema, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
    reused: 'inline',
  }) as JsonSchema & { $defs?: Record<string, JsonSchema> };
  for (const [id, def] of Object.entries($defs ?? {})) addComponent(id, def);
  return rewriteRefs(root) as JsonSchema;
}

function addComponent(id: string, def: JsonSchema): void {
  const schema = rewriteRefs(def) as JsonSchema;
  const json = JSON.stringify(schema);
  const known = components.get(id);
  if (known && known.json !== json) throw new Error(`Two different schemas are named ${id} in the API contract`);
  components.set(id, { json, schema });
}

function rewriteRefs(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(rewriteRefs);
  if (!v || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v).map(([k, x]) => [
      k,
      k === '$ref' && typeof x === 'string' ? x.replace('#/$defs/', '#/components/schemas/') : rewriteRefs(x),
    ]),
  );
}
