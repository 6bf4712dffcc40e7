import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ComplaintEmployerReferences, EmployerComplaintStatsService } from '@mc/complaints';
import { EmployersService } from '@mc/employers';
import {
  CASE_ROLES,
  COORDINATOR_ROLES,
  CurrentRequestMeta,
  CurrentUser,
  Roles,
  type RequestMeta,
  type UserActor,
} from '@mc/security';
import { ApiProblemResponses, IDEMPOTENCY_PROBLEMS } from '../http/api-problems.js';
import { Idempotent } from '../http/idempotency.decorator.js';
import { expectedVersion } from '../http/if-match.js';
import { PageQueryDto } from '../http/pagination.dto.js';
import { EmployerSearchQueryDto } from './employer-query.dto.js';
import { CreateEmployerDto, MergeEmployersDto, UpdateEmployerDto } from './employer-request.dto.js';
import {
  CreatedEmployerDto,
  DuplicatePageDto,
  DuplicatePairDto,
  EmployerDetailDto,
  EmployerDto,
  EmployerSearchItemDto,
  EmployerSearchPageDto,
  MergedEmployerDto,
} from './employer-response.dto.js';
import { ParseIdPipe } from '../http/parse-id.pipe.js';

const CASE_ROLES_AND_ANALYST = [...CASE_ROLES, 'analyst' as const];

@ApiTags('employers')
@ApiBearerAuth()
@ApiProblemResponses(400, 401)
@Controller('employers')
export class EmployersController {
  constructor(
    private readonly employers: EmployersService,
    private readonly complaintStats: EmployerComplaintStatsService,
    private readonly complaintReferences: ComplaintEmployerReferences,
  ) {}

  @Post()
  @Roles(...CASE_ROLES)
  @Idempotent({
    type: 'employer',
    idOf: (employer: CreatedEmployerDto) => employer.id,
    reread: async (id, { get, actor, meta }) =>
      CreatedEmployerDto.fromCreated(await get(EmployersService).getAsCreated(id, actor, meta)),
  })
  @ApiOperation({
    summary: 'Create an employer',
    description: 'A near-duplicate still gets 201, with possibleDuplicates listed.',
  })
  @ApiCreatedResponse({ type: CreatedEmployerDto })
  @ApiProblemResponses(403, { 422: 'parentEmployerId names no employer' }, IDEMPOTENCY_PROBLEMS)
  async create(
    @Body() body: CreateEmployerDto,
    @CurrentUser() actor: UserActor,
    @CurrentRequestMeta() meta: RequestMeta,
  ): Promise<CreatedEmployerDto> {
    return CreatedEmployerDto.fromCreated(await this.employers.create(body, actor, meta));
  }

  @Get()
  @Roles(...CASE_ROLES_AND_ANALYST)
  @ApiOperation({
    summary: 'Search or list employers',
    description:
      '`q` is fuzzy (typos, word order, Cyrillic and Latin) or an exact registry number; without it, by name.',
  })
  @ApiOkResponse({ type: EmployerSearchPageDto })
  async search(
    @Query() query: EmployerSearchQueryDto,
    @CurrentUser() actor: UserActor,
  ): Promise<EmployerSearchPageDto> {
    const page = await this.employers.search(
      { q: query.q, country: query.country, limit: query.limit, cursor: query.cursor },
      actor,
    );
    return { items: page.items.map((hit) => EmployerSearchItemDto.fromHit(hit)), nextCursor: page.nextCursor };
  }

  // Declared before ':id' so that "duplicates" is never taken for an id.
  @Get('duplicates')
  @Roles(...COORDINATOR_ROLES)
  @ApiOperation({
    summary: 'Likely duplicate employers',
    description: 'Pairs with the same registry number (score 1) or names with similarity ≥ 0.6.',
  })
  @ApiOkResponse({ type: DuplicatePageDto })
  @ApiProblemResponses(403)
  async duplicates(@Query() query: PageQueryDto): Promise<DuplicatePageDto> {
    const page = await this.employers.duplicates(query.limit, query.cursor);
    return { items: page.items.map((pair) => DuplicatePairDto.from(pair)), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Roles(...CASE_ROLES_AND_ANALYST)
  @ApiOperation({
    summary: 'One employer with complaint statistics',
    description:
      'A merged employer is kept as a redirect: its id answers 200 with the merge target ' +
      '(`redirectedFrom` = the requested id, `Content-Location: /api/v1/employers/<target>`).',
  })
  @ApiOkResponse({ type: EmployerDetailDto })
  @ApiProblemResponses({ 404: 'No such employer' })
  async get(
    @Param('id', new ParseIdPipe()) id: string,
    @CurrentUser() actor: UserActor,
    @CurrentRequestMeta() meta: RequestMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EmployerDetailDto> {
    const detail = await this.employers.get(id, actor, meta);
    // Two owners, composed here: the employer from @mc/employers, its complaint figures from @mc/complaints.
    const stats = await this.complaintStats.forEmployer(detail.employer.id);
    if (detail.redirectedFrom !== null)
      void reply.header('content-location', `/api/v1/employers/${detail.employer.id}`);
    return EmployerDetailDto.fromDetail(detail, stats);
  }

  @Patch(':id')
  @Roles(...CASE_ROLES_AND_ANALYST)
  @ApiOperation({
    summary: 'Change an employer',
    description: '`aliases` replaces the list; null clears an optional field.',
  })
  @ApiOkResponse({ type: EmployerDto })
  @ApiProblemResponses({
    403: 'Analysts may not change the kind or address of a household',
    404: 'No such employer',
    409: 'Stale version, or the employer was merged (`mergedIntoId`)',
    422: 'Unknown parent, or a parent link that would make a cycle',
  })
  async update(
    @Param('id', new ParseIdPipe()) id: string,
    @Body() body: UpdateEmployerDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() actor: UserActor,
    @CurrentRequestMeta() meta: RequestMeta,
  ): Promise<EmployerDto> {
    const { version, ...patch } = body;
    return EmployerDto.from(await this.employers.update(id, patch, actor, meta, expectedVersion(ifMatch, version)));
  }

  @Post(':id/merge')
  @HttpCode(200)
  @Roles(...COORDINATOR_ROLES)
  @ApiOperation({
    summary: 'Merge another employer into this one',
    description:
      'Complaints, intermediary links, aliases (and the source name as an alias) and child employers move here; ' +
      'the source stays as a redirect. Audited as employer.merge.',
  })
  @ApiOkResponse({ type: MergedEmployerDto })
  @ApiProblemResponses(403, {
    404: 'No such employer (this one or sourceId)',
    409: 'One of the two was already merged',
    422: 'sourceId is the employer itself',
  })
  async merge(
    @Param('id', new ParseIdPipe()) id: string,
    @Body() body: MergeEmployersDto,
    @CurrentUser() actor: UserActor,
    @CurrentRequestMeta() meta: RequestMeta,
  ): Promise<MergedEmployerDto> {
    return MergedEmployerDto.fromMerge(
      await this.employers.merge(id, body.sourceId, this.complaintReferences.moverFor(actor), actor, meta),
    );
  }
}
