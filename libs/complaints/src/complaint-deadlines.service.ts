import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { newId } from '@mc/database';
import {
  DEADLINE_DISCLAIMER,
  DeadlineCalculator,
  DeadlineError,
  DeadlineRuleBook,
  InvalidDateError,
  InvalidRegionError,
  NoRuleVersionError,
  PublicHolidays,
  TRIGGER_KEY_DATES,
  type ComplaintKeyDates,
  type ComputedDeadline,
  type DeadlineRule,
} from '@mc/deadlines';
import { ComplaintDeadline } from './complaint-deadline.entity.js';
import { KEY_DATE_FIELDS, rolledOverText, type ComplaintDeadlineView, type KeyDateField } from './complaint-view.js';
import type { Complaint } from './complaint.entity.js';
import { ComplaintError } from './complaint-errors.js';
import { TimelineService, type TimelineActor } from './timeline.service.js';

/** What a recomputation did to a complaint's stored deadlines. */
export interface StoredDeadlineChange {
  /** Whether any row was added, replaced or removed (false: the stored deadlines stayed as they were). */
  readonly changed: boolean;
  /** Every stored deadline after the recomputation, soonest due first. */
  readonly deadlines: ComplaintDeadline[];
  /** Rows inserted: new rules, or rules whose trigger date, place, rule or calendar version changed. */
  readonly added: ComplaintDeadline[];
  /** Rows deleted: rules that no longer apply, or whose row was replaced by one in `added`. */
  readonly removed: ComplaintDeadline[];
}

/** The complaint fields deadlines follow from. */
export type DeadlineSubject = Pick<Complaint, 'countryOfWork' | 'region' | 'employmentEnd' | KeyDateField>;

/** A freshly computed deadline with its rule's trigger, ready to store. */
export interface PlannedDeadline extends ComputedDeadline {
  readonly trigger: string;
}

export interface DeadlineReplacementPlan {
  /** Stored rows that stay untouched (same rule and calendar versions, trigger date and place). */
  readonly keep: ComplaintDeadline[];
  /** Computed deadlines to insert. */
  readonly insert: PlannedDeadline[];
  /** Stored rows to delete. */
  readonly remove: ComplaintDeadline[];
}

/**
 * Whether a stored row still is what the engine computes now. A row is recomputed when its
 * trigger date or place changed, and also when the version of the rule in force on its trigger
 * date or the version of its holiday list differs from the one it was computed with: a new
 * version is a correction of the table (a holiday added to a statute's list, a period fixed),
 * and a deadline on file computed with the old table may be wrong in exactly the way the new
 * version fixes. A change of law takes effect from its `validFrom`, so for an earlier trigger
 * date the old version stays in force and the row stays (domain.md: old complaints keep the
 * version they were computed with). A row without a calendar version (stored before calendars
 * were versioned) is never current.
 */
export function isStoredDeadlineCurrent(row: ComplaintDeadline, deadline: PlannedDeadline): boolean {
  return (
    row.ruleId === deadline.ruleId &&
    row.eventDate === deadline.eventDate &&
    row.calendar === deadline.calendar &&
    row.trigger === deadline.trigger &&
    row.ruleVersion === deadline.ruleVersion &&
    row.calendarVersionKey === deadline.calendarVersionKey
  );
}

/**
 * Which stored rows stay, which go and which computed deadlines are new: a stored row stays as
 * it is while {@link isStoredDeadlineCurrent}; otherwise it is replaced by the computed one.
 */
export function planDeadlineReplacement(
  stored: readonly ComplaintDeadline[],
  computed: readonly PlannedDeadline[],
): DeadlineReplacementPlan {
  const byRule = new Map(stored.map((row) => [row.ruleId, row]));
  const keep: ComplaintDeadline[] = [];
  const insert: PlannedDeadline[] = [];
  for (const deadline of computed) {
    const row = byRule.get(deadline.ruleId);
    if (row !== undefined && isStoredDeadlineCurrent(row, deadline)) keep.push(row);
    else insert.push(deadline);
  }
  const remove = stored.filter((row) => !keep.includes(row));
  return { keep, insert, remove };
}

/** A rule whose stored due date changed in a recomputation: the row before and the row after. */
export interface MovedDeadline {
  readonly before: ComplaintDeadline;
  readonly after: ComplaintDeadline;
}

