import {
  BadRequestException,
  ConflictException,
  HttpStatus,
  Injectable,
  Logger,
  UnauthorizedException,
  UnprocessableEntityException,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { ModuleRef, Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, from, map, mergeMap, throwError, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { FieldEncryptionService, IdempotencyStore, type RequestHasher, type RequestWithActor } from '@mc/security';
import type { IdempotentResource, ReplayContext } from './idempotency.decorator.js';
import type { RequestWithRawBody } from './json-body.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';
/** Where `@Idempotent(resource)` puts its `IdempotentResource`. */
export const IDEMPOTENT_METADATA = 'mc:idempotent';
/** 1–200 printable ASCII characters (a UUID is the usual choice). */
const KEY_PATTERN = /^[\x20-\x7e]{1,200}$/;

type Request = FastifyRequest & RequestWithActor & RequestWithRawBody;

/**
 * `Idempotency-Key` for creating routes (see `@Idempotent()`). Without the header the request
 * runs as usual. With it: the first request runs and, on a 2xx, its status and the created
 * record's type and id are kept for 24 h; a repeat with the same bytes is not run again but
 * answered with that status and the record as it is now, read through the route's `reread` with
 * the caller's scope (`Idempotent-Replayed: true`); the same key with another body is refused
 * (422); a repeat while the first still runs gets 409. A failed first request leaves no trace, so
 * the client can retry with the same key.
 *
 * Keys are per caller and route: `user:<id>:POST /api/v1/complaints` (`public:<hash of ip>:…`
 * without an account), so two users never collide. "Same body" means the same bytes: the hash is
 * an HMAC (`RequestHasher`) over method, path and the raw body, not over a re-serialized object.
 *
 * Known limit: if the process dies after the record was committed but before the outcome was
 * stored, the key stays "in progress" (409) until it expires: a 409 is safer than a duplicate.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger(IdempotencyInterceptor.name);
  private readonly store: IdempotencyStore;
  private hasher?: RequestHasher;

  constructor(
    @InjectDataSource() db: DataSource,
    // Resolved lazily and globally, so a module using @Idempotent() need not import SecurityModule.
    private readonly moduleRef: ModuleRef,
    private readonly reflector: Reflector,
  ) {
    this.store = new IdempotencyStore(db);
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const header = request.headers[IDEMPOTENCY_HEADER];
    if (header === undefined) return next.handle();
    if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
      throw new BadRequestException('Idempotency-Key must be 1 to 200 printable ASCII characters');
    }
    const resource = this.reflector.get<IdempotentResource<unknown> | undefined>(
      IDEMPOTENT_METADATA,
      context.getHandler(),
    );
    if (!resource) throw new Error('IdempotencyInterceptor on a route without @Idempotent(resource)');
    const key = header;
    // The concrete path, not the route pattern: the same key on /complaints/A/notes and
    // /complaints/B/notes are two requests (the query string is not part of the resource).
    const path = (request.url ?? '').split('?')[0]!;
    const scope = `${callerOf(request, this.getHasher())}:${request.method} ${path}`;
    const requestHash = this.getHasher().hash(request.method, path, request.rawBody ?? Buffer.alloc(0));
    const store = this.store;

    const begin = await store.begin(scope, key, requestHash);
    switch (begin.kind) {
      case 'mismatch':
        throw new UnprocessableEntityException('This Idempotency-Key was already used with a different request body');
      case 'in-progress':
        throw new ConflictException('A request with this Idempotency-Key is still running; retry shortly');
      case 'replay': {
        const reply = http.getResponse<FastifyReply>();
        if (begin.resourceType !== resource.type) {
          // Only after a deploy that changed what the route creates: the stored id means nothing to it.
          throw new ConflictException(
            'This Idempotency-Key belongs to an earlier version of this route; use a new key',
          );
        }
        // Not run again, whatever the re-read answers (a 410 for an erased worker included); a
        // key the route no longer understands (above) is not a replay.
        void reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
        return from(resource.reread(begin.resourceId, this.replayContext(request))).pipe(
          map((answer) => {
            // The route sends its own (2xx) status, which is the one stored.
            void reply.status(begin.statusCode);
            return answer;
          }),
        );
      }
      case 'started':
        break;
    }

    const statusCode = this.successStatus(context, request.method);
    return next.handle().pipe(
      mergeMap(async (body) => {
        try {
          await store.complete(scope, key, {
            statusCode,
            resourceType: resource.type,
            resourceId: resource.idOf(body, paramsOf(request)),
          });
        } catch (error) {
          // The record exists; the key stays "in progress" until it expires rather than risk a duplicate.
          this.logger.error({ err: error }, 'Could not store an idempotent outcome');
        }
        return body;
      }),
      catchError((error: unknown) =>
        from(store.abandon(scope, key).catch(() => undefined)).pipe(mergeMap(() => throwError(() => error))),
      ),
    );
  }

  private replayContext(request: Request): ReplayContext {
    const actor = request.actor;
    // Every @Idempotent route requires a signed-in user; the guard has run before this interceptor.
    if (actor?.kind !== 'user') throw new UnauthorizedException();
    return {
      actor,
      meta: { requestId: request.id, ip: request.ip },
      params: paramsOf(request),
      get: (type) => this.moduleRef.get(type, { strict: false }),
    };
  }

  private getHasher(): RequestHasher {
    this.hasher ??= this.moduleRef.get(FieldEncryptionService, { strict: false }).requestHasher;
    return this.hasher;
  }

  private successStatus(context: ExecutionContext, method: string): number {
    const declared = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler());
    return declared ?? (method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK);
  }
}

function paramsOf(request: Request): Readonly<Record<string, string>> {
  return (request.params ?? {}) as Record<string, string>;
}

function callerOf(request: Request, hasher: RequestHasher): string {
  if (request.actor?.kind === 'user') return `user:${request.actor.userId}`;
  return `public:${hasher.anonymousCaller(request.ip ?? '')}`;
}
