import { Body, Controller, Get, Inject, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '@mc/config';
import { DomainError } from '@mc/errors';
import { ComplaintStatusService, intakeMessages, type IntakeLanguage, type StatusView } from '@mc/intake';
import { CurrentRequestMeta, Public, type RequestMeta } from '@mc/security';
import { formPageData } from './intake-form-page.js';
import { PublicThrottlerGuard, RateLimitGroup } from './intake-throttling.js';
import { setPageHeaders } from './page-headers.js';
import { PageRenderer } from './page-renderer.js';
import { PublicPagesFilter } from './public-pages.filter.js';
import { rememberLanguage, requestLanguage } from './public-request.js';

/** A posted form field as one string ('' when missing or repeated oddly). */
function text(body: unknown, name: string): string {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return '';
}

/** References are short (`MC-2026-00042`); a longer value is cut before it reaches a page. */
const REFERENCE_MAX = 32;

function isNotFound(error: unknown): boolean {
  return error instanceof DomainError && error.code === 'intake.status-not-found';
}

function isInvalidMessage(error: unknown): boolean {
  return error instanceof DomainError && error.code === 'intake.invalid-message';
}

/**
 * The server-rendered pages outside /api/v1: the intake form and the status page. They work
 * without JavaScript; the token is posted in a form, never put in a URL.
 */
@ApiExcludeController()
@Controller()
@Public()
@UseFilters(PublicPagesFilter)
export class IntakePagesController {
  constructor(
    private readonly status: ComplaintStatusService,
    private readonly pages: PageRenderer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('intake')
  async form(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { language, source } = requestLanguage(request);
    if (source === 'query') rememberLanguage(reply, language, this.config.publicBaseUrl);
    const html = this.pages.render('form', {
      language,
      titleId: 'page.title',
      switcherPath: '/intake',
      data: { ...formPageData(language) },
    });
    await setPageHeaders(reply).status(200).send(html);
  }

  @Get('status')
  async lookupForm(
    @Query('reference') reference: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { language, source } = requestLanguage(request);
    if (source === 'query') rememberLanguage(reply, language, this.config.publicBaseUrl);
    const typed = typeof reference === 'string' ? reference.slice(0, REFERENCE_MAX) : '';
    await this.sendLookup(reply, language, typed, false);
  }

  @Post('status')
  @RateLimitGroup('status')
  @UseGuards(PublicThrottlerGuard)
  async lookup(@Body() body: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { language } = requestLanguage(request);
    const reference = text(body, 'reference').trim();
    const token = text(body, 'token');
    let view: StatusView;
    try {
      view = await this.status.lookup(reference, token);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await this.sendLookup(reply, language, reference.slice(0, REFERENCE_MAX), true);
      return;
    }
    await this.sendStatus(reply, language, view, token, {});
  }

  @Post('status/messages')
  @RateLimitGroup('status')
  @UseGuards(PublicThrottlerGuard)
  async reply(
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentRequestMeta() meta: RequestMeta,
  ): Promise<void> {
    const { language } = requestLanguage(request);
    const reference = text(body, 'reference').trim();
    const token = text(body, 'token');
    const message = text(body, 'message');
    try {
      const view = await this.status.reply(reference, token, message, meta);
      await this.sendStatus(reply, language, view, token, { replySent: true });
    } catch (error) {
      if (isInvalidMessage(error)) {
        // The message was refused before the token was checked: look the case up to show it again.
        let view: StatusView;
        try {
          view = await this.status.lookup(reference, token);
        } catch (lookupError) {
          if (!isNotFound(lookupError)) throw lookupError;
          await this.sendLookup(reply, language, reference.slice(0, REFERENCE_MAX), true);
          return;
        }
        const replyError = intakeMessages(language).t('statusPage.reply.invalid', { max: 5000 });
        await this.sendStatus(reply, language, view, token, { replyError, replyText: message }, 400);
        return;
      }
      if (!isNotFound(error)) throw error;
      await this.sendLookup(reply, language, reference.slice(0, REFERENCE_MAX), true);
    }
  }

  private async sendLookup(
    reply: FastifyReply,
    language: IntakeLanguage,
    reference: string,
    notFound: boolean,
  ): Promise<void> {
    const html = this.pages.render('status-lookup', {
      language,
      titleId: 'statusPage.lookupHeading',
      switcherPath: '/status',
      switcherQuery: reference ? { reference } : {},
      data: { reference, notFound },
    });
    await setPageHeaders(reply)
      .status(notFound ? 404 : 200)
      .send(html);
  }

  private async sendStatus(
    reply: FastifyReply,
    language: IntakeLanguage,
    view: StatusView,
    token: string,
    extra: Record<string, unknown>,
    status = 200,
  ): Promise<void> {
    const html = this.pages.render('status', {
      language,
      titleId: 'statusPage.title',
      switcherPath: '/status',
      switcherQuery: { reference: view.reference },
      data: {
        view,
        token,
        statusLabel: intakeMessages(language).t(`status.${view.statusLabelKey}`),
        ...extra,
      },
    });
    await setPageHeaders(reply).status(status).send(html);
  }
}
