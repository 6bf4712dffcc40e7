import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { DeadlineCalculator, DeadlineRuleBook } from '@mc/deadlines';
import { Authenticated } from '@mc/security';
import { toHttpError } from './deadline-http-errors.js';
import { ComputeDeadlineDto, DeadlineRulesQueryDto } from './deadline-request.dto.js';
import { ComputedDeadlineDto, DeadlineRuleDto, DeadlineRuleListDto } from './deadline-response.dto.js';

@ApiTags('deadlines')
@ApiBearerAuth()
@Controller('deadlines')
export class DeadlinesController {
  constructor(
    private readonly rules: DeadlineRuleBook,
    private readonly calculator: DeadlineCalculator,
  ) {}

  @Get('rules')
  @Authenticated()
  @ApiOperation({ summary: 'The statutory deadline rule table (every version), optionally of one country' })
  @ApiOkResponse({ type: DeadlineRuleListDto })
  listRules(@Query() query: DeadlineRulesQueryDto): DeadlineRuleListDto {
    return { items: this.rules.list(query.country).map((rule) => DeadlineRuleDto.from(rule)), nextCursor: null };
  }

  @Post('compute')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    summary:
      'Compute a due date: the event day is not counted; an end on a weekend or public holiday of the place of work rolls to the next working day',
  })
  @ApiOkResponse({ type: ComputedDeadlineDto })
  @ApiBadRequestResponse({
    description: 'Bad date, a region of another country or unknown, or a period the rule does not allow',
  })
  @ApiNotFoundResponse({ description: 'No such rule' })
  @ApiUnprocessableEntityResponse({ description: 'No version of the rule was in force on the event date' })
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
