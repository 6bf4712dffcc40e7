import {
  Catch,
  HttpException,
  HttpStatus,
  Injectable,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '@mc/errors';
import { intakeMessages } from '@mc/intake';
import { DOMAIN_ERROR_STATUS } from '../http/domain-problem.js';
import { ProblemDetailsFilter } from '../http/problem-details.filter.js';
import { RateLimitedException } from './intake-throttling.js';
import { setPageHeaders } from './page-headers.js';
import { PageRenderer } from './page-renderer.js';
import { isFormPost, requestLanguage } from './public-request.js';

/**
 * Errors of the public pages as pages, in the person's language: "too many tries, wait N
 * minutes" for a rate limit, a plain "something went wrong" otherwise. A JSON client of the same
 * routes gets the usual problem+json.
 */
@Catch()
@Injectable()
export class PublicPagesFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');
  private readonly problems = new ProblemDetailsFilter();

  constructor(private readonly pages: PageRenderer) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const isApi = request.url.startsWith('/api/');
    if (isApi && !isFormPost(request)) {
      this.problems.catch(exception, host);
      return;
    }
    const status = statusOf(exception);
    if (status >= 500) this.logger.error({ err: exception, reqId: request.id }, 'Unhandled error');
    const { language } = requestLanguage(request);
    const t = intakeMessages(language).t;
    const back = request.url.startsWith('/status') ? `/status?lang=${language}` : `/intake?lang=${language}`;
    let headingId = 'problem.errorHeading';
    let titleId = 'problem.errorTitle';
    let text = t('problem.generic');
    if (exception instanceof ThrottlerException) {
      const seconds = exception instanceof RateLimitedException ? exception.retryAfterSeconds : 60;
      void reply.header('retry-after', String(seconds));
      headingId = 'problem.tooManyHeading';
      titleId = 'problem.tooManyTitle';
      text = t('problem.tooMany', { minutes: Math.max(1, Math.ceil(seconds / 60)) });
    } else if (status === HttpStatus.PAYLOAD_TOO_LARGE) {
      text = t('problem.tooLarge');
    }
    const html = this.pages.render('problem', {
      language,
      titleId,
      switcherPath: request.url.startsWith('/status') ? '/status' : '/intake',
      data: { headingId, text, backHref: back },
    });
    void setPageHeaders(reply).status(status).send(html);
  }
}

function statusOf(exception: unknown): number {
  if (exception instanceof ThrottlerException) return HttpStatus.TOO_MANY_REQUESTS;
  if (exception instanceof HttpException) return exception.getStatus();
  if (exception instanceof DomainError) return DOMAIN_ERROR_STATUS[exception.kind];
  const status = (exception as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : HttpStatus.INTERNAL_SERVER_ERROR;
}