/** The rules of `change` that were stored before and after with different due dates, soonest new date first. */
export function movedDeadlines(change: Pick<StoredDeadlineChange, 'added' | 'removed'>): MovedDeadline[] {
  const before = new Map(change.removed.map((row) => [row.ruleId, row]));
  return change.added
    .flatMap((after) => {
      const previous = before.get(after.ruleId);
      return previous !== undefined && previous.dueDate !== after.dueDate ? [{ before: previous, after }] : [];
    })
    .sort((a, b) => byDueDate(a.after, b.after));
}

/** Soonest due first; ties by rule id. */
function byDueDate(a: { dueDate: string; ruleId: string }, b: { dueDate: string; ruleId: string }): number {
  return a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.ruleId.localeCompare(b.ruleId);
}

/** The request field a trigger's date comes from (`keyDates.dismissalNoticeReceived`, `employmentEnd`). */
function triggerField(trigger: string): string {
  const field = TRIGGER_KEY_DATES[trigger as keyof typeof TRIGGER_KEY_DATES];
  if (field === undefined) return 'keyDates';
  return field === 'employmentEnd' ? field : `keyDates.${field}`;
}

/**
 * The statutory deadlines of complaints: computed by the deadline engine from the key dates, the
 * country of work and the region, stored per rule with the rule version used, and recorded on the
 * timeline when they change. Callers run it inside the transaction of the change, holding the
 * complaint's row lock (or having just inserted the complaint).
 */
@Injectable()
export class ComplaintDeadlinesService {
  /** Checks regions against the holiday data even when no key date needs a calendar yet. */
  private readonly holidays = new PublicHolidays();

  constructor(
    private readonly calculator: DeadlineCalculator,
    private readonly rules: DeadlineRuleBook,
    private readonly timeline: TimelineService,
  ) {}

  /**
   * The deadlines that follow from the complaint's fields, soonest first (nothing is stored).
   * Engine errors become 4xx with the field to fix: a region the holiday data does not know →
   * 400 `region`; a key date before any version of a rule was in force → 422 on that date.
   */
  compute(complaint: DeadlineSubject): PlannedDeadline[] {
    const keyDates: ComplaintKeyDates = {
      ...Object.fromEntries(KEY_DATE_FIELDS.map((field) => [field, complaint[field]])),
      employmentEnd: complaint.employmentEnd,
    };
    try {
      const hasRules = this.rules.idsFor(complaint.countryOfWork).length > 0;
      // A region is checked whenever the country has rules, so that a typo surfaces now and not
      // only when a key date is first entered (and is then reported against the wrong field).
      if (hasRules && complaint.region !== null) this.holidays.calendarFor(complaint.countryOfWork, complaint.region);
      return this.calculator
        .computeForComplaint({ countryOfWork: complaint.countryOfWork, region: complaint.region, keyDates })
        .map((deadline) => ({
          ...deadline,
          trigger: this.rules.findVersion(deadline.ruleId, deadline.ruleVersion).trigger,
        }));
    } catch (error) {
      throw this.toComplaintError(error);
    }
  }

  /**
   * Recomputes and stores the complaint's deadlines in the caller's transaction: rows still
   * current ({@link isStoredDeadlineCurrent}) stay as they are; the rest are deleted and inserted
   * anew, with their roll-over reasons and calendar version. Only when something changed, records `deadlines.computed`
   * (`{ ruleIds, dueDates }` of all current deadlines) on the timeline.
   */
  async recompute(manager: EntityManager, complaint: Complaint, actor: TimelineActor): Promise<StoredDeadlineChange> {
    const computed = this.compute(complaint);
    const stored = await this.stored(manager, complaint.id);
    const plan = planDeadlineReplacement(stored, computed);
    if (plan.remove.length > 0) {
      await manager.delete(ComplaintDeadline, { id: In(plan.remove.map((row) => row.id)) });
    }
    const computedAt = new Date();
    const added = plan.insert.map((deadline) =>
      manager.create(ComplaintDeadline, {
        id: newId(),
        complaintId: complaint.id,
        ruleId: deadline.ruleId,
        ruleVersion: deadline.ruleVersion,
        trigger: deadline.trigger,
        eventDate: deadline.eventDate,
        period: deadline.period,
        dueDate: deadline.dueDate,
        rolledFrom: deadline.rolledFrom,
        rolledOver: deadline.rolledOver.map(({ date, reason }) => ({ date, reason })),
        calendar: deadline.calendar,
        calendarVersionKey: deadline.calendarVersionKey,
        computedAt,
      }),
    );
    if (added.length > 0) await manager.insert(ComplaintDeadline, added);

    const deadlines = [...plan.keep, ...added].sort(byDueDate);
    const changed = plan.remove.length > 0 || added.length > 0;
    if (changed) {
      await this.timeline.record(manager, complaint.id, actor, 'deadlines.computed', {
        ruleIds: deadlines.map((d) => d.ruleId),
        dueDates: deadlines.map((d) => d.dueDate),
      });
    }
    return { changed, deadlines, added, removed: plan.remove };
  }

