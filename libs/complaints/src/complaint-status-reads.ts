import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { newId } from '@mc/database';
import { AuditService, type PublicIntakeActor, type BotActor, type RequestMeta } from '@mc/security';
import { ComplaintCipherService, complaintAad } from './complaint-cipher.service.js';
import { ComplaintNote } from './complaint-note.entity.js';
import { Complaint } from './complaint.entity.js';
import { TimelineService } from './timeline.service.js';

/** A line of the conversation on the public status page. */
export interface WorkerMessage {
  readonly id: string;
  /** `worker`: the migrant wrote it; `collective`: a caseworker's note with `worker` visibility. */
  readonly from: 'worker' | 'collective';
  readonly body: string;
  readonly createdAt: Date;
}

/** Who talks on a status page: the migrant, through the page or the bot. */
export type StatusPageActor = PublicIntakeActor | BotActor;

/**
 * What the public status page may read and write of a complaint. No scope applies: the caller
 * (@mc/intake) has already proven the status token, which is the only key to these methods.
 */
@Injectable()
export class ComplaintStatusReads {
  constructor(
    private readonly cipher: ComplaintCipherService,
    private readonly timeline: TimelineService,
    private readonly audit: AuditService,
  ) {}

  /** The complaint with this reference (`MC-2026-00042`, upper case), or null. */
  findByReference(manager: EntityManager, reference: string): Promise<Complaint | null> {
    return manager.findOneBy(Complaint, { reference });
  }

  /** The notes with `worker` visibility and the migrant's own messages, oldest first. */
  async messages(manager: EntityManager, complaint: Complaint): Promise<WorkerMessage[]> {
    const notes = await manager.find(ComplaintNote, {
      where: { complaintId: complaint.id, visibility: 'worker' },
      order: { id: 'ASC' },
    });
    if (notes.length === 0) return [];
    const key = this.cipher.openKey(complaint);
    return notes.map((note) => ({
      id: note.id,
      from: note.fromWorker ? 'worker' : 'collective',
      body: this.cipher.decrypt(key, note.bodyEnc, complaintAad.noteBody(note.id))!,
      createdAt: note.createdAt,
    }));
  }

  /**
   * The migrant's answer: a note with `worker` visibility and no author, on the timeline as
   * `note.added` with `fromWorker`, audited. The body is encrypted with the complaint's key.
   */
  async addWorkerMessage(
    manager: EntityManager,
    complaint: Complaint,
    body: string,
    actor: StatusPageActor,
    meta: RequestMeta = {},
  ): Promise<WorkerMessage> {
    const id = newId();
    const createdAt = new Date();
    await manager.insert(ComplaintNote, {
      id,
      complaintId: complaint.id,
      authorId: null,
      visibility: 'worker',
      fromWorker: true,
      bodyEnc: this.cipher.encrypt(this.cipher.openKey(complaint), body, complaintAad.noteBody(id)),
      createdAt,
    });
    await this.timeline.record(manager, complaint.id, actor, 'note.added', {
      noteId: id,
      visibility: 'worker',
      fromWorker: true,
    });
    await this.audit.record(
      {
        actor,
        action: 'complaint.worker_message',
        entityType: 'complaint',
        entityId: complaint.id,
        meta,
        details: { noteId: id },
      },
      manager,
    );
    return { id, from: 'worker', body, createdAt };
  }
}
