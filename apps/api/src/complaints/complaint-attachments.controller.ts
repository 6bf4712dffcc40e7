import type {} from '@fastify/multipart';
import {
  BadRequestException,
  Controller,
  Get,
  Param,
  PayloadTooLargeException,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiGoneResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ALLOWED_ATTACHMENT_TYPES, ComplaintAttachmentsService, MAX_ATTACHMENT_BYTES } from '@mc/complaints';
import { CASE_ROLES, CurrentRequestMeta, CurrentUser, Roles, type RequestMeta, type UserActor } from '@mc/security';
import { PageQueryDto } from '../http/pagination.dto.js';
import { attachmentDisposition } from './content-disposition.js';
import { AttachmentUploadQuery } from './dto/complaint-actions.dto.js';
import { AttachmentDto, AttachmentListDto } from './dto/complaint.dto.js';
import { ParseIdPipe } from '../http/parse-id.pipe.js';

/** Multipart parser errors that mean "too much". */
const TOO_LARGE_CODES = new Set(['FST_REQ_FILE_TOO_LARGE', 'FST_FILES_LIMIT', 'FST_PARTS_LIMIT', 'FST_FIELDS_LIMIT']);

@ApiTags('complaints')
@ApiBearerAuth()
@Roles(...CASE_ROLES)
@Controller('complaints/:id/attachments')
export class ComplaintAttachmentsController {
  constructor(private readonly attachments: ComplaintAttachmentsService) {}

  @Post()
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } },
  })
  @ApiCreatedResponse({ type: AttachmentDto })
  @ApiConflictResponse({ description: 'The worker the document would belong to was erased' })
  @ApiUnprocessableEntityResponse({ description: 'workerId is not a worker of this complaint' })
  @ApiPayloadTooLargeResponse({ description: `Over ${MAX_ATTACHMENT_BYTES / (1024 * 1024)} MiB` })
  @ApiUnsupportedMediaTypeResponse({ description: `Content is not one of ${ALLOWED_ATTACHMENT_TYPES.join(', ')}` })
  async upload(
    @Param('id', new ParseIdPipe()) id: string,
    @Query() query: AttachmentUploadQuery,
    @Req() request: FastifyRequest,
    @CurrentUser() actor: UserActor,
    @CurrentRequestMeta() meta: RequestMeta,
  ): Promise<AttachmentDto> {
    if (!request.isMultipart()) throw new UnsupportedMediaTypeException('Send the file as multipart/form-data');
    let part;
    try {
      part = await request.file();
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (TOO_LARGE_CODES.has(code)) throw new PayloadTooLargeException('The upload has too many or too large parts');
      throw new BadRequestException('The multipart body could not be read');
    }
    if (!part) throw new BadRequestException('The request holds no file');
    const file = part.file;
    const view = await this.attachments.upload(
      id,
      { stream: file, fileName: part.filename, truncated: () => file.truncated },
      actor,
      meta,
      query.workerId,
    );
    return AttachmentDto.from(view);
  }

  @Get()
  @ApiOkResponse({ type: AttachmentListDto, description: 'Oldest first' })
  async list(
    @Param('id', new ParseIdPipe()) id: string,
    @Query() query: PageQueryDto,
    @CurrentUser() actor: UserActor,
  ): Promise<AttachmentListDto> {
    const page = await this.attachments.list(id, { limit: query.limit, cursor: query.cursor }, actor);
    return { items: page.items.map((a) => AttachmentDto.from(a)), nextCursor: page.nextCursor };
  }

  /**
   * Always a download (`Content-Disposition: attachment`, `nosniff`, a sandboxing CSP): an
   * uploaded file is never rendered inline from the API's origin.
   */
  @Get(':attachmentId')
  @ApiProduces(...ALLOWED_ATTACHMENT_TYPES)
  @ApiOkResponse({ description: 'The file, decrypted and integrity-checked' })
  @ApiGoneResponse({ description: 'The worker the document belonged to was erased' })
  async download(
    @Param('id', new ParseIdPipe()) id: string,
    @Param('attachmentId', new ParseIdPipe()) attachmentId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentUser() actor: UserActor,
    @CurrentRequestMeta() meta: RequestMeta,
  ): Promise<StreamableFile> {
    const { attachment, content } = await this.attachments.download(id, attachmentId, actor, meta);
    const type = attachment.contentType === 'text/plain' ? 'text/plain; charset=utf-8' : attachment.contentType;
    void reply
      .header('content-type', type)
      .header('content-disposition', attachmentDisposition(attachment.fileName))
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, no-store');
    return new StreamableFile(content, { length: content.length });
  }
}
