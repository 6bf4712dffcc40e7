import type { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { isUuid, newId, fetchSizeFor, pageOf } from '@mc/database';
import { AuditService, DecryptionError, RecordNotFoundError, type RequestMeta, type UserActor } from '@mc/security';
import { EncryptedStorage, StorageObjectNotFoundError, chain } from '@mc/storage';
import { WorkerKeysService } from '@mc/migrants';
import { ComplaintError } from './complaint-errors.js';
import {
  ALLOWED_ATTACHMENT_TYPES,
  AttachmentInspector,
  MAX_ATTACHMENT_BYTES,
  cleanAttachmentFileName,
  type AttachmentContentType,
  sniffAttachmentType,
} from './attachment-content.js';
import { ComplaintAccessService } from './complaint-access.service.js';
import { ComplaintAttachment } from './complaint-attachment.entity.js';
import { ComplaintCipherService, complaintAad, type ComplaintKeyColumns } from './complaint-cipher.service.js';
import type { PageRequest } from './complaint-inputs.js';
import { TimelineService } from './timeline.service.js';

export interface AttachmentView {
  readonly id: string;
  readonly complaintId: string;
  /** Whose document it is (null: uploaded before documents had an owner). */
  readonly workerId: string | null;
  /** Null when its owner was erased: the name was encrypted under their key, which is gone. */
  readonly fileName: string | null;
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
  readonly attachment: AttachmentView & { readonly fileName: string };
  /**
   * The plaintext, streamed from storage. The whole file was authenticated (GCM tag verified)
   * before this was returned; the stream errors if the file changed since.
   */
  readonly content: Readable;
  /** Bytes of `content`. */
  readonly length: number;
}

/**
 * Evidence files. Each is one person's document (a payslip, a passport photo): kept in the
 * file store (`@mc/storage`) encrypted with that worker's data key (AES-256-GCM stream, AAD bound
 * to the attachment id), so erasing the person makes it unreadable. The store makes an object
 * visible only once complete and accepted, so a half-written or refused upload never appears as
 * a file. The content type is sniffed from the bytes; the client's claim is ignored. Files from
 * before documents had an owner (`worker_id` null) stay under the complaint's key. No file is
 * held in memory, upload or download.
 */
@Injectable()
export class ComplaintAttachmentsService {
  private readonly logger = new Logger(ComplaintAttachmentsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly storage: EncryptedStorage,
    private readonly access: ComplaintAccessService,
    private readonly cipher: ComplaintCipherService,
    private readonly timeline: TimelineService,
    private readonly audit: AuditService,
    private readonly workerKeys: WorkerKeysService,
  ) {}

  /**
   * Checks scope and owner before reading a byte of the upload; 413 over 20 MiB, 415 for other
   * content. `workerId` says whose document it is; it may be left out when the complaint concerns
   * one worker only.
   */
  async upload(
    complaintId: string,
    upload: AttachmentUpload,
    actor: UserActor,
    meta: RequestMeta = {},
    workerId?: string,
  ): Promise<AttachmentView> {
    await this.access.findInScope(this.db.manager, complaintId, actor);
    const ownerId = await this.documentOwner(this.db.manager, complaintId, workerId);
    const stored = await this.workerKeys.withKey(this.db.manager, ownerId, (key) =>
      this.store(complaintId, ownerId, key, upload, actor, meta),
    );
    if (stored.kind !== 'ok')
      throw new ComplaintError('attachment.worker-erased', 'The worker this document would belong to was erased');
    return stored.value;
  }

  /** The owner of a new document: the one named, who must be a worker of the complaint, or its only worker. */
  private async documentOwner(manager: EntityManager, complaintId: string, requested?: string): Promise<string> {
    const rows = (await manager.query(
      `SELECT worker_id FROM complaint_workers WHERE complaint_id = $1 ORDER BY worker_id`,
      [complaintId],
    )) as Array<{ worker_id: string }>;
    const workers = rows.map((r) => r.worker_id);
    if (requested !== undefined) {
      const id = requested.toLowerCase();
      if (!workers.includes(id))
        throw new ComplaintError('attachment.worker-not-on-complaint', 'workerId is not a worker of this complaint');
      return id;
    }
    if (workers.length === 1) return workers[0]!;
    throw new ComplaintError(
      'attachment.owner-ambiguous',
      `This complaint concerns ${workers.length} workers: say whose document this is with ?workerId=`,
    );
  }

  private async store(
    complaintId: string,
    workerId: string,
    key: Buffer,
    upload: AttachmentUpload,
    actor: UserActor,
    meta: RequestMeta,
  ): Promise<AttachmentView> {
    const id = newId();
    const storageKey = ['complaints', complaintId, `${id}.mce`].join('/');
    const inspector = new AttachmentInspector();
    let contentType: AttachmentContentType | null = null;
    // Refusals are decided once the whole file has streamed past, before the store commits it.
    const accept = async (): Promise<void> => {
      if (upload.truncated() || inspector.size > MAX_ATTACHMENT_BYTES) throw tooLarge();
      if (inspector.size === 0) throw new ComplaintError('attachment.empty', 'The file is empty');
      contentType = await sniffAttachmentType(inspector.head, inspector.isText);
      if (contentType === null) {
        throw new ComplaintError(
          'attachment.type-not-accepted',
          `This kind of file is not accepted; allowed: ${ALLOWED_ATTACHMENT_TYPES.join(', ')}`,
        );
      }
    };
    try {
      await this.storage.put(
        storageKey,
        chain(upload.stream, inspector),
        { dataKey: key, aad: complaintAad.attachmentFile(id) },
        { beforeCommit: accept },
      );
    } catch (error) {
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
      // The client's body ended (or broke) mid-file: its fault, nothing was stored.
      if (upload.stream.errored)
        throw new ComplaintError('attachment.upload-incomplete', 'The upload ended before the file was complete', {
          cause: error,
        });
      throw error;
    }

    try {
      const fileName = cleanAttachmentFileName(upload.fileName);
      return await this.db.transaction(async (manager) => {
        const row = manager.create(ComplaintAttachment, {
          id,
          complaintId,
          workerId,
          uploadedBy: actor.userId,
          fileNameEnc: this.cipher.encrypt(key, fileName, complaintAad.attachmentFileName(id)),
          contentType: contentType!,
          sizeBytes: inspector.size,
          storageKey,
          createdAt: new Date(),
        });
        await manager.insert(ComplaintAttachment, row);
        const data = { attachmentId: id, workerId, contentType: contentType!, sizeBytes: inspector.size };
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
      // Not recorded: no file may stay behind without its row.
      await this.storage.delete(storageKey);
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
      .limit(fetchSizeFor(page.limit));
    if (page.cursor !== undefined) {
      if (!isUuid(page.cursor)) throw new ComplaintError('attachment.invalid-cursor', 'The cursor is not valid');
      qb.andWhere('a.id > :cursor', { cursor: page.cursor });
    }
    const found = pageOf(await qb.getMany(), page.limit, (last) => last.id);
    const names = await this.fileNames(complaint, found.items);
    return { items: found.items.map((a) => this.toView(a, names.get(a.id) ?? null)), nextCursor: found.nextCursor };
  }

  /** File names of a page, each under its owner's key (opened once per owner); erased owners' stay unread. */
  private async fileNames(complaint: ComplaintKeyColumns, rows: ComplaintAttachment[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    const decryptWith = (key: Buffer, of: ComplaintAttachment[]) => {
      for (const a of of)
        names.set(a.id, this.cipher.decrypt(key, a.fileNameEnc, complaintAad.attachmentFileName(a.id))!);
    };
    const legacy = rows.filter((a) => a.workerId === null);
    if (legacy.length > 0) decryptWith(this.cipher.openKey(complaint), legacy);
    for (const workerId of new Set(rows.map((a) => a.workerId).filter((id): id is string => id !== null))) {
      const owned = rows.filter((a) => a.workerId === workerId);
      await this.workerKeys.withKey(this.db.manager, workerId, (key) => decryptWith(key, owned));
    }
    return names;
  }

  /** The file as a stream, authenticated before anything is returned; every download is audited. */
  async download(
    complaintId: string,
    attachmentId: string,
    actor: UserActor,
    meta: RequestMeta = {},
  ): Promise<AttachmentDownload> {
    const complaint = await this.access.findInScope(this.db.manager, complaintId, actor);
    const row = await this.db.getRepository(ComplaintAttachment).findOneBy({ id: attachmentId, complaintId });
    if (!row) throw new RecordNotFoundError('Attachment');
    const read = (key: Buffer) => this.openFile(row, key);
    let file: { content: Readable; length: number; fileName: string };
    if (row.workerId === null) {
      file = await read(this.cipher.openKey(complaint));
    } else {
      const opened = await this.workerKeys.withKey(this.db.manager, row.workerId, read);
      if (opened.kind !== 'ok') {
        throw new ComplaintError(
          'attachment.erased',
          'This document belonged to a person who was erased; it can no longer be read',
        );
      }
      file = opened.value;
    }
    try {
      await this.audit.record({
        actor,
        action: 'attachment.download',
        entityType: 'complaint_attachment',
        entityId: row.id,
        meta,
        details: { complaintId, workerId: row.workerId },
      });
    } catch (error) {
      file.content.destroy();
      throw error;
    }
    return {
      attachment: { ...this.toView(row, file.fileName), fileName: file.fileName },
      content: file.content,
      length: file.length,
    };
  }

  /** The authenticated file as a stream and its name; a missing or altered file is a 500 (ids logged only). */
  private async openFile(
    row: ComplaintAttachment,
    key: Buffer,
  ): Promise<{ content: Readable; length: number; fileName: string }> {
    let opened;
    try {
      opened = await this.storage.open(row.storageKey, { dataKey: key, aad: complaintAad.attachmentFile(row.id) });
    } catch (error) {
      if (error instanceof DecryptionError || error instanceof StorageObjectNotFoundError) {
        this.logger.error(
          { attachmentId: row.id, reason: error instanceof DecryptionError ? 'decrypt' : error.code },
          'Attachment unreadable',
        );
        throw new ComplaintError(
          'attachment.integrity-failure',
          'The stored file is missing or failed its integrity check',
          {
            cause: error,
          },
        );
      }
      throw error;
    }
    try {
      const fileName = this.cipher.decrypt(key, row.fileNameEnc, complaintAad.attachmentFileName(row.id))!;
      return { content: opened.stream, length: opened.bytes, fileName };
    } catch (error) {
      opened.stream.destroy();
      throw error;
    }
  }

  private toView(row: ComplaintAttachment, fileName: string | null): AttachmentView {
    return {
      id: row.id,
      complaintId: row.complaintId,
      workerId: row.workerId,
      fileName,
      contentType: row.contentType,
      sizeBytes: row.sizeBytes,
      uploadedBy: row.uploadedBy,
      createdAt: row.createdAt,
    };
  }
}

function tooLarge(): ComplaintError {
  return new ComplaintError(
    'attachment.too-large',
    `The file is larger than ${MAX_ATTACHMENT_BYTES / (1024 * 1024)} MiB`,
  );
}
