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
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ALLOWED_ATTACHMENT_TYPES, ComplaintAttachmentsService, MAX_ATTACHMENT_BYTES } from '@mc/complaints';
import { CASE_ROLES, CurrentRequestMeta, CurrentUser, Roles, type RequestMeta, type UserActor } from '@mc/security';
import { ApiProblemResponses } from '../http/api-problems.js';
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
@ApiProblemResponses(400, 401, 403, 404)
@Controller('complaints/:id/attachments')
export class ComplaintAttachmentsController {
  constructor(private readonly attachments: ComplaintAttachmentsService) {}

  @Post()
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } },
  })
  @ApiOperation({ summary: 'Upload a document (multipart; stored encrypted)' })
  @ApiCreatedResponse({ type: AttachmentDto })
  @ApiProblemResponses({
    400: 'A malformed id or workerId, no file, an empty file, or a body cut off before the file was complete',
    409: 'The worker the document would belong to was erased',
    413: `Over ${MAX_ATTACHMENT_BYTES / (1024 * 1024)} MiB`,
    415: `Not multipart, or the content is not one of ${ALLOWED_ATTACHMENT_TYPES.join(', ')}`,
    422: 'workerId is not a worker of this complaint',
  })
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
  @ApiOperation({ summary: "The complaint's documents" })
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
  @ApiOperation({ summary: 'Download a document' })
  @ApiOkResponse({ description: 'The file, decrypted and integrity-checked' })
  @ApiProblemResponses({
    410: 'The worker the document belonged to was erased',
    500: 'The stored file is missing or failed its integrity check',
  })
  async download(
    @Param('id', new ParseIdPipe()) id: string,
    @Param('attachmentId', new ParseIdPipe()) attachmentId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentUser() actor: UserActor,
    @CurrentRequestMeta() meta: RequestMeta,
  ): Promise<StreamableFile> {
    const { attachment, content, length } = await this.attachments.download(id, attachmentId, actor, meta);
    const type = attachment.contentType === 'text/plain' ? 'text/plain; charset=utf-8' : attachment.contentType;
    void reply
      .header('content-type', type)
      .header('content-disposition', attachmentDisposition(attachment.fileName))
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, no-store');
    // Streamed, never buffered; should the file fail its check mid-way (it changed on disk since
    // it was verified), the response is cut off rather than ended, so it cannot pass as complete.
    return new StreamableFile(content, { length });
  }
}
