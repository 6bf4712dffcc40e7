import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ComplaintNotesService, TimelineService } from '@mc/complaints';
import { CASE_ROLES, CurrentRequestMeta, CurrentUser, Roles, type RequestMeta, type UserActor } from '@mc/security';
import { ApiProblemResponses, IDEMPOTENCY_PROBLEMS } from '../http/api-problems.js';
import { Idempotent } from '../http/idempotency.decorator.js';
import { PageQueryDto } from '../http/pagination.dto.js';
import { CreateNoteDto } from './dto/complaint-actions.dto.js';
import { NoteDto, NoteListDto, TimelineDto, TimelineEventDto } from './dto/complaint.dto.js';
import { ParseIdPipe } from '../http/parse-id.pipe.js';

/** Notes and the timeline: what a caseworker reads first when picking up a case. */
@ApiTags('complaints')
@ApiBearerAuth()
@Roles(...CASE_ROLES)
@ApiProblemResponses(400, 401, 403, 404)
@Controller('complaints/:id')
export class ComplaintNotesController {
  constructor(
    private readonly notes: ComplaintNotesService,
    private readonly timeline: TimelineService,
  ) {}

  @Post('notes')
  @Idempotent({
    type: 'complaint-note',
    idOf: (note: NoteDto) => note.id,
    reread: async (id, { get, actor, params }) =>
      NoteDto.from(await get(ComplaintNotesService).get(params.id!, id, actor)),
  })
  @ApiOperation({ summary: 'Add a note (internal, or shown to the worker on the status page)' })
  @ApiCreatedResponse({ type: NoteDto })
  @ApiProblemResponses(IDEMPOTENCY_PROBLEMS)
  async addNote(
    @Param('id', new ParseIdPipe()) id: string,
    @Body() body: CreateNoteDto,
    @CurrentUser() actor: UserActor,
    @CurrentRequestMeta() meta: RequestMeta,
  ): Promise<NoteDto> {
    const note = await this.notes.add(id, { body: body.body, visibility: body.visibility ?? 'internal' }, actor, meta);
    return NoteDto.from(note);
  }

  @Get('notes')
  @ApiOperation({ summary: "The complaint's notes" })
  @ApiOkResponse({ type: NoteListDto, description: 'Oldest first' })
  async listNotes(
    @Param('id', new ParseIdPipe()) id: string,
    @Query() query: PageQueryDto,
    @CurrentUser() actor: UserActor,
  ): Promise<NoteListDto> {
    const page = await this.notes.list(id, { limit: query.limit, cursor: query.cursor }, actor);
    return { items: page.items.map((n) => NoteDto.from(n)), nextCursor: page.nextCursor };
  }

  @Get('timeline')
  @ApiOperation({ summary: "The complaint's timeline" })
  @ApiOkResponse({ type: TimelineDto, description: 'In the order it happened' })
  async timelineOf(
    @Param('id', new ParseIdPipe()) id: string,
    @Query() query: PageQueryDto,
    @CurrentUser() actor: UserActor,
  ): Promise<TimelineDto> {
    const page = await this.timeline.listInScope(id, actor, { limit: query.limit, cursor: query.cursor });
    return { items: page.items.map((e) => TimelineEventDto.from(e)), nextCursor: page.nextCursor };
  }
}
