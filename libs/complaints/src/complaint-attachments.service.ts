import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  BadRequestException,
  Inject,
  Injectable,
  InternalServerErrorException,
  Logger,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@mc/config';
import { isUuid, newId } from '@mc/database';
import {
  AuditService,
  DecryptionError,
  RecordNotFoundException,
  createEncryptStream,
  decryptFileToBuffer,
  type RequestMeta,
  type UserActor,
} from '@mc/security';
import {
  ALLOWED_ATTACHMENT_TYPES,
  AttachmentInspector,
  MAX_ATTACHMENT_BYTES,
  cleanAttachmentFileName,
  sniffAttachmentType,
} from './attachment-content.js';
import { ComplaintAccessService } from './complaint-access.service.js';
import { ComplaintAttachment } from './complaint-attachment.entity.js';
import { ComplaintCipherService, complaintAad } from './complaint-cipher.service.js';
import type { PageRequest } from './complaint-inputs.js';
import { TimelineService } from './timeline.service.js';

export interface AttachmentView {
  readonly id: string;
  readonly complaintId: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly sizeBytes: number;
  readonly uploadedBy: string | null;
  readonly createdAt: Date;
}

export interface AttachmentPage {
  items: AttachmentView[];
  nextCursor: string | null;
}

/** An upload as the HTTP layer hands it over: the file's bytes as a stream, read once. */
export interface AttachmentUpload {
  readonly stream: Readable;
  /** As the client named it; may name the person, so it is stored encrypted. */
  readonly fileName: string | undefined;
  /** True when the stream was cut at the size limit (checked after it ended). */
  readonly truncated: () => boolean;
}

export interface AttachmentDownload {
  readonly attachment: AttachmentView;
  /** Decrypted and authenticated (GCM tag verified) before it is returned. */
  readonly content: Buffer;
}

/**
 * Evidence files. Stored under STORAGE_DIR encrypted with the complaint's data key (AES-256-GCM
 * stream, AAD bound to the attachment id), written to a temporary file and renamed into place only
 * once complete and accepted, so a half-written or refused upload never appears as a file. The
 * content type is sniffed from the bytes; the client's claim is ignored.
 */
