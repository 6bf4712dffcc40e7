import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isUuid, newId, fetchSizeFor, pageOf } from '@mc/database';
import { AuditService, RecordNotFoundError, type RequestMeta, type UserActor } from '@mc/security';
import { ComplaintError } from './complaint-errors.js';
import { ComplaintAccessService } from './complaint-access.service.js';
import { ComplaintCipherService, complaintAad } from './complaint-cipher.service.js';
import type { PageRequest } from './complaint-inputs.js';
import { ComplaintNote, type NoteVisibility } from './complaint-note.entity.js';
import { TimelineService } from './timeline.service.js';

export interface NoteView {
  readonly id: string;
  readonly complaintId: string;
  readonly authorId: string | null;
  readonly visibility: NoteVisibility;
  /** A message the migrant sent from the status page (no author). */
  readonly fromWorker: boolean;
  readonly body: string;
  readonly createdAt: Date;
}

export interface NotePage {
  items: NoteView[];
  nextCursor: string | null;
}

/** Caseworkers' notes on a complaint; `worker` notes also show on the public status page. */
@Injectable()
export class ComplaintNotesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: ComplaintAccessService,
    private readonly cipher: ComplaintCipherService,
    private readonly timeline: TimelineService,
    private readonly audit: AuditService,
  ) {}

  async add(
    complaintId: string,
    input: { body: string; visibility: NoteVisibility },
    actor: UserActor,
    meta: RequestMeta = {},
  ): Promise<NoteView> {
    return this.db.transaction(async (manager) => {
      const complaint = await this.access.findInScope(manager, complaintId, actor);
      const id = newId();
      const note: ComplaintNote = manager.create(ComplaintNote, {
        id,
        complaintId,
        authorId: actor.userId,
        visibility: input.visibility,
        fromWorker: false,
        bodyEnc: this.cipher.encrypt(this.cipher.openKey(complaint), input.body, complaintAad.noteBody(id)),
        createdAt: new Date(),
      });
      await manager.insert(ComplaintNote, note);
      await this.timeline.record(manager, complaintId, actor, 'note.added', {
        noteId: id,
        visibility: input.visibility,
      });
      await this.audit.record(
        {
          actor,
          action: 'complaint.note_add',
          entityType: 'complaint',
          entityId: complaintId,
          meta,
          details: { noteId: id, visibility: input.visibility },
        },
        manager,
      );
      return {
        id,
        complaintId,
        authorId: note.authorId,
        visibility: note.visibility,
        fromWorker: false,
        body: input.body,
        createdAt: note.createdAt,
      };
    });
  }

  /** One note of a complaint in the actor's scope (404 otherwise). */
  async get(complaintId: string, noteId: string, actor: UserActor): Promise<NoteView> {
    const complaint = await this.access.findInScope(this.db.manager, complaintId, actor);
    const note = await this.db.getRepository(ComplaintNote).findOneBy({ id: noteId, complaintId });
    if (!note) throw new RecordNotFoundError('Note');
    return {
      id: note.id,
      complaintId: note.complaintId,
      authorId: note.authorId,
      visibility: note.visibility,
      fromWorker: note.fromWorker,
      body: this.cipher.decrypt(this.cipher.openKey(complaint), note.bodyEnc, complaintAad.noteBody(note.id))!,
      createdAt: note.createdAt,
    };
  }

  /** Oldest first; the cursor is the last note id of the previous page. */
  async list(
    complaintId: string,
    page: PageRequest,
    actor: UserActor,
    filter: { visibility?: NoteVisibility } = {},
  ): Promise<NotePage> {
    const complaint = await this.access.findInScope(this.db.manager, complaintId, actor);
    const qb = this.db
      .getRepository(ComplaintNote)
      .createQueryBuilder('n')
      .where('n.complaintId = :complaintId', { complaintId })
      .orderBy('n.id', 'ASC')
      .limit(fetchSizeFor(page.limit));
    if (filter.visibility !== undefined) qb.andWhere('n.visibility = :visibility', { visibility: filter.visibility });
    if (page.cursor !== undefined) {
      if (!isUuid(page.cursor)) throw new ComplaintError('note.invalid-cursor', 'The cursor is not valid');
      qb.andWhere('n.id > :cursor', { cursor: page.cursor });
    }
    const rows = await qb.getMany();
    return pageOf(
      rows,
      page.limit,
      (last) => last.id,
      (pageRows) => {
        const key = pageRows.length > 0 ? this.cipher.openKey(complaint) : null;
        return pageRows.map((n) => ({
          id: n.id,
          complaintId: n.complaintId,
          authorId: n.authorId,
          visibility: n.visibility,
          fromWorker: n.fromWorker,
          body: this.cipher.decrypt(key!, n.bodyEnc, complaintAad.noteBody(n.id))!,
          createdAt: n.createdAt,
        }));
      },
    );
  }
}
