import { Body, Controller, Get, GoneException, Headers, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { WorkersService } from '@mc/migrants';
import { CASE_ROLES, CurrentRequestMeta, CurrentUser, Roles, type RequestMeta, type UserActor } from '@mc/security';
import { ApiProblemResponses, IDEMPOTENCY_PROBLEMS } from '../http/api-problems.js';
import { expectedVersion } from '../http/if-match.js';
import { Idempotent } from '../http/idempotency.decorator.js';
import { CreateWorkerDto } from './dto/create-worker.dto.js';
import { ListWorkersQuery } from './dto/list-workers.query.js';
import { UpdateWorkerDto } from './dto/update-worker.dto.js';
import {
  ErasedWorkerDto,
  workerRecordDto,
  WorkerDto,
  WorkerPageDto,
  WorkerWithDuplicatesDto,
} from './dto/worker-response.dto.js';
import { ParseIdPipe } from '../http/parse-id.pipe.js';

const INTEGRITY_FAILURE = 'The stored record failed its integrity check (tampered or damaged)';
const CHANNEL_WITHOUT_CONTACT = 'consent.contactChannels names a channel without its contact field';

/** /workers: analysts get 403 on every route; a worker outside a caseworker's scope answers 404. */
@ApiTags('workers')
@ApiBearerAuth()
@Roles(...CASE_ROLES)
@ApiProblemResponses(400, 401, 403)
@Controller('workers')
export class WorkersController {
  constructor(private readonly workers: WorkersService) {}

  @Post()
  @Idempotent({
    type: 'worker',
    idOf: (worker: WorkerWithDuplicatesDto) => worker.id,
    reread: async (id, { get, actor, meta }) => {
      const worker = await get(WorkersService).getWithDuplicates(id, actor, meta);
      // The person was erased since: their identity is gone, and a replay must not bring it back.
      if ('erased' in worker) throw new GoneException('The worker created with this Idempotency-Key was erased');
      return WorkerWithDuplicatesDto.fromResult(worker);
    },
  })
  @ApiOperation({
    summary: 'Record a worker',
    description:
      'Personal fields are stored encrypted. A worker sharing a phone, email or Telegram handle with another ' +
      'still gets 201, with possibleDuplicates.',
  })
  @ApiCreatedResponse({ type: WorkerWithDuplicatesDto })
  @ApiProblemResponses(
    {
      404: 'A replay (same Idempotency-Key) whose worker is no longer in your scope',
      410: 'A replay whose worker was erased since',
      422: CHANNEL_WITHOUT_CONTACT,
    },
    IDEMPOTENCY_PROBLEMS,
  )
  async create(
    @Body() body: CreateWorkerDto,
    @CurrentUser() actor: UserActor,
    @CurrentRequestMeta() meta: RequestMeta,
  ): Promise<WorkerWithDuplicatesDto> {
    return WorkerWithDuplicatesDto.fromResult(await this.workers.create(body, actor, meta));
  }

  @Get()
  @ApiOperation({
    summary: 'Workers in your scope',
    description: 'Newest first; `q` searches by name or exact contact (audited).',
  })
  @ApiOkResponse({ type: WorkerPageDto })
  async list(
    @Query() query: ListWorkersQuery,
    @CurrentUser() actor: UserActor,
    @CurrentRequestMeta() meta: RequestMeta,
  ): Promise<WorkerPageDto> {
    return WorkerPageDto.from(
      await this.workers.list(actor, { q: query.q, limit: query.limit, cursor: query.cursor }, meta),
    );
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One worker, decrypted',
    description: 'Audited as worker.read. An erased worker is `{ id, erased: true }`.',
  })
  @ApiExtraModels(WorkerDto, ErasedWorkerDto)
  @ApiOkResponse({ schema: { oneOf: [{ $ref: getSchemaPath(WorkerDto) }, { $ref: getSchemaPath(ErasedWorkerDto) }] } })
  @ApiProblemResponses(404, { 500: INTEGRITY_FAILURE })
  async get(
    @Param('id', new ParseIdPipe()) id: string,
    @CurrentUser() actor: UserActor,
    @CurrentRequestMeta() meta: RequestMeta,
  ): Promise<WorkerDto | ErasedWorkerDto> {
    return workerRecordDto(await this.workers.get(id, actor, meta));
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a worker',
    description: 'null clears an optional field; If-Match or `version` makes the change conditional.',
  })
  @ApiOkResponse({ type: WorkerWithDuplicatesDto })
  @ApiProblemResponses(404, {
    409: 'Stale version (`currentVersion` says the current one), or the worker was erased',
    422: CHANNEL_WITHOUT_CONTACT,
    500: INTEGRITY_FAILURE,
  })
  async update(
    @Param('id', new ParseIdPipe()) id: string,
    @Body() body: UpdateWorkerDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() actor: UserActor,
    @CurrentRequestMeta() meta: RequestMeta,
  ): Promise<WorkerWithDuplicatesDto> {
    const { version, ...patch } = body;
    return WorkerWithDuplicatesDto.fromResult(
      await this.workers.update(id, patch, actor, meta, expectedVersion(ifMatch, version)),
    );
  }
}
