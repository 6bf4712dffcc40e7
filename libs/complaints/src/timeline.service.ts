import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { keysetPage, newId } from '@mc/database';
import { actorColumns, type AuditActor, type UserActor } from '@mc/security';
import { ComplaintError } from './complaint-errors.js';
import { ComplaintAccessService } from './complaint-access.service.js';
import { TimelineEvent } from './timeline-event.entity.js';

/** Who caused a timeline event: a user, the system (jobs), the public status page, a partner. */
export type TimelineActor = AuditActor;

/**
 * `data` of an event: ids, field names, statuses, enum values, dates and counts. NEVER free text
 * or identities (a note event points at the note; its body stays encrypted in its own row).
 */
export type TimelineData = Record<string, string | number | boolean | null | string[]>;

export interface TimelinePage {
  items: TimelineEvent[];
  nextCursor: string | null;
}

const SEQ_CURSOR = /^\d{1,18}$/;

/**
 * The complaint's history, in the order it happened (`seq`). Other libraries (escalation steps,
 * referrals, public messages) record their events through `record`, inside the transaction of
 * the change they describe, so the timeline never shows something that was rolled back.
 */
@Injectable()
export class TimelineService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: ComplaintAccessService,
  ) {}

  async record(
    manager: EntityManager,
    complaintId: string,
    actor: TimelineActor,
    type: string,
    data: TimelineData = {},
  ): Promise<void> {
    const { actorType, actorId } = actorColumns(actor);
    await manager.query(
      `INSERT INTO timeline_events (id, complaint_id, actor_type, actor_id, type, data)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
      [newId(), complaintId, actorType, actorId, type, JSON.stringify(data)],
    );
  }

  /** The timeline of a complaint in the actor's scope (404 otherwise). */
  async listInScope(
    complaintId: string,
    actor: UserActor,
    page: { limit: number; cursor?: string },
  ): Promise<TimelinePage> {
    await this.access.findInScope(this.db.manager, complaintId, actor);
    return this.list(this.db.manager, complaintId, page);
  }

  /** Oldest first; the cursor is the `seq` of the last event of the previous page. Scope is the caller's job. */
  async list(
    manager: EntityManager,
    complaintId: string,
    page: { limit: number; cursor?: string },
  ): Promise<TimelinePage> {
    if (page.cursor !== undefined && !SEQ_CURSOR.test(page.cursor)) {
      throw new ComplaintError('timeline.invalid-cursor', 'The cursor is not valid');
    }
    const qb = manager
      .getRepository(TimelineEvent)
      .createQueryBuilder('t')
      .where('t.complaintId = :complaintId', { complaintId });
    return keysetPage(qb, { key: 't.seq', order: 'ASC', limit: page.limit, after: page.cursor }, (last) =>
      String(last.seq),
    );
  }
}
