import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { QueryFailedError } from 'typeorm';
import { DomainError } from '@mc/errors';
import { domainProblem } from './domain-problem.js';
import { problem, PROBLEM_CONTENT_TYPE, type ProblemDetails } from './problem-details.js';
import { RequestValidationException } from './validation.js';

interface FastifyLikeError {
  statusCode?: number;
  code?: string;
  message?: string;
}

/** Fastify's own errors (body parsing, limits) carry safe messages and a 4xx status. */
const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'This content type is not accepted here; send application/json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is larger than the limit',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The body is empty but the content type says JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'The body is not valid JSON',
};

/**
 * Postgres gave up a transaction to let another go on (deadlock detected, serialization failure):
 * nothing was written, and the same request will very likely succeed a moment later.
 */
function isTransientConflict(exception: unknown): boolean {
  if (!(exception instanceof QueryFailedError)) return false;
  const code = (exception.driverError as { code?: unknown } | undefined)?.code;
  return code === '40P01' || code === '40001';
}

/** Postgres refuses text with a NUL byte (22021) or an invalid escape (22P05): the input's fault. */
function isUnstorableText(exception: unknown): boolean {
  if (!(exception instanceof QueryFailedError)) return false;
  const code = (exception.driverError as { code?: unknown } | undefined)?.code;
  return code === '22021' || code === '22P05';
}

/**
 * Renders every error as application/problem+json. Unexpected errors become a plain 500 with
 * the request id: never a stack trace, never the message (it could quote personal data).
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const body = this.toProblem(exception, request);
    if (body.status >= 500) {
      this.logger.error({ err: exception, reqId: request.id }, 'Unhandled error');
    }
    if (exception instanceof ThrottlerException) {
      // A limit that knows its window (the public intake and status routes) says when it frees.
      const seconds = (exception as { retryAfterSeconds?: unknown }).retryAfterSeconds;
      void reply.header('retry-after', typeof seconds === 'number' ? String(seconds) : '60');
    }
    if (body.status === HttpStatus.SERVICE_UNAVAILABLE) void reply.header('retry-after', '1');
    void reply.status(body.status).header('content-type', PROBLEM_CONTENT_TYPE).send(body);
  }

  private toProblem(exception: unknown, request: FastifyRequest): ProblemDetails {
    const instance = request.url;
    if (exception instanceof RequestValidationException) {
      return problem(400, 'The request is not valid', {
        type: 'urn:mc:problem:validation-error',
        instance,
        errors: exception.fieldErrors,
      });
    }
    if (exception instanceof DomainError) return domainProblem(exception, instance);
    if (exception instanceof ThrottlerException) {
      return problem(429, 'Too many attempts; wait and try again', { type: 'urn:mc:problem:rate-limited', instance });
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      if (typeof response === 'string') return problem(status, response, { instance });
      const {
        message,
        error: _error,
        statusCode: _statusCode,
        status: _status,
        type,
        title: _title,
        ...extensions
      } = response as Record<string, unknown>;
      const detail = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : undefined;
      // Our own problem types (`urn:mc:problem:immigration-risk`) tell clients what to do; any other
      // `type` is Nest's or a library's internal word and is not passed on.
      const ownType = typeof type === 'string' && type.startsWith('urn:mc:problem:') ? { type } : {};
      return problem(status, detail, { instance, ...extensions, ...ownType });
    }
    const fastifyError = exception as FastifyLikeError;
    if (
      typeof fastifyError?.statusCode === 'number' &&
      fastifyError.statusCode >= 400 &&
      fastifyError.statusCode < 500
    ) {
      const detail = (fastifyError.code && FASTIFY_MESSAGES[fastifyError.code]) ?? 'The request could not be processed';
      return problem(fastifyError.statusCode, detail, { instance });
    }
    if (isUnstorableText(exception)) {
      return problem(HttpStatus.BAD_REQUEST, 'The request contains characters that cannot be stored (such as NUL)', {
        instance,
      });
    }
    if (isTransientConflict(exception)) {
      return problem(HttpStatus.SERVICE_UNAVAILABLE, 'The case was busy with another change; try again', {
        type: 'urn:mc:problem:retry',
        instance,
      });
    }
    return problem(HttpStatus.INTERNAL_SERVER_ERROR, `Something went wrong; quote request id ${request.id}`, {
      instance,
    });
  }
}
