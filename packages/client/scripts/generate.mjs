// Generates src/schema.ts (types of every path, operation and schema) and
// src/operations.ts (who may call each operation) from the vault's OpenAPI
// document, openapi/openapi.json at the repository root (`npm run openapi`
// writes it). Run by `npm run build`; the output is committed so the sources
// type-check before a build.
import fs from 'node:fs';
import { URL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';

const root = new URL('../', import.meta.url);
const docUrl = new URL('../../openapi/openapi.json', root);
const doc = JSON.parse(fs.readFileSync(docUrl, 'utf8'));
const banner = '// Generated from openapi/openapi.json by packages/client/scripts/generate.mjs. Do not edit.\n';

const ast = await openapiTS(doc, {
  alphabetize: false,
  rootTypes: false,
  // Binary parts (the upload's audio) are Blobs (a File is one), not strings.
  transform: (schema) => (schema.format === 'binary' ? ts.factory.createTypeReferenceNode('Blob') : undefined),
});
fs.writeFileSync(new URL('src/schema.ts', root), banner + astToString(ast));

const operations = {};
for (const [path, item] of Object.entries(doc.paths)) {
  for (const [method, op] of Object.entries(item)) {
    const roles = op['x-roles'] ?? [];
    operations[`${method.toUpperCase()} ${path}`] = { permission: op['x-permission'], roles };
  }
}
const sorted = Object.fromEntries(Object.entries(operations).sort(([a], [b]) => a.localeCompare(b)));
fs.writeFileSync(
  new URL('src/operations.ts', root),
  banner +
    '/** Every operation with the permission it needs and the roles that hold it (`public`: no credentials). */\n' +
    `export const OPERATIONS = ${JSON.stringify(sorted, null, 2)} as const;\n`,
);
