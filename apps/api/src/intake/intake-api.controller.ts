import { Body, Controller, Inject, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '@mc/config';
import {
  IntakeService,
  isHoneypotFilled,
  isIntakeLanguage,
  newStatusToken,
  validateIntake,
  type IntakeLanguage,
} from '@mc/intake';
import { CurrentRequestMeta, Public, type RequestMeta } from '@mc/security';
import { ApiProblemResponses } from '../http/api-problems.js';
import { RequestValidationException } from '../http/validation.js';
import { formPageData, fieldMessage } from './intake-form-page.js';
import { formToSubmission, formValues, type FormBody } from './intake-form.js';
import { IntakeReceiptDto, IntakeSubmissionDto } from './intake.dto.js';
import { PublicThrottlerGuard, RateLimitGroup } from './intake-throttling.js';
import { setPageHeaders } from './page-headers.js';
import { PageRenderer } from './page-renderer.js';
import { PublicPagesFilter } from './public-pages.filter.js';
import { isFormPost, requestLanguage } from './public-request.js';

/** Today in UTC, `YYYY-MM-DD`: a dismissal letter cannot have come tomorrow. */
function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

/** A reference that looks like a real one, for a bot that filled the honeypot. */
function decoyReference(): string {
  const seq = String(Math.floor(Math.random() * 99_999) + 1).padStart(5, '0');
  return `MC-${new Date().getUTCFullYear()}-${seq}`;
}

/**
 * `POST /api/v1/public/intake`: a complaint from someone without an account. JSON clients get
 * JSON; the intake page's form (urlencoded) gets the confirmation page, or the form again with
 * each message next to its field and everything typed kept.
 */
@ApiTags('public')
@Controller('public')
@UseFilters(PublicPagesFilter)
export class IntakeApiController {
  constructor(
    private readonly intake: IntakeService,
    private readonly pages: PageRenderer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('intake')
  @Public()
  @RateLimitGroup('intake')
  @UseGuards(PublicThrottlerGuard)
  @ApiOperation({
    summary: 'File a complaint without an account (JSON, or the intake form)',
    description:
      'The intake page posts the same fields as application/x-www-form-urlencoded (dotted names, one ' +
      '`categories` per ticked box) and gets HTML back. A filled honeypot (`website`) gets a receipt, ' +
      'and nothing is stored. Bodies over 64 KiB are refused (413).',
    security: [],
  })
  @ApiConsumes('application/json')
  @ApiBody({ type: IntakeSubmissionDto })
  @ApiCreatedResponse({ type: IntakeReceiptDto, description: 'The complaint is stored; save reference and token' })
  @ApiProblemResponses({
    400: 'A field is missing or invalid: `errors` lists each with a message in the submission language',
    413: 'The body is over 64 KiB',
    415: 'Neither JSON nor a form post',
    429: 'Too many complaints from this address; see Retry-After',
  })
  async submit(
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentRequestMeta() meta: RequestMeta,
  ): Promise<void> {
    const form = isFormPost(request);
    const raw = form ? formToSubmission((body ?? {}) as FormBody) : body;
    const claimed = typeof raw === 'object' && raw !== null ? (raw as { language?: unknown }).language : undefined;
    const language: IntakeLanguage = isIntakeLanguage(claimed) ? claimed : requestLanguage(request).language;

    let receipt: { reference: string; statusToken: string };
    if (isHoneypotFilled(raw)) {
      // A bot: the same answer a person gets, and nothing stored or sent.
      receipt = { reference: decoyReference(), statusToken: newStatusToken() };
    } else {
      const result = validateIntake(raw, todayIso());
      if (!result.ok) {
        if (!form) {
          const errors = result.errors.map((e) => ({ field: e.field, message: fieldMessage(e, language) }));
          throw new RequestValidationException(errors);
        }
        const data = formPageData(language, formValues(body as FormBody), result.errors);
        const html = this.pages.render('form', {
          language,
          titleId: 'page.title',
          switcherPath: '/intake',
          data: { ...data },
        });
        await setPageHeaders(reply).status(400).send(html);
        return;
      }
      receipt = await this.intake.submit(result.value, meta);
    }

    const statusUrl = `${this.config.publicBaseUrl}/status?${new URLSearchParams({ lang: language, reference: receipt.reference }).toString()}`;
    if (!form) {
      await reply.status(201).send({ reference: receipt.reference, statusToken: receipt.statusToken, statusUrl });
      return;
    }
    const html = this.pages.render('confirmation', {
      language,
      titleId: 'confirmation.title',
      data: {
        reference: receipt.reference,
        statusToken: receipt.statusToken,
        statusHref: `/status?${new URLSearchParams({ lang: language, reference: receipt.reference }).toString()}`,
      },
    });
    await setPageHeaders(reply).status(201).send(html);
  }
}
