import { createVaultClient, type VaultClient } from '@call-recording-vault/client';
import Ajv2020 from 'ajv/dist/2020';
import type { AddressInfo } from 'node:net';
import type { TestApp } from './app';

interface Doc {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
}

/**
 * Typed clients for a running test app whose every answer is checked against
 * the OpenAPI document the app serves: the status must be documented for the
 * operation, and a JSON body must match that status's schema. `problems` lists
 * what did not; `called` every operation that was driven.
 */
export async function contractClients(t: TestApp) {
  const doc = (await t.http().get('/docs/openapi.json').expect(200)).body as Doc;
  // The document is one JSON Schema resource; each response schema is reached by its JSON pointer.
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
  ajv.addSchema(doc, 'openapi.json');
  const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
  const problems: string[] = [];
  const called = new Set<string>();
  const baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;

  const operation = (schemaPath: string, method: string): Doc['paths'][string][string] | undefined =>
    Object.hasOwn(doc.paths, schemaPath) && Object.hasOwn(doc.paths[schemaPath], method)
      ? doc.paths[schemaPath][method]
      : undefined;

  /** Why an answer breaks the document (undocumented status or type, body not matching the schema), or null. */
  const check = (schemaPath: string, method: string, status: number, type: string, body: unknown): string | null => {
    const op = operation(schemaPath, method);
    const documented = op && Object.hasOwn(op.responses, String(status)) ? op.responses[String(status)] : undefined;
    if (!documented) return `status ${status} is not documented`;
    if (method === 'head' || status === 204 || type !== 'application/json') return null;
    if (!documented.content?.[type]) return `${type} is not documented`;
    const ref = `openapi.json#/${pointer('paths', schemaPath, method, 'responses', String(status), 'content', type, 'schema')}`;
    const validate = ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
    return validate(body) ? null : ajv.errorsText(validate.errors);
  };

  const client = (token?: string): VaultClient => {
    const c = createVaultClient({ baseUrl, token });
    c.use({
      async onResponse({ request, response, schemaPath }) {
        const op = `${request.method} ${schemaPath}`;
        called.add(op);
        const type = (response.headers.get('content-type') ?? '').split(';')[0];
        const body: unknown = type === 'application/json' ? await response.clone().json() : undefined;
        const problem = check(schemaPath, request.method.toLowerCase(), response.status, type, body);
        if (problem) problems.push(`${op} ${response.status}: ${problem}`);
      },
    });
    return c;
  };
  return { client, check, problems, called, doc, baseUrl };
}
