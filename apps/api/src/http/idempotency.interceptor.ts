import { createHash } from 'node:crypto';
import {
  BadRequestException,
  ConflictException,
  HttpStatus,
  Injectable,
  Logger,
  UnprocessableEntityException,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { ModuleRef, Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import canonicalize from 'canonicalize';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, from, mergeMap, of, throwError, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { FieldEncryptionService, type RequestWithActor } from '@mc/security';
import { IdempotencyStore } from './idempotency.store.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';
/** 1–200 printable ASCII characters (a UUID is the usual choice). */
const KEY_PATTERN = /^[\x20-\x7e]{1,200}$/;

type Request = FastifyRequest & RequestWithActor;

/**
 * `Idempotency-Key` for creating routes (see `@Idempotent()`). Without the header the request
 * runs as usual. With it: the first request runs and a 2xx response is kept for 24 h; a repeat with
 * the same body gets that response again (`Idempotent-Replayed: true`) instead of a second record;
 * the same key with another body is refused (422); a repeat while the first still runs gets 409.
 * A failed first request leaves no trace, so the client can retry with the same key.
 *
 * Keys are per caller and route: `user:<id>:POST /api/v1/complaints` (`public:<hash of ip>:…`
 * without an account), so two users never collide.
 *
 * Known limit: if the process dies after the record was committed but before the response was
 * stored, the key stays "in progress" (409) until it expires: a 409 is safer than a duplicate.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger(IdempotencyInterceptor.name);
  private store?: IdempotencyStore;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    // Resolved lazily and globally, so a module using @Idempotent() need not import SecurityModule.
    private readonly moduleRef: ModuleRef,
    private readonly reflector: Reflector,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const header = request.headers[IDEMPOTENCY_HEADER];
    if (header === undefined) return next.handle();
    if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
      throw new BadRequestException('Idempotency-Key must be 1 to 200 printable ASCII characters');
    }
    const key = header;
    // The concrete path, not the route pattern: the same key on /complaints/A/notes and
    // /complaints/B/notes are two requests (the query string is not part of the resource).
    const scope = `${callerOf(request)}:${request.method} ${(request.url ?? '').split('?')[0]}`;
    const requestHash = createHash('sha256')
      .update(canonicalize(request.body ?? null) ?? 'null')
      .digest('hex');
    const store = this.getStore();

    const begin = await store.begin(scope, key, requestHash);
    switch (begin.kind) {
      case 'mismatch':
        throw new UnprocessableEntityException('This Idempotency-Key was already used with a different request body');
      case 'in-progress':
        throw new ConflictException('A request with this Idempotency-Key is still running; retry shortly');
      case 'replay': {
        const reply = http.getResponse<FastifyReply>();
        void reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
        // The route sends its own (2xx) status, which is the one stored.
        void reply.status(begin.statusCode);
        return of(begin.body);
      }
      case 'started':
        break;
    }

    const statusCode = this.successStatus(context, request.method);
    return next.handle().pipe(
      mergeMap(async (body) => {
        try {
          await store.complete(scope, key, statusCode, body);
        } catch (error) {
          // The record exists; the key stays "in progress" until it expires rather than risk a duplicate.
          this.logger.error({ err: error }, 'Could not store an idempotent response');
        }
        return body;
      }),
      catchError((error: unknown) =>
        from(store.abandon(scope, key).catch(() => undefined)).pipe(mergeMap(() => throwError(() => error))),
      ),
    );
  }

  private getStore(): IdempotencyStore {
    this.store ??= new IdempotencyStore(this.db, this.moduleRef.get(FieldEncryptionService, { strict: false }));
    return this.store;
  }

  private successStatus(context: ExecutionContext, method: string): number {
    const declared = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler());
    return declared ?? (method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK);
  }
}

function callerOf(request: Request): string {
  if (request.actor?.kind === 'user') return `user:${request.actor.userId}`;
  const ipHash = createHash('sha256')
    .update(request.ip ?? '')
    .digest('hex')
    .slice(0, 32);
  return `public:${ipHash}`;
}