@Injectable()
export class ComplaintAttachmentsService {
  private readonly logger = new Logger(ComplaintAttachmentsService.name);
  private readonly storageDir: string;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly access: ComplaintAccessService,
    private readonly cipher: ComplaintCipherService,
    private readonly timeline: TimelineService,
    private readonly audit: AuditService,
  ) {
    this.storageDir = resolve(config.storageDir);
  }

  /** Checks scope before reading a byte of the upload; 413 over 20 MiB, 415 for other content. */
  async upload(
    complaintId: string,
    upload: AttachmentUpload,
    actor: UserActor,
    meta: RequestMeta = {},
  ): Promise<AttachmentView> {
    const complaint = await this.access.findInScope(this.db.manager, complaintId, actor);
    const key = this.cipher.openKey(complaint);
    const id = newId();
    const storageKey = ['complaints', complaintId, `${id}.mce`].join('/');
    const finalPath = this.pathOf(storageKey);
    const tempPath = `${finalPath}.${process.pid}.tmp`;
    await mkdir(join(this.storageDir, 'complaints', complaintId), { recursive: true, mode: 0o700 });

    const inspector = new AttachmentInspector();
    try {
      await pipeline(
        upload.stream,
        inspector,
        createEncryptStream(key, complaintAad.attachmentFile(id)),
        createWriteStream(tempPath, { flags: 'wx', mode: 0o600 }),
      );
    } catch (error) {
      await rm(tempPath, { force: true });
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
      // The client's body ended (or broke) mid-file: its fault, nothing was stored.
      if (upload.stream.errored) throw new BadRequestException('The upload ended before the file was complete');
      throw error;
    }

    let stored = false;
    try {
      if (upload.truncated() || inspector.size > MAX_ATTACHMENT_BYTES) throw tooLarge();
      if (inspector.size === 0) throw new BadRequestException('The file is empty');
      const contentType = await sniffAttachmentType(inspector.head, inspector.isText);
      if (contentType === null) {
        throw new UnsupportedMediaTypeException(
          `This kind of file is not accepted; allowed: ${ALLOWED_ATTACHMENT_TYPES.join(', ')}`,
        );
      }
      await rename(tempPath, finalPath);
      stored = true;

      const fileName = cleanAttachmentFileName(upload.fileName);
      return await this.db.transaction(async (manager) => {
        const row = manager.create(ComplaintAttachment, {
          id,
          complaintId,
          uploadedBy: actor.userId,
          fileNameEnc: this.cipher.encrypt(key, fileName, complaintAad.attachmentFileName(id)),
          contentType,
          sizeBytes: inspector.size,
          storageKey,
          createdAt: new Date(),
        });
        await manager.insert(ComplaintAttachment, row);
        const data = { attachmentId: id, contentType, sizeBytes: inspector.size };
        await this.timeline.record(manager, complaintId, actor, 'attachment.added', data);
        await this.audit.record(
          {
            actor,
            action: 'attachment.upload',
            entityType: 'complaint_attachment',
            entityId: id,
            meta,
            details: { complaintId, ...data },
          },
          manager,
        );
        return this.toView(row, fileName);
      });
    } catch (error) {
      // Refused or not recorded: no file may stay behind without its row.
      await rm(stored ? finalPath : tempPath, { force: true });
      throw error;
    }
  }

  /** Oldest first; the cursor is the last attachment id of the previous page. */
  async list(complaintId: string, page: PageRequest, actor: UserActor): Promise<AttachmentPage> {
    const complaint = await this.access.findInScope(this.db.manager, complaintId, actor);
    const qb = this.db
      .getRepository(ComplaintAttachment)
      .createQueryBuilder('a')
      .where('a.complaintId = :complaintId', { complaintId })
      .orderBy('a.id', 'ASC')
      .limit(page.limit + 1);
    if (page.cursor !== undefined) {
      if (!isUuid(page.cursor)) throw new BadRequestException('The cursor is not valid');
      qb.andWhere('a.id > :cursor', { cursor: page.cursor });
    }
    const rows = await qb.getMany();
    const pageRows = rows.slice(0, page.limit);
    const key = pageRows.length > 0 ? this.cipher.openKey(complaint) : null;
    const items = pageRows.map((a) =>
      this.toView(a, this.cipher.decrypt(key!, a.fileNameEnc, complaintAad.attachmentFileName(a.id))!),
    );
    return { items, nextCursor: rows.length > page.limit ? pageRows[pageRows.length - 1]!.id : null };
  }

  /** The whole file, authenticated before anything is returned; every download is audited. */
  async download(
    complaintId: string,
    attachmentId: string,
    actor: UserActor,
    meta: RequestMeta = {},
  ): Promise<AttachmentDownload> {
    const complaint = await this.access.findInScope(this.db.manager, complaintId, actor);
    const row = await this.db.getRepository(ComplaintAttachment).findOneBy({ id: attachmentId, complaintId });
    if (!row) throw new RecordNotFoundException('Attachment');
    const key = this.cipher.openKey(complaint);
    let content: Buffer;
    try {
      content = await decryptFileToBuffer(this.pathOf(row.storageKey), key, complaintAad.attachmentFile(row.id), {
        maxBytes: MAX_ATTACHMENT_BYTES,
      });
    } catch (error) {
      if (error instanceof DecryptionError || (error as { code?: string }).code === 'ENOENT') {
        // Ids only: the stored file is missing or was altered on disk.
        this.logger.error(
          { attachmentId: row.id, reason: (error as { code?: string }).code ?? 'decrypt' },
          'Attachment unreadable',
        );
        throw new InternalServerErrorException('The stored file is missing or failed its integrity check');
      }
      throw error;
    }
    await this.audit.record({
      actor,
      action: 'attachment.download',
      entityType: 'complaint_attachment',
      entityId: row.id,
      meta,
      details: { complaintId },
    });
    const fileName = this.cipher.decrypt(key, row.fileNameEnc, complaintAad.attachmentFileName(row.id))!;
    return { attachment: this.toView(row, fileName), content };
  }

  /** Absolute path of a storage key; refuses anything that would leave STORAGE_DIR. */
  private pathOf(storageKey: string): string {
    const path = resolve(this.storageDir, storageKey);
    const rel = relative(this.storageDir, path);
    if (rel.startsWith('..') || rel.startsWith(sep) || rel === '') throw new Error('Storage key outside STORAGE_DIR');
    return path;
  }

  private toView(row: ComplaintAttachment, fileName: string): AttachmentView {
    return {
      id: row.id,
      complaintId: row.complaintId,
      fileName,
      contentType: row.contentType,
      sizeBytes: row.sizeBytes,
      uploadedBy: row.uploadedBy,
      createdAt: row.createdAt,
    };
  }
}

function tooLarge(): PayloadTooLargeException {
  return new PayloadTooLargeException(`The file is larger than ${MAX_ATTACHMENT_BYTES / (1024 * 1024)} MiB`);
}
