import { applyDecorators, SetMetadata, UseInterceptors, type Type } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { RequestMeta, UserActor } from '@mc/security';
import { IDEMPOTENT_METADATA, IdempotencyInterceptor } from './idempotency.interceptor.js';

export { IDEMPOTENT_METADATA };

/** What a replay's re-read is given: the replayed request's caller and route parameters. */
export interface ReplayContext {
  /** The caller now; the re-read applies their scope (an out-of-scope record answers 404). */
  readonly actor: UserActor;
  readonly meta: RequestMeta;
  /** Route parameters of the request (the complaint id of `/complaints/:id/notes`). */
  readonly params: Readonly<Record<string, string>>;
  /** A provider of the application (a domain service), as injected anywhere else. */
  get<T>(type: Type<T>): T;
}

/**
 * How a creating route's outcome is kept and answered again. The row keeps `type` and
 * `idOf(answer)` only; a replay answers with `reread`, the record as it is now. So a replay never
 * repeats personal data the database no longer holds: an erased worker answers 410, a record the
 * caller may no longer open 404.
 */
export interface IdempotentResource<R> {
  /** Stored with the key (`resource_type`); names what the route creates. */
  readonly type: string;
  /** The id (uuid) of what the route created, from its answer (or its route parameters). */
  idOf(answer: R, params: Readonly<Record<string, string>>): string;
  /** The route's answer for the record `id` as of now, read with the caller's scope. */
  reread(id: string, context: ReplayContext): Promise<R>;
}

type RouteReturning<R> = (...args: never[]) => Promise<R>;

/**
 * Marks a creating route as accepting `Idempotency-Key` (api.md): a retried request with the same
 * key and the same bytes gets the first request's status and the created record as it is now,
 * instead of creating a second one. The route's return type must match `resource` (checked).
 */
export function Idempotent<R>(resource: IdempotentResource<R>) {
  const decorate = applyDecorators(
    SetMetadata(IDEMPOTENT_METADATA, resource),
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        '1–200 printable characters. A repeat with the same key and the same body bytes within 24 h is not run ' +
        'again: it gets the first status and the created record as it is now (header Idempotent-Replayed: true; ' +
        '404 or 410 if it is no longer yours to see or was erased); same key with another body: 422; while the ' +
        'first still runs: 409.',
    }),
  );
  return (target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<RouteReturning<R>>): void => {
    decorate(target, key, descriptor);
  };
}
