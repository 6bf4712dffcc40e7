import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ComplaintStatusReads, type Complaint, type ComplaintStatus, type WorkerMessage } from '@mc/complaints';
import { NotificationsService } from '@mc/notifications';
import { usersRepository, type PublicIntakeActor, type RequestMeta } from '@mc/security';
import { IntakeError } from './intake-errors.js';
import { FALLBACK_INTAKE_LANGUAGE, isIntakeLanguage, type IntakeLanguage } from './intake-languages.js';
import { statusLabelKeyOf, type StatusLabelKey } from './status-labels.js';
import { ComplaintStatusToken } from './status-token.entity.js';
import { statusTokenMatches } from './status-token.js';

export interface StatusView {
  reference: string;
  status: ComplaintStatus;
  statusLabelKey: StatusLabelKey;
  /** The language the complaint was filed in: the page and the label use it. */
  language: IntakeLanguage;
  createdAt: Date;
  /** The last change of the case or of its conversation. */
  updatedAt: Date;
  /** Oldest first. */
  messages: WorkerMessage[];
}

/** A reply from the status page: a few paragraphs, like the description. */
export const STATUS_MESSAGE_MAX = 5000;
/** No real reference is longer (`MC-2026-00042`); anything longer is not looked up at all. */
const REFERENCE_MAX = 32;
const NO_COMPLAINT = '00000000-0000-0000-0000-000000000000';
const PUBLIC: PublicIntakeActor = { kind: 'public' };

function notFound(): IntakeError {
  return new IntakeError('intake.status-not-found', 'No complaint with this reference and status code');
}

/**
 * The migrant's view of their complaint, opened with the reference and the status token. An
 * unknown reference and a wrong token are the same answer, reached through the same queries and
 * the same constant-time comparison, so neither the answer nor its timing says which it was.
 */
@Injectable()
export class ComplaintStatusService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reads: ComplaintStatusReads,
    private readonly notifications: NotificationsService,
  ) {}

  async lookup(reference: string, token: string): Promise<StatusView> {
    const manager = this.db.manager;
    const { complaint, language } = await this.open(manager, reference, token);
    return this.view(manager, complaint, language);
  }

  /** Adds the migrant's message (on the timeline; the assignee, or the coordinators, are notified). */
  async reply(reference: string, token: string, message: string, meta: RequestMeta = {}): Promise<StatusView> {
    const body = message.trim();
    if (body === '' || body.length > STATUS_MESSAGE_MAX) {
      throw new IntakeError('intake.invalid-message', `The message must have 1 to ${STATUS_MESSAGE_MAX} characters`, {
        fields: [{ field: 'message', message: `1 to ${STATUS_MESSAGE_MAX} characters` }],
        details: { max: STATUS_MESSAGE_MAX },
      });
    }
    return this.db.transaction(async (manager) => {
      const { complaint, language } = await this.open(manager, reference, token);
      await this.reads.addWorkerMessage(manager, complaint, body, PUBLIC, meta);
      for (const userId of await this.recipients(manager, complaint)) {
        await this.notifications.notify(manager, {
          userId,
          kind: 'complaint.worker_message',
          params: { reference: complaint.reference },
          complaintId: complaint.id,
        });
      }
      return this.view(manager, complaint, language);
    });
  }

  private async open(
    manager: EntityManager,
    reference: string,
    token: string,
  ): Promise<{ complaint: Complaint; language: IntakeLanguage }> {
    const wanted = reference.trim().toUpperCase();
    const complaint = wanted.length <= REFERENCE_MAX ? await this.reads.findByReference(manager, wanted) : null;
    // Asked even without a complaint: the unknown reference costs the same query as a known one.
    const row = await manager.findOneBy(ComplaintStatusToken, { complaintId: complaint?.id ?? NO_COMPLAINT });
    if (!statusTokenMatches(token, row?.tokenHash ?? null) || complaint === null || row === null) throw notFound();
    return { complaint, language: isIntakeLanguage(row.language) ? row.language : FALLBACK_INTAKE_LANGUAGE };
  }

  private async view(manager: EntityManager, complaint: Complaint, language: IntakeLanguage): Promise<StatusView> {
    const messages = await this.reads.messages(manager, complaint);
    const lastMessage = messages.at(-1)?.createdAt;
    const updatedAt = lastMessage && lastMessage > complaint.updatedAt ? lastMessage : complaint.updatedAt;
    return {
      reference: complaint.reference,
      status: complaint.status,
      statusLabelKey: statusLabelKeyOf(complaint.status),
      language,
      createdAt: complaint.createdAt,
      updatedAt,
      messages,
    };
  }

  /** The assignee when there is an active one; else the coordinators (else the admins). */
  private async recipients(manager: EntityManager, complaint: Complaint): Promise<string[]> {
    if (complaint.assigneeId !== null) {
      const assignee = await usersRepository.contactOf(manager, complaint.assigneeId);
      if (assignee?.active) return [assignee.userId];
    }
    const coordinators = await usersRepository.activeIdsInRoles(manager, ['coordinator']);
    return coordinators.length > 0 ? coordinators : usersRepository.activeIdsInRoles(manager, ['admin']);
  }
}
