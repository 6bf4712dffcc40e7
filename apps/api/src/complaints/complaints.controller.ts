import { Body, Controller, Get, Headers, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ComplaintsService } from '@mc/complaints';
import { CASE_ROLES, CurrentRequestMeta, CurrentUser, Roles, type RequestMeta, type UserActor } from '@mc/security';
import { expectedVersion } from '../http/if-match.js';
import { Idempotent } from '../http/idempotency.decorator.js';
import { ComplaintDto, ComplaintListDto } from './dto/complaint.dto.js';
import { CreateComplaintDto } from './dto/create-complaint.dto.js';
import { ListComplaintsQuery } from './dto/list-complaints.query.js';
import { UpdateComplaintDto } from './dto/update-complaint.dto.js';
import { ParseIdPipe } from '../http/parse-id.pipe.js';

@ApiTags('complaints')
@ApiBearerAuth()
@Roles(...CASE_ROLES)
@Controller('complaints')
export class ComplaintsController {
  constructor(private readonly complaints: ComplaintsService) {}

  @Post()
  @Idempotent({
    type: 'complaint',
    idOf: (complaint: ComplaintDto) => complaint.id,
    reread: async (id, { get, actor }) => ComplaintDto.from(await get(ComplaintsService).get(id, actor)),
  })
  @ApiCreatedResponse({ type: ComplaintDto })
  @ApiUnprocessableEntityResponse({
    description:
      'A worker, employer or intermediary id is unknown, out of your scope, erased, or its merge cannot be followed',
  })
  async create(
    @Body() body: CreateComplaintDto,
    @CurrentUser() actor: UserActor,
    @CurrentRequestMeta() meta: RequestMeta,
  ): Promise<ComplaintDto> {
    return ComplaintDto.from(await this.complaints.create(body, actor, meta));
  }

  @Get()
  @ApiOkResponse({ type: ComplaintListDto, description: 'Newest first; only complaints in your scope' })
  async list(@Query() query: ListComplaintsQuery, @CurrentUser() actor: UserActor): Promise<ComplaintListDto> {
    const { limit, cursor, ...filters } = query;
    const page = await this.complaints.list(filters, { limit, cursor }, actor);
    return { items: page.items.map((c) => ComplaintDto.from(c)), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOkResponse({ type: ComplaintDto })
  async get(@Param('id', new ParseIdPipe()) id: string, @CurrentUser() actor: UserActor): Promise<ComplaintDto> {
    return ComplaintDto.from(await this.complaints.get(id, actor));
  }

  @Patch(':id')
  @ApiOkResponse({ type: ComplaintDto })
  @ApiConflictResponse({ description: 'Stale version (If-Match or body version)' })
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
