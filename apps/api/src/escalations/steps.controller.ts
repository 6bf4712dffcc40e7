import { Body, Controller, Get, Headers, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EscalationStepsService, PlaybookService } from '@mc/escalations';
import { CASE_ROLES, CurrentRequestMeta, CurrentUser, Roles, type RequestMeta, type UserActor } from '@mc/security';
import { ApiProblemResponses, IDEMPOTENCY_PROBLEMS } from '../http/api-problems.js';
import { Idempotent } from '../http/idempotency.decorator.js';
import { expectedVersion } from '../http/if-match.js';
import { PageQueryDto } from '../http/pagination.dto.js';
import { ApplyPlaybookDto, CreateStepDto, PlaybookResultDto, StepDto, StepListDto, UpdateStepDto } from './step.dto.js';
import { ParseIdPipe } from '../http/parse-id.pipe.js';

/** Escalation steps of a complaint and its playbook. Scope: the complaint's (out of scope → 404). */
@ApiTags('escalation steps')
@ApiBearerAuth()
@Roles(...CASE_ROLES)
@ApiProblemResponses(400, 401, 403, 404)
@Controller('complaints/:id')
export class StepsController {
  constructor(
    private readonly steps: EscalationStepsService,
    private readonly playbooks: PlaybookService,
  ) {}

  @Get('steps')
  @ApiOperation({ summary: "The complaint's escalation steps" })
  @ApiOkResponse({ type: StepListDto, description: 'In ladder order' })
  async list(
    @Param('id', new ParseIdPipe()) id: string,
    @Query() query: PageQueryDto,
    @CurrentUser() actor: UserActor,
  ): Promise<StepListDto> {
    const page = await this.steps.list(id, actor, { limit: query.limit, cursor: query.cursor });
    return { items: page.items.map((s) => StepDto.from(s)), nextCursor: page.nextCursor };
  }

  @Post('steps')
  @Idempotent({
    type: 'escalation-step',
    idOf: (step: StepDto) => step.id,
    reread: async (id, { get, actor, params }) =>
      StepDto.from(await get(EscalationStepsService).get(params.id!, id, actor)),
  })
  @ApiOperation({ summary: 'Add an escalation step (a legal deadline or an internal target)' })
  @ApiCreatedResponse({ type: StepDto })
  @ApiProblemResponses(
    {
      409: 'the complaint is resolved, closed or rejected',
      422:
        'immigration risk not confirmed (type urn:mc:problem:immigration-risk, with `warning`), unknown rule, ' +
        'rule of another country, or an assignee who cannot work on cases',
    },
    IDEMPOTENCY_PROBLEMS,
  )
  async create(
    @Param('id', new ParseIdPipe()) id: string,
    @Body() body: CreateStepDto,
    @CurrentUser() actor: UserActor,
    @CurrentRequestMeta() meta: RequestMeta,
  ): Promise<StepDto> {
    const step = await this.steps.create(
      id,
      {
        type: body.type,
        title: body.title ?? null,
        // null means no due date, like an absent dueAt (new Date(null) would be 1970).
        dueAt: body.dueAt !== undefined && body.dueAt !== null ? new Date(body.dueAt) : null,
        deadlineRuleId: body.deadlineRuleId ?? null,
        reminderOffsets: body.reminderOffsets,
        assigneeId: body.assigneeId?.toLowerCase() ?? null,
        confirmImmigrationRisk: body.confirmImmigrationRisk,
      },
      actor,
      meta,
    );
    return StepDto.from(step);
  }

  @Get('steps/:stepId')
  @ApiOperation({ summary: 'One escalation step' })
  @ApiOkResponse({ type: StepDto })
  async get(
    @Param('id', new ParseIdPipe()) id: string,
    @Param('stepId', new ParseIdPipe()) stepId: string,
    @CurrentUser() actor: UserActor,
  ): Promise<StepDto> {
    return StepDto.from(await this.steps.get(id, stepId, actor));
  }

  @Patch('steps/:stepId')
  @ApiOperation({ summary: 'Change a step: status, outcome, due date, reminders or assignee' })
  @ApiOkResponse({ type: StepDto })
  @ApiProblemResponses({
    409: 'Status change not allowed (`allowed` lists targets), stale version, or a finished complaint',
    422: 'dueAt of a legal step, or an assignee who cannot work on cases',
  })
  async update(
    @Param('id', new ParseIdPipe()) id: string,
    @Param('stepId', new ParseIdPipe()) stepId: string,
    @Body() body: UpdateStepDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() actor: UserActor,
    @CurrentRequestMeta() meta: RequestMeta,
  ): Promise<StepDto> {
    const { version, dueAt, assigneeId, ...rest } = body;
    const step = await this.steps.update(
      id,
      stepId,
      {
        ...rest,
        ...(dueAt !== undefined ? { dueAt: dueAt === null ? null : new Date(dueAt) } : {}),
        ...(assigneeId !== undefined ? { assigneeId: assigneeId?.toLowerCase() ?? null } : {}),
      },
      actor,
      meta,
      expectedVersion(ifMatch, version),
    );
    return StepDto.from(step);
  }

  @Post('playbook')
  @Idempotent({
    // A playbook applies once per complaint: the complaint id names its steps.
    type: 'complaint-playbook',
    idOf: (_result: PlaybookResultDto, params) => params.id!,
    reread: async (id, { get, actor }) => ({
      steps: (await get(PlaybookService).appliedSteps(id, actor)).map((s) => StepDto.from(s)),
    }),
  })
  @ApiOperation({ summary: "Create the usual steps for the complaint's country and categories" })
  @ApiCreatedResponse({ type: PlaybookResultDto })
  @ApiProblemResponses(
    {
      409: 'a playbook was already applied, or the complaint is finished',
      422: 'the playbook has an inspectorate step and the immigration risk is not confirmed',
    },
    IDEMPOTENCY_PROBLEMS,
  )
  async playbook(
    @Param('id', new ParseIdPipe()) id: string,
    @Body() body: ApplyPlaybookDto,
    @CurrentUser() actor: UserActor,
    @CurrentRequestMeta() meta: RequestMeta,
  ): Promise<PlaybookResultDto> {
    const steps = await this.playbooks.apply(id, { confirmImmigrationRisk: body.confirmImmigrationRisk }, actor, meta);
    return { steps: steps.map((s) => StepDto.from(s)) };
  }
}
