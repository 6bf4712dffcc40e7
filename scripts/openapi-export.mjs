// Writes the API's OpenAPI document (what /docs/json serves) to a file, without starting a server
// or connecting to Postgres or Redis. Usage: node scripts/openapi-export.mjs [out.json]
// (default: apps/api/dist/openapi.json). Needs `npm run build` first.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadConfig } from '@mc/config';
import { createApiDocument } from '@mc/api';

const out = resolve(process.argv[2] ?? 'apps/api/dist/openapi.json');
// No settings are needed to describe the routes; a throwaway key keeps loadConfig from writing one.
const config = loadConfig({ MASTER_KEY: randomBytes(32).toString('base64'), ...process.env });
const document = await createApiDocument(config);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(document, null, 2) + '\n');
console.log(`OpenAPI document: ${out} (${Object.keys(document.paths).length} paths)`);
