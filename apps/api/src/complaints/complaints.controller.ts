import { Body, Controller, Get, Headers, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ComplaintsService, type ComplaintView } from '@mc/complaints';
import { TriageHintsService } from '@mc/intake';
import { CASE_ROLES, CurrentRequestMeta, CurrentUser, Roles, type RequestMeta, type UserActor } from '@mc/security';
import { ApiProblemResponses, IDEMPOTENCY_PROBLEMS } from '../http/api-problems.js';
import { expectedVersion } from '../http/if-match.js';
import { Idempotent } from '../http/idempotency.decorator.js';
import { ComplaintDto, ComplaintListDto } from './dto/complaint.dto.js';
import { CreateComplaintDto } from './dto/create-complaint.dto.js';
import { ListComplaintsQuery } from './dto/list-complaints.query.js';
import { UpdateComplaintDto } from './dto/update-complaint.dto.js';
import { ParseIdPipe } from '../http/parse-id.pipe.js';

/** Complaints a migrant filed without a caseworker, while someone still has to look at them. */
function needsTriageHints(view: ComplaintView): boolean {
  return (
    (view.source === 'public_intake' || view.source === 'telegram') &&
    (view.status === 'new' || view.status === 'triage')
  );
}

@ApiTags('complaints')
@ApiBearerAuth()
@Roles(...CASE_ROLES)
@ApiProblemResponses(400, 401, 403)
@Controller('complaints')
export class ComplaintsController {
  constructor(
    private readonly complaints: ComplaintsService,
    private readonly triage: TriageHintsService,
  ) {}

  /** The complaints with their triage hints, where they have any to give (self-filed, not yet triaged). */
  private async withHints(views: readonly ComplaintView[], actor: UserActor): Promise<ComplaintDto[]> {
    const triaged = views.filter(needsTriageHints).map((view) => view.id);
    const hints = await this.triage.hintsFor(triaged, actor);
    return views.map((view) => ComplaintDto.from(view, hints.get(view.id)));
  }

  @Post()
  @Idempotent({
    type: 'complaint',
    idOf: (complaint: ComplaintDto) => complaint.id,
    reread: async (id, { get, actor }) => ComplaintDto.from(await get(ComplaintsService).get(id, actor)),
  })
  @ApiOperation({
    summary: 'File a complaint',
    description: 'Its statutory deadlines follow from `keyDates`, `countryOfWork` and `region` at once.',
  })
  @ApiCreatedResponse({ type: ComplaintDto })
  @ApiProblemResponses(
    {
      404: 'a replay (same Idempotency-Key) whose complaint is no longer in your scope',
      422:
        'a worker, employer or intermediary id is unknown, out of your scope, erased, or its merge cannot be followed; ' +
        'or a deadline rule had no version in force on the key date',
    },
    IDEMPOTENCY_PROBLEMS,
  )
  async create(
    @Body() body: CreateComplaintDto,
    @CurrentUser() actor: UserActor,
    @CurrentRequestMeta() meta: RequestMeta,
  ): Promise<ComplaintDto> {
    return ComplaintDto.from(await this.complaints.create(body, actor, meta));
  }

  @Get()
  @ApiOperation({ summary: 'Complaints in your scope, filtered' })
  @ApiOkResponse({ type: ComplaintListDto, description: 'Newest first; only complaints in your scope' })
  async list(@Query() query: ListComplaintsQuery, @CurrentUser() actor: UserActor): Promise<ComplaintListDto> {
    const { limit, cursor, ...filters } = query;
    const page = await this.complaints.list(filters, { limit, cursor }, actor);
    return { items: await this.withHints(page.items, actor), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One complaint' })
  @ApiOkResponse({ type: ComplaintDto })
  @ApiProblemResponses(404)
  async get(@Param('id', new ParseIdPipe()) id: string, @CurrentUser() actor: UserActor): Promise<ComplaintDto> {
    const [dto] = await this.withHints([await this.complaints.get(id, actor)], actor);
    return dto!;
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a complaint; its deadlines are recomputed when key dates or place change' })
  @ApiOkResponse({ type: ComplaintDto })
  @ApiProblemResponses(404, {
    409: 'Stale version (If-Match or body version)',
    422: 'A deadline rule cannot be applied to the new dates (no version in force)',
  })
  async update(
    @Param('id', new ParseIdPipe()) id: string,
    @Body() body: UpdateComplaintDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() actor: UserActor,
    @CurrentRequestMeta() meta: RequestMeta,
  ): Promise<ComplaintDto> {
    const { version, ...patch } = body;
    return ComplaintDto.from(await this.complaints.update(id, patch, actor, meta, expectedVersion(ifMatch, version)));
  }
}
