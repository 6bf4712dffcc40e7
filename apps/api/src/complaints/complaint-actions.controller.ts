import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
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
import { expectedVersion } from '../http/if-match.js';
import { AssignDto, TransitionDto } from './dto/complaint-actions.dto.js';
import { ComplaintDto } from './dto/complaint.dto.js';
import { ParseIdPipe } from '../http/parse-id.pipe.js';

/** Status transitions, assignment and the clock: changes that are not a plain edit. */
@ApiTags('complaints')
@ApiBearerAuth()
@Roles(...CASE_ROLES)
@Controller('complaints/:id')
export class ComplaintActionsController {
  constructor(
    private readonly transitions: ComplaintTransitionsService,
    private readonly assignment: ComplaintAssignmentService,
    private readonly clock: ComplaintClockService,
  ) {}

  @Post('transitions')
  @HttpCode(200)
  @ApiOkResponse({ type: ComplaintDto })
  @ApiConflictResponse({
    description: 'Target not allowed from the current status (`allowed` lists the targets), or stale version',
  })
  @ApiUnprocessableEntityResponse({ description: 'Missing reason, outcome or recovered amount' })
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
  @ApiOkResponse({ type: ComplaintDto })
  @ApiUnprocessableEntityResponse({ description: 'The user is unknown, inactive, or an analyst' })
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
  @ApiOkResponse({ type: ComplaintDto })
  @ApiConflictResponse({ description: 'Already paused, closed/rejected, or stale version' })
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
  @ApiOkResponse({ type: ComplaintDto })
  @ApiConflictResponse({ description: 'The clock is running, or stale version' })
  async resume(
    @Param('id', new ParseIdPipe()) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() actor: UserActor,
    @CurrentRequestMeta() meta: RequestMeta,
  ): Promise<ComplaintDto> {
    return ComplaintDto.from(await this.clock.resume(id, actor, meta, expectedVersion(ifMatch, undefined)));
  }
}
