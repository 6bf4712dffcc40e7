import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import { Logger } from 'nestjs-pino';
import type { Queue } from 'bullmq';
import type { AppConfig } from '@mc/config';
import type { LoggedRequest } from '@mc/logging';
import { DataSource } from 'typeorm';
import { registerReminderMetrics } from '@mc/escalations';
import { QUEUES_BY_NAME, registerQueueMetrics, type QueueName } from '@mc/queue';
import { AppModule } from './app.module.js';
import { registerJsonBodyParser } from './http/json-body.js';
import { createValidationPipe } from './http/validation.js';
import { registerIntakeHttp } from './intake/intake-http-setup.js';
import { clientRequestIdOf, requestIdFor } from './http/request-id.js';
import { createMetricsRegistry, instrumentHttp } from './metrics/metrics.js';
import { mountQueueBoard } from './queues/queue-board.js';

export const API_PREFIX = 'api/v1';
/** api.md: JSON bodies over 1 MiB are refused with 413. */
export const JSON_BODY_LIMIT = 1024 * 1024;
/** api.md: one attachment per upload, at most 20 MiB. */
export const UPLOAD_LIMITS = { fileSize: 20 * 1024 * 1024, files: 1, fields: 5 } as const;

/** Paths whose answers may hold personal data (the API and the queue board); docs and probes may be cached. */
function isPrivatePath(url: string): boolean {
  return url.startsWith(`/${API_PREFIX}/`) || url === `/${API_PREFIX}` || url.startsWith('/admin/');
}

/** Builds the API application (not yet listening): used by `main.ts`, the launcher and e2e tests. */
export async function createApiApp(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: JSON_BODY_LIMIT,
    // The client address of the rate limits and the audit log, when a reverse proxy stands in front.
    trustProxy: config.trustProxy,
    // Ours, always; clients get it back (X-Request-Id); logs, audit rows and 500 problems quote it.
    genReqId: requestIdFor,
  });
  const metrics = createMetricsRegistry();
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, metrics), adapter, {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  // Ours instead of Fastify's: keeps the raw bytes (Idempotency-Key hash), bounds nesting, refuses lone surrogates.
  registerJsonBodyParser(app, JSON_BODY_LIMIT);
  // Form posts for the intake and status pages only, and 64 KiB bodies on the public routes.
  registerIntakeHttp(app);

  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    // The caller's own id is logged next to ours (for tracing), never used as ours.
    (request.raw as LoggedRequest).clientRequestId = clientRequestIdOf(request.raw);
    void reply.header('x-request-id', request.id);
    // API answers carry names, contacts and case facts: no browser, proxy or CDN may keep a copy.
    if (isPrivatePath(request.url)) void reply.header('cache-control', 'no-store');
    done();
  });
  instrumentHttp(fastify, metrics);
  const queues = [...app.get<Map<QueueName, Queue>>(QUEUES_BY_NAME).values()];
  registerQueueMetrics(metrics, queues);
  registerReminderMetrics(metrics, app.get(DataSource));
  await mountQueueBoard(app, queues);
  await app.register(helmet, {
    // The Swagger UI needs inline scripts and styles; the API itself returns JSON only.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
      },
    },
  });

  // Multipart bodies are streamed by the route that reads them (attachments), not buffered here.
  await app.register(multipart, { limits: UPLOAD_LIMITS });

  setApiPrefix(app);
  app.useGlobalPipes(createValidationPipe());

  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs/json',
    useGlobalPrefix: false,
  });
  return app;
}

/** Everything under /api/v1 except the probes. */
function setApiPrefix(app: NestFastifyApplication): void {
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
      // The public pages (the form and the status page) and their files.
      { path: 'intake', method: RequestMethod.GET },
      { path: 'intake/assets/:file', method: RequestMethod.GET },
      { path: 'status', method: RequestMethod.GET },
      { path: 'status', method: RequestMethod.POST },
      { path: 'status/messages', method: RequestMethod.POST },
    ],
  });
}

function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Migrant Collective case tracker')
      .setDescription(
        'HTTP API v1. Errors are RFC 9457 problem details (application/problem+json); each operation lists ' +
          'the ones it gives. Any route with a JSON body also answers 413 (over 1 MiB) and 415 (not JSON).',
      )
      .setVersion('1')
      .setLicense('AGPL-3.0-or-later', 'https://www.gnu.org/licenses/agpl-3.0.html')
      // Relative: the paths are those of the host that serves this document.
      .addServer('/', 'The host serving this document')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Token from POST /api/v1/auth/login' })
      .build(),
  );
}

/**
 * The OpenAPI document alone, as `/docs/json` serves it, without connecting to Postgres or Redis:
 * Nest's preview mode reads the module graph and the decorators but instantiates no provider.
 * For `npm run docs:lint`.
 */
export async function createApiDocument(config: AppConfig): Promise<OpenAPIObject> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, createMetricsRegistry()),
    new FastifyAdapter(),
    { preview: true, logger: false },
  );
  setApiPrefix(app);
  return buildOpenApiDocument(app);
}
