import { Body, Controller, Get, Headers, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ComplaintStatusService, intakeMessages, type StatusView } from '@mc/intake';
import { CurrentRequestMeta, Public, type RequestMeta } from '@mc/security';
import { ApiProblemResponses } from '../http/api-problems.js';
import { ComplaintStatusDto, StatusReplyDto } from './intake.dto.js';
import { PublicThrottlerGuard, RateLimitGroup } from './intake-throttling.js';

/** The JSON answer of the status routes: the label in the language the complaint was filed in. */
export function statusJson(view: StatusView): ComplaintStatusDto {
  return {
    reference: view.reference,
    status: view.status,
    statusLabel: intakeMessages(view.language).t(`status.${view.statusLabelKey}`),
    updatedAt: view.updatedAt.toISOString(),
    messages: view.messages.map((m) => ({
      id: m.id,
      from: m.from,
      body: m.body,
      createdAt: m.createdAt.toISOString(),
    })),
  };
}

const TOKEN_HEADER = {
  name: 'X-Status-Token',
  required: true,
  description: 'The status token of the intake receipt (a header, so it stays out of URLs and logs)',
};
const NOT_FOUND =
  'No complaint with this reference and token: the same answer for an unknown reference and a wrong token';
const TOO_MANY = 'Too many lookups from this address or for this reference; see Retry-After';

/** The migrant's own view of their complaint, opened with reference and status token. */
@ApiTags('public')
@Controller('public/status')
@Public()
@RateLimitGroup('status')
@UseGuards(PublicThrottlerGuard)
export class StatusApiController {
  constructor(private readonly status: ComplaintStatusService) {}

  @Get(':reference')
  @ApiOperation({ summary: 'The status of a complaint, for the person who filed it', security: [] })
  @ApiParam({ name: 'reference', example: 'MC-2026-00042' })
  @ApiHeader(TOKEN_HEADER)
  @ApiOkResponse({ type: ComplaintStatusDto })
  @ApiProblemResponses({ 404: NOT_FOUND, 429: TOO_MANY })
  async lookup(
    @Param('reference') reference: string,
    @Headers('x-status-token') token: string | undefined,
  ): Promise<ComplaintStatusDto> {
    return statusJson(await this.status.lookup(reference, token ?? ''));
  }

  @Post(':reference/messages')
  @HttpCode(201)
  @ApiOperation({ summary: 'Write to the collective about your complaint', security: [] })
  @ApiParam({ name: 'reference', example: 'MC-2026-00042' })
  @ApiHeader(TOKEN_HEADER)
  @ApiCreatedResponse({ type: ComplaintStatusDto, description: 'The message is on the timeline; the status as now' })
  @ApiProblemResponses({
    400: 'The message is empty or over 5000 characters, or the body has other fields',
    404: NOT_FOUND,
    413: 'The body is over 64 KiB',
    415: 'Not JSON',
    429: TOO_MANY,
  })
  async reply(
    @Param('reference') reference: string,
    @Headers('x-status-token') token: string | undefined,
    @Body() body: StatusReplyDto,
    @CurrentRequestMeta() meta: RequestMeta,
  ): Promise<ComplaintStatusDto> {
    return statusJson(await this.status.reply(reference, token ?? '', body.message, meta));
  }
}
