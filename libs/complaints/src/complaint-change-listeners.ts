import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ComplaintDeadline } from './complaint-deadline.entity.js';
import type { Complaint, ComplaintStatus } from './complaint.entity.js';
import type { TimelineActor } from './timeline.service.js';

/**
 * Reacts to changes of a complaint inside the transaction that makes them (escalation steps
 * follow the deadlines, reminders follow the clock). `complaint` is the row as it is after the
 * change, read with `manager`. A listener that throws rolls the whole change back, so listeners
 * must only fail for reasons the change itself should fail for.
 */
export interface ComplaintChangeListener {
  /** After the complaint's stored deadlines changed (create or update), same transaction. */
  deadlinesChanged?(
    manager: EntityManager,
    complaint: Complaint,
    deadlines: ComplaintDeadline[],
    actor: TimelineActor,
  ): Promise<void>;
  /** After the clock was paused, same transaction. */
  clockPaused?(manager: EntityManager, complaint: Complaint, actor: TimelineActor): Promise<void>;
  /** After the clock was resumed (`pausedSeconds` = length of the pause just ended), same transaction. */
  clockResumed?(
    manager: EntityManager,
    complaint: Complaint,
    pausedSeconds: number,
    actor: TimelineActor,
  ): Promise<void>;
  /** After a status transition, same transaction. */
  statusChanged?(
    manager: EntityManager,
    complaint: Complaint,
    from: ComplaintStatus,
    to: ComplaintStatus,
    actor: TimelineActor,
  ): Promise<void>;
}

/**
 * The registry of {@link ComplaintChangeListener}s. Other libraries register in `onModuleInit`;
 * the complaint services emit. Listeners run one after another in registration order, and the
 * first error stops the rest and propagates (the caller's transaction rolls back).
 */
@Injectable()
export class ComplaintChangeListeners {
  private readonly listeners: ComplaintChangeListener[] = [];

  register(listener: ComplaintChangeListener): void {
    if (!this.listeners.includes(listener)) this.listeners.push(listener);
  }

  /** Removes a registered listener (tests; a module shutting down). */
  unregister(listener: ComplaintChangeListener): void {
    const index = this.listeners.indexOf(listener);
    if (index >= 0) this.listeners.splice(index, 1);
  }

  async emitDeadlinesChanged(
    manager: EntityManager,
    complaint: Complaint,
    deadlines: ComplaintDeadline[],
    actor: TimelineActor,
  ): Promise<void> {
    for (const listener of [...this.listeners]) {
      await listener.deadlinesChanged?.(manager, complaint, deadlines, actor);
    }
  }

  async emitClockPaused(manager: EntityManager, complaint: Complaint, actor: TimelineActor): Promise<void> {
    for (const listener of [...this.listeners]) await listener.clockPaused?.(manager, complaint, actor);
  }

  async emitClockResumed(
    manager: EntityManager,
    complaint: Complaint,
    pausedSeconds: number,
    actor: TimelineActor,
  ): Promise<void> {
    for (const listener of [...this.listeners]) {
      await listener.clockResumed?.(manager, complaint, pausedSeconds, actor);
    }
  }

  async emitStatusChanged(
    manager: EntityManager,
    complaint: Complaint,
    from: ComplaintStatus,
    to: ComplaintStatus,
    actor: TimelineActor,
  ): Promise<void> {
    for (const listener of [...this.listeners]) {
      await listener.statusChanged?.(manager, complaint, from, to, actor);
    }
  }
}
