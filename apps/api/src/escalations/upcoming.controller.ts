import { BadRequestException, Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UpcomingStepsService } from '@mc/escalations';
import { CASE_ROLES, CurrentUser, Roles, type UserActor } from '@mc/security';
import { ApiProblemResponses } from '../http/api-problems.js';
import { UpcomingListDto, UpcomingQueryDto, UpcomingStepDto } from './step.dto.js';

const DAY_MS = 24 * 3600 * 1000;

const MAX_WINDOW_DAYS = 366;

/** Parses `P14D` / `P2W` (shape validated by the DTO) into milliseconds: one day to a year. */
function windowMs(within: string | undefined): number {
  const match = /^P(\d+)([DW])$/.exec(within ?? 'P14D')!;
  const days = Number(match[1]) * (match[2] === 'W' ? 7 : 1);
  if (days < 1 || days > MAX_WINDOW_DAYS) {
    throw new BadRequestException({
      message: `within must be from P1D to P${MAX_WINDOW_DAYS}D`,
      errors: [{ field: 'within', message: `From P1D to P${MAX_WINDOW_DAYS}D` }],
    });
  }
  return days * DAY_MS;
}

/** The caller's overdue and upcoming steps: the first screen of a caseworker's day. */
@ApiTags('deadlines')
@ApiBearerAuth()
@Roles(...CASE_ROLES)
@Controller('deadlines')
export class UpcomingController {
  constructor(private readonly upcoming: UpcomingStepsService) {}

  @Get('upcoming')
  @ApiOperation({ summary: 'Your overdue and upcoming steps, soonest first' })
  @ApiOkResponse({ type: UpcomingListDto })
  @ApiProblemResponses(400, 401, 403)
  async list(@Query() query: UpcomingQueryDto, @CurrentUser() actor: UserActor): Promise<UpcomingListDto> {
    const page = await this.upcoming.list(actor, {
      withinMs: windowMs(query.within),
      mine: query.mine ?? true,
      limit: query.limit,
      cursor: query.cursor,
    });
    return { items: page.items.map((s) => UpcomingStepDto.from(s)), nextCursor: page.nextCursor };
  }
}
