import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '@mc/config';
import { bearerToken, SessionsService, type UserActor } from '@mc/security';
import { QueueBoardCookies } from './queue-board-cookie.js';

export const QUEUE_BOARD_PATH = '/admin/queues';
const COOKIE = 'mc_queue_board';

function cookieValue(header: string | undefined): string | null {
  for (const part of (header ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    // Taken as sent: the value is base64url and dots, and a stray '%' must not throw.
    if (name === COOKIE) return value.join('=');
  }
  return null;
}

/**
 * The Bull Board dashboard at /admin/queues, for admins only. API clients send the bearer
 * header; a browser opens `/admin/queues?token=<token>` once, which trades the token for a
 * board-only cookie (QueueBoardCookies: the session's id, signed, for 15 minutes; never the
 * token) that is HttpOnly, Secure, SameSite=Strict and scoped to this path, and redirects to drop
 * the token from the URL (request logs never record query strings). Every request re-checks the
 * session and the admin behind it, so a logout or a demotion closes the board at once.
 */
export async function mountQueueBoard(app: NestFastifyApplication, queues: readonly Queue[]): Promise<void> {
  const sessions = app.get(SessionsService);
  const cookies = new QueueBoardCookies(app.get<AppConfig>(APP_CONFIG).masterKey);
  const serverAdapter = new BullBoardFastifyAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q, { readOnlyMode: false })), serverAdapter });

  const boardCookieActor = async (header: string | undefined): Promise<UserActor | null> => {
    const grant = cookies.read(cookieValue(header) ?? '');
    return grant ? sessions.authenticateSession(grant.sessionId) : null;
  };

  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  await fastify.register(async (scope) => {
    scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const query = request.query as Record<string, unknown> | undefined;
      const fromQuery = typeof query?.token === 'string' ? query.token : null;
      const token = bearerToken(request.headers.authorization) ?? fromQuery;
      const actor = token ? await sessions.authenticate(token) : await boardCookieActor(request.headers.cookie);
      if (!actor || actor.role !== 'admin') {
        const status = actor ? 403 : 401;
        return reply
          .status(status)
          .header('content-type', 'application/problem+json; charset=utf-8')
          .send({ type: 'about:blank', title: status === 401 ? 'Unauthorized' : 'Forbidden', status });
      }
      if (fromQuery) {
        // Secure: browsers still keep it on http://localhost, and never send it over plain HTTP elsewhere.
        const cookie = cookies.issue(actor.sessionId);
        return reply
          .header(
            'set-cookie',
            `${COOKIE}=${cookie.value}; Max-Age=${cookie.maxAgeSeconds}; Path=${QUEUE_BOARD_PATH}; HttpOnly; Secure; SameSite=Strict`,
          )
          .redirect(QUEUE_BOARD_PATH, 303);
      }
    });
    await scope.register(serverAdapter.registerPlugin(), { prefix: QUEUE_BOARD_PATH });
  });
}
