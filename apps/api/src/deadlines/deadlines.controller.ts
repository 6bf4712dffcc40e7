import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DeadlineCalculator, DeadlineCalendarBook, DeadlineRuleBook } from '@mc/deadlines';
import { Authenticated } from '@mc/security';
import { ApiProblemResponses } from '../http/api-problems.js';
import { toHttpError } from './deadline-http-errors.js';
import { ComputeDeadlineDto, DeadlineRulesQueryDto } from './deadline-request.dto.js';
import { ComputedDeadlineDto, DeadlineRuleDto, DeadlineRuleListDto } from './deadline-response.dto.js';

@ApiTags('deadlines')
@ApiBearerAuth()
@ApiProblemResponses(400, 401)
@Controller('deadlines')
export class DeadlinesController {
  constructor(
    private readonly rules: DeadlineRuleBook,
    private readonly calculator: DeadlineCalculator,
    private readonly calendars: DeadlineCalendarBook,
  ) {}

  @Get('rules')
  @Authenticated()
  @ApiOperation({
    summary: 'The statutory deadline rules',
    description:
      'Every version of every rule, optionally of one country, with the holiday calendars it counts with and their sources.',
  })
  @ApiOkResponse({ type: DeadlineRuleListDto })
  listRules(@Query() query: DeadlineRulesQueryDto): DeadlineRuleListDto {
    return {
      items: this.rules.list(query.country).map((rule) => DeadlineRuleDto.from(rule, this.calendars.forRule(rule))),
      nextCursor: null,
    };
  }

  @Post('compute')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    summary: 'Compute the due date of a rule from an event date',
    description:
      'The event day is not counted; an end on a weekend or holiday of the place of work rolls to the next working day. ' +
      '`rolledOver` lists each day it rolled past and why; the holidays are those of the place’s calendar (`calendarId`): ' +
      'a statute’s own list where it has one, else the date-holidays public holidays.',
  })
  @ApiOkResponse({ type: ComputedDeadlineDto })
  @ApiProblemResponses({
    400: 'Invalid body: a bad date, a region unknown or of another country, or a period the rule does not allow',
    404: 'No such rule',
    422: 'No version of the rule was in force on the event date',
  })
  compute(@Body() body: ComputeDeadlineDto): ComputedDeadlineDto {
    try {
      return ComputedDeadlineDto.from(
        this.calculator.compute({
          ruleId: body.ruleId,
          eventDate: body.eventDate,
          region: body.region,
          periodOverride: body.period,
        }),
      );
    } catch (error) {
      throw toHttpError(error);
    }
  }
}
