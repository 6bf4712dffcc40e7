import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken, SessionsService } from '@mc/security';

export const QUEUE_BOARD_PATH = '/admin/queues';
const COOKIE = 'mc_queue_board';

function cookieToken(header: string | undefined): string | null {
  for (const part of (header ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === COOKIE) return decodeURIComponent(value.join('='));
  }
  return null;
}

/**
 * The Bull Board dashboard at /admin/queues, for admins only. API clients send the bearer
 * header; a browser opens `/admin/queues?token=<token>` once, which moves the token into an
 * HttpOnly, SameSite=Strict cookie scoped to this path and redirects to drop it from the URL
 * (request logs never record query strings).
 */
export async function mountQueueBoard(app: NestFastifyApplication, queues: readonly Queue[]): Promise<void> {
  const sessions = app.get(SessionsService);
  const serverAdapter = new BullBoardFastifyAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q, { readOnlyMode: false })), serverAdapter });

  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  await fastify.register(async (scope) => {
    scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const query = request.query as Record<string, unknown> | undefined;
      const fromQuery = typeof query?.token === 'string' ? query.token : null;
      const token = bearerToken(request.headers.authorization) ?? fromQuery ?? cookieToken(request.headers.cookie);
      const actor = token ? await sessions.authenticate(token) : null;
      if (!actor || actor.role !== 'admin') {
        const status = actor ? 403 : 401;
        return reply
          .status(status)
          .header('content-type', 'application/problem+json; charset=utf-8')
          .send({ type: 'about:blank', title: status === 401 ? 'Unauthorized' : 'Forbidden', status });
      }
      if (fromQuery) {
        return reply
          .header(
            'set-cookie',
            `${COOKIE}=${encodeURIComponent(fromQuery)}; Path=${QUEUE_BOARD_PATH}; HttpOnly; SameSite=Strict`,
          )
          .redirect(QUEUE_BOARD_PATH, 303);
      }
    });
    await scope.register(serverAdapter.registerPlugin(), { prefix: QUEUE_BOARD_PATH });
  });
}
