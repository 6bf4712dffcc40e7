import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ComplaintAssignmentService, ComplaintClockService, ComplaintTransitionsService } from '@mc/complaints';
import {
  CASE_ROLES,
  COORDINATOR_ROLES,
  CurrentRequestMeta,
  CurrentUser,
  Roles,
  type RequestMeta,
  type UserActor,
} from '@mc/security';
import { ApiProblemResponses } from '../http/api-problems.js';
import { expectedVersion } from '../http/if-match.js';
import { AssignDto, TransitionDto } from './dto/complaint-actions.dto.js';
import { ComplaintDto } from './dto/complaint.dto.js';
import { ParseIdPipe } from '../http/parse-id.pipe.js';

/** Status transitions, assignment and the clock: changes that are not a plain edit. */
@ApiTags('complaints')
@ApiBearerAuth()
@Roles(...CASE_ROLES)
@ApiProblemResponses(400, 401, 403, 404)
@Controller('complaints/:id')
export class ComplaintActionsController {
  constructor(
    private readonly transitions: ComplaintTransitionsService,
    private readonly assignment: ComplaintAssignmentService,
    private readonly clock: ComplaintClockService,
  ) {}

  @Post('transitions')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move a complaint to another status' })
  @ApiOkResponse({ type: ComplaintDto })
  @ApiProblemResponses({
    409: 'Target not allowed from the current status (`allowed` lists the targets), or stale version',
    422: 'Missing reason, outcome or recovered amount',
  })
  async transition(
    @Param('id', new ParseIdPipe()) id: string,
    @Body() body: TransitionDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() actor: UserActor,
    @CurrentRequestMeta() meta: RequestMeta,
  ): Promise<ComplaintDto> {
    const { version, ...request } = body;
    return ComplaintDto.from(
      await this.transitions.transition(id, request, actor, meta, expectedVersion(ifMatch, version)),
    );
  }

  @Post('assign')
  @Roles(...COORDINATOR_ROLES)
  @HttpCode(200)
  @ApiOperation({ summary: 'Assign a complaint to a user' })
  @ApiOkResponse({ type: ComplaintDto })
  @ApiProblemResponses({
    409: 'Stale version (If-Match or body version)',
    422: 'The user is unknown, inactive, or an analyst',
  })
  async assign(
    @Param('id', new ParseIdPipe()) id: string,
    @Body() body: AssignDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() actor: UserActor,
    @CurrentRequestMeta() meta: RequestMeta,
  ): Promise<ComplaintDto> {
    return ComplaintDto.from(
      await this.assignment.assign(id, body.userId.toLowerCase(), actor, meta, expectedVersion(ifMatch, body.version)),
    );
  }

  @Post('clock/pause')
  @HttpCode(200)
  @ApiOperation({ summary: "Pause the complaint's clock (internal targets stop)" })
  @ApiOkResponse({ type: ComplaintDto })
  @ApiProblemResponses({ 409: 'Already paused, closed/rejected, or stale version' })
  async pause(
    @Param('id', new ParseIdPipe()) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() actor: UserActor,
    @CurrentRequestMeta() meta: RequestMeta,
  ): Promise<ComplaintDto> {
    return ComplaintDto.from(await this.clock.pause(id, actor, meta, expectedVersion(ifMatch, undefined)));
  }

  @Post('clock/resume')
  @HttpCode(200)
  @ApiOperation({ summary: "Resume the complaint's clock (internal targets shift by the pause)" })
  @ApiOkResponse({ type: ComplaintDto })
  @ApiProblemResponses({ 409: 'The clock is running, or stale version' })
  async resume(
    @Param('id', new ParseIdPipe()) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() actor: UserActor,
    @CurrentRequestMeta() meta: RequestMeta,
  ): Promise<ComplaintDto> {
    return ComplaintDto.from(await this.clock.resume(id, actor, meta, expectedVersion(ifMatch, undefined)));
  }
}
