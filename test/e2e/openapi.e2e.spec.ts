import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiDocument } from '@mc/api';
import { createTestApi, type TestApi } from '../support/test-api.js';

interface Operation {
  summary?: string;
  security?: unknown[];
  responses: Record<string, { content?: Record<string, unknown> }>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
/** Public routes; their security requirement is the empty list. */
const PUBLIC = [
  'POST /api/v1/auth/login',
  'GET /health',
  'POST /api/v1/public/intake',
  'GET /api/v1/public/status/{reference}',
  'POST /api/v1/public/status/{reference}/messages',
];
/** Reads nothing from the request (see .redocly.lint-ignore.yaml): no 4xx to document. */
const NO_CLIENT_ERROR = ['GET /health'];

describe('OpenAPI document', () => {
  let api: TestApi;
  let document: { servers?: Array<{ url: string }>; paths: Record<string, Record<string, Operation>> };
  let operations: Array<[string, Operation]>;

  beforeAll(async () => {
    api = await createTestApi();
    const res = await api.get('/docs/json');
    expect(res.status).toBe(200);
    document = res.body;
    operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, operation]): [string, Operation] => [`${method.toUpperCase()} ${path}`, operation]),
    );
  });
  afterAll(() => api.close());

  const isProblem = (response: { content?: Record<string, unknown> }) =>
    Object.keys(response.content ?? {}).includes('application/problem+json');

  it('declares a server', () => {
    expect(document.servers?.length).toBeGreaterThan(0);
    expect(document.servers![0]!.url).toBeTruthy();
  });

  it('gives every operation a short summary', () => {
    expect(operations.length).toBeGreaterThan(40);
    const missing = operations.filter(([, op]) => !op.summary?.trim()).map(([name]) => name);
    expect(missing).toEqual([]);
    const long = operations.filter(([, op]) => (op.summary ?? '').length > 80).map(([name]) => name);
    expect(long).toEqual([]);
  });

  it('declares security on every operation: bearer, or none on the public routes', () => {
    const undeclared = operations.filter(([, op]) => !Array.isArray(op.security)).map(([name]) => name);
    expect(undeclared).toEqual([]);
    const open = operations.filter(([, op]) => op.security?.length === 0).map(([name]) => name);
    expect(open.sort()).toEqual([...PUBLIC].sort());
    for (const [name, op] of operations) {
      if (!PUBLIC.includes(name)) expect(op.security, name).toEqual([{ bearer: [] }]);
    }
  });

  it('documents at least one 4xx problem+json answer on every operation, and every error as problem+json', () => {
    const without4xx = operations
      .filter(([name]) => !NO_CLIENT_ERROR.includes(name))
      .filter(([, op]) => !Object.entries(op.responses).some(([code, r]) => /^4\d\d$/.test(code) && isProblem(r)))
      .map(([name]) => name);
    expect(without4xx).toEqual([]);
    const notProblem = operations.flatMap(([name, op]) =>
      Object.entries(op.responses)
        .filter(([code, r]) => /^[45]\d\d$/.test(code) && !isProblem(r))
        .map(([code]) => `${name} ${code}`),
    );
    expect(notProblem).toEqual([]);
  });

  it('is the document that npm run docs:lint exports without a database', async () => {
    expect(await createApiDocument(api.config)).toEqual(document);
  });
});
