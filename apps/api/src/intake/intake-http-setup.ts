import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { errorCodes } from 'fastify';

/**
 * The public routes take at most 64 KiB: a complaint is a few fields and 5000 characters of
 * description (30 KB in Cyrillic once percent-encoded), and nobody signed in sends it.
 */
export const PUBLIC_BODY_LIMIT = 64 * 1024;

/** The routes the pages' forms post to: the only ones that read `application/x-www-form-urlencoded`. */
export const FORM_ROUTES: ReadonlySet<string> = new Set(['/api/v1/public/intake', '/status', '/status/messages']);

function isPublicRoute(url: string): boolean {
  return url.startsWith('/api/v1/public/') || FORM_ROUTES.has(url) || url === '/intake' || url === '/status';
}

function isFormBody(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

/**
 * Form posts for the intake and status pages, and nowhere else: every other route answers 415
 * to a urlencoded body (the API speaks JSON). Must run before the routes
 * are registered (`app.init()`), so the `onRoute` hook sees them and lowers their body limit.
 */
export function registerIntakeHttp(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRoute', (route) => {
    if (isPublicRoute(route.url)) route.bodyLimit = PUBLIC_BODY_LIMIT;
  });
  fastify.addHook('onRequest', (request, _reply, done) => {
    const route = request.routeOptions.url;
    if (route !== undefined && isFormBody(request.headers['content-type']) && !FORM_ROUTES.has(route)) {
      done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(request.headers['content-type']));
      return;
    }
    done();
  });
  // Nest's own urlencoded parser (fast-querystring, `__proto__` refused like in JSON), which it
  // would otherwise register for every route: the hook above keeps it to the form routes.
  app.useBodyParser('application/x-www-form-urlencoded', { bodyLimit: PUBLIC_BODY_LIMIT });
}