  /** The stored deadline rows of one complaint, soonest due first. */
  async stored(manager: EntityManager, complaintId: string): Promise<ComplaintDeadline[]> {
    return manager
      .getRepository(ComplaintDeadline)
      .createQueryBuilder('d')
      .where('d.complaintId = :complaintId', { complaintId })
      .orderBy('d.dueDate', 'ASC')
      .addOrderBy('d.ruleId', 'ASC')
      .getMany();
  }

  /** The deadlines of many complaints in one query, as views soonest first; complaints without any are absent. */
  async list(manager: EntityManager, complaintIds: readonly string[]): Promise<Map<string, ComplaintDeadlineView[]>> {
    const map = new Map<string, ComplaintDeadlineView[]>();
    if (complaintIds.length === 0) return map;
    const rows = await manager
      .getRepository(ComplaintDeadline)
      .createQueryBuilder('d')
      .where('d.complaintId IN (:...ids)', { ids: [...new Set(complaintIds)] })
      .orderBy('d.dueDate', 'ASC')
      .addOrderBy('d.ruleId', 'ASC')
      .getMany();
    for (const row of rows) {
      const list = map.get(row.complaintId);
      if (list) list.push(this.toView(row));
      else map.set(row.complaintId, [this.toView(row)]);
    }
    return map;
  }

  toView(row: ComplaintDeadline): ComplaintDeadlineView {
    return {
      ruleId: row.ruleId,
      ruleVersion: row.ruleVersion,
      trigger: row.trigger,
      eventDate: row.eventDate,
      period: row.period,
      dueDate: row.dueDate,
      rolledFrom: row.rolledFrom,
      rolledOver: row.rolledOver,
      rolledOverText: rolledOverText(row.rolledOver, row.dueDate),
      calendar: row.calendar,
      calendarVersionKey: row.calendarVersionKey,
      source: this.ruleOf(row)?.source ?? '',
      disclaimer: DEADLINE_DISCLAIMER,
    };
  }

  /** The rule version a row was computed with; if the table no longer has it, the rule's newest version. */
  private ruleOf(row: ComplaintDeadline): DeadlineRule | undefined {
    try {
      return this.rules.findVersion(row.ruleId, row.ruleVersion);
    } catch {
      return this.rules.has(row.ruleId) ? this.rules.find(row.ruleId) : undefined;
    }
  }

  /** Engine errors name rules, codes and formats only, so their messages may go to the client. */
  private toComplaintError(error: unknown): unknown {
    if (!(error instanceof DeadlineError)) return error;
    const invalid = (field: string) =>
      new ComplaintError('complaint.deadline-input-invalid', 'The request is not valid', {
        fields: [{ field, message: error.message }],
        cause: error,
      });
    if (error instanceof InvalidRegionError) return invalid('region');
    if (error instanceof InvalidDateError) return invalid('keyDates');
    if (error instanceof NoRuleVersionError) {
      const field = this.rules.has(error.ruleId) ? triggerField(this.rules.find(error.ruleId).trigger) : 'keyDates';
      return new ComplaintError('complaint.no-deadline-rule-version', error.message, {
        fields: [{ field, message: error.message }],
        cause: error,
      });
    }
    // Unknown rule, period errors: the table and the complaint disagree; nothing the client sent is malformed.
    return new ComplaintError('complaint.deadline-rule-mismatch', error.message, { cause: error });
  }
}
