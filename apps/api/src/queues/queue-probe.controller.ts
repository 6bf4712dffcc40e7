import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, ServiceUnavailableException } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { QueueProbeService, QueueUnavailableError } from '@mc/queue';
import { CurrentUser, RecordNotFoundError, Roles, type UserActor } from '@mc/security';
import { ApiProblemResponses } from '../http/api-problems.js';
import { CreateQueueProbeDto, QueueProbeAcceptedDto, QueueProbeDto } from './queue-probe.dto.js';
import { ParseIdPipe } from '../http/parse-id.pipe.js';

/** An operator's end-to-end check of the job pipeline: enqueue a probe, then watch it turn `done`. */
@ApiTags('operations')
@ApiBearerAuth()
@Roles('admin')
@ApiProblemResponses(400, 401, 403)
@Controller('admin/queue-probes')
export class QueueProbeController {
  constructor(private readonly probes: QueueProbeService) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Start a queue probe: a job that runs through the queue and the worker' })
  @ApiAcceptedResponse({ type: QueueProbeAcceptedDto, description: 'The probe job is queued' })
  @ApiProblemResponses({ 503: 'Redis did not accept the job' })
  async create(@Body() body: CreateQueueProbeDto, @CurrentUser() actor: UserActor): Promise<QueueProbeAcceptedDto> {
    try {
      const probe = await this.probes.create({ holdMs: body.holdMs, requestedBy: actor.userId });
      return { id: probe.id, status: probe.status };
    } catch (error) {
      if (error instanceof QueueUnavailableError) throw new ServiceUnavailableException('The job queue is unavailable');
      throw error;
    }
  }

  @Get(':id')
  @ApiOperation({ summary: 'The state of a queue probe' })
  @ApiOkResponse({ type: QueueProbeDto })
  @ApiProblemResponses({ 404: 'No such probe' })
  async get(@Param('id', new ParseIdPipe()) id: string): Promise<QueueProbeDto> {
    const probe = await this.probes.find(id);
    if (!probe) throw new RecordNotFoundError('Queue probe');
    return QueueProbeDto.from(probe);
  }
}
