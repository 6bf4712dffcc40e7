import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditService, Roles } from '@mc/security';
import { ApiProblemResponses } from '../http/api-problems.js';
import { AuditEventDto, AuditListDto, AuditQueryDto, AuditVerifyDto } from './audit.dto.js';

@ApiTags('audit')
@ApiBearerAuth()
@ApiProblemResponses(401, 403)
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Audit events, filtered by entity, actor or time' })
  @ApiOkResponse({ type: AuditListDto, description: 'Newest first' })
  @ApiProblemResponses(400)
  async list(@Query() query: AuditQueryDto): Promise<AuditListDto> {
    const page = await this.audit.list(
      {
        entityType: query.entityType,
        entityId: query.entityId,
        actorId: query.actorId,
        from: query.from !== undefined ? new Date(query.from) : undefined,
        to: query.to !== undefined ? new Date(query.to) : undefined,
      },
      { limit: query.limit, cursor: query.cursor },
    );
    return { items: page.items.map((e) => AuditEventDto.from(e)), nextCursor: page.nextCursor };
  }

  @Get('verify')
  @Roles('admin')
  @ApiOperation({ summary: "Verify the audit log's hash chain" })
  @ApiOkResponse({ type: AuditVerifyDto, description: 'Walks the whole hash chain' })
  async verify(): Promise<AuditVerifyDto> {
    return this.audit.verify();
  }
}
