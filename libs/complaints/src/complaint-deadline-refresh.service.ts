import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { DeadlineCalendarBook, DeadlineRuleBook, DeadlineError } from '@mc/deadlines';
import { ComplaintChangeListeners } from './complaint-change-listeners.js';
import { ComplaintDeadline } from './complaint-deadline.entity.js';
import { ComplaintDeadlinesService, movedDeadlines, type MovedDeadline } from './complaint-deadlines.service.js';
import { FINISHED_COMPLAINT_STATUSES } from './complaint-sql.js';
import { Complaint } from './complaint.entity.js';
import { ComplaintError } from './complaint-errors.js';
import { TimelineService, type TimelineActor } from './timeline.service.js';

/** The job recomputes on its own account: the timeline shows the system, not a user. */
const SYSTEM: TimelineActor = { kind: 'system' };

/**
 * Called in the complaint's transaction after its deadlines were recomputed and moved, so that
 * what the caller adds (a notification) exists exactly when the recomputation commits.
 */
export type DeadlinesMovedHook = (
  manager: EntityManager,
  complaint: Complaint,
  moved: MovedDeadline[],
) => Promise<void>;

export type DeadlineRefreshOutcome =
  /** Nothing was stale after all (another writer recomputed it first). */
  | 'unchanged'
  | 'recomputed'
  /** Finished (resolved, closed, rejected) or deleted since it was found: left alone. */
  | 'skipped'
  /** The engine refused its fields (a region no longer known, a key date before every version): left as it was. */
  | 'refused';

export interface DeadlineRefreshResult {
  readonly complaintId: string;
  readonly outcome: DeadlineRefreshOutcome;
  readonly moved: MovedDeadline[];
}

export interface DeadlineRefreshRun {
  /** Complaints found with a stale stored deadline. */
  readonly found: number;
  readonly recomputed: number;
  /** Deadlines whose date moved, in all; `movedEarlier` of them to an earlier day. */
  readonly moved: number;
  readonly movedEarlier: number;
  readonly refused: number;
  /** Complaints whose recomputation failed for another reason (logged with the id); retried next run. */
  readonly failed: number;
  /** True when `maxBatches` stopped the run before it saw every stale complaint (the next run goes on). */
  readonly capped: boolean;
}

export interface DeadlineRefreshOptions {
  readonly batchSize?: number;
  readonly maxBatches?: number;
  readonly onMoved?: DeadlinesMovedHook;
}

/**
 * Brings stored deadlines of open complaints up to the current rule and calendar versions (the
 * `deadlines.recompute` job): a stored row is stale when its holiday list version is not the one
 * its place uses now (or it has none), or its rule version is not the one in force on its
 * trigger date. Reconciled from Postgres alone, so it is idempotent: a run after a finished run
 * finds nothing, and a run cut short is finished by the next.
 */
@Injectable()
export class ComplaintDeadlineRefreshService {
  private readonly logger = new Logger(ComplaintDeadlineRefreshService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly deadlines: ComplaintDeadlinesService,
    private readonly rules: DeadlineRuleBook,
    private readonly calendars: DeadlineCalendarBook,
    private readonly timeline: TimelineService,
    private readonly listeners: ComplaintChangeListeners,
  ) {}

  /** Every stale open complaint, in batches of `batchSize` ids, each complaint in its own transaction. */
  async refreshStale(options: DeadlineRefreshOptions = {}): Promise<DeadlineRefreshRun> {
    const batchSize = options.batchSize ?? 100;
    const maxBatches = options.maxBatches ?? 50;
    const stats = { found: 0, recomputed: 0, moved: 0, movedEarlier: 0, refused: 0, failed: 0 };
    let after: string | null = null;
    for (let batch = 0; batch < maxBatches; batch++) {
      const ids = await this.staleComplaintIds(this.db.manager, after, batchSize);
      for (const id of ids) {
        stats.found++;
        let result: DeadlineRefreshResult;
        try {
          result = await this.refresh(id, options.onMoved);
        } catch (error) {
          // One complaint that fails (a deadlock, a listener's error) must not stop the others:
          // its transaction rolled back, it stays stale, and the next run tries it again.
          this.logger.error({ complaintId: id, err: error }, 'stored deadlines of a complaint not recomputed');
          stats.failed++;
          continue;
        }
        if (result.outcome === 'recomputed') stats.recomputed++;
        if (result.outcome === 'refused') stats.refused++;
        stats.moved += result.moved.length;
        stats.movedEarlier += result.moved.filter((m) => m.after.dueDate < m.before.dueDate).length;
      }
      if (ids.length < batchSize) return { ...stats, capped: false };
      // Keyset on the id: a complaint the engine refuses stays stale, and must not hold up the rest.
      after = ids[ids.length - 1]!;
    }
    return { ...stats, capped: true };
  }

  /**
   * The ids of open complaints with a stale stored deadline, after `after` in id order. The
   * current versions come from the books in memory, so the query gets them as arrays: the
   * calendar version each stored place uses now, and each rule version with the trigger dates
   * it is in force for.
   */
  async staleComplaintIds(manager: EntityManager, after: string | null, limit: number): Promise<string[]> {
    const places = (
      (await manager
        .getRepository(ComplaintDeadline)
        .createQueryBuilder('d')
        .select('DISTINCT d.calendar', 'calendar')
        .getRawMany()) as { calendar: string }[]
    ).map((r) => r.calendar);
    const placeKeys = places.map((place) => this.currentCalendarKey(place));
    const versions = this.ruleVersionRanges();
    const rows = (await manager.query(
      `SELECT DISTINCT d."complaint_id" AS id
         FROM "complaint_deadlines" d
         JOIN "complaints" c ON c."id" = d."complaint_id"
         LEFT JOIN unnest($1::text[], $2::text[]) AS p(place, key) ON p.place = d."calendar"
        WHERE c."status" <> ALL($3::text[])
          AND ($4::uuid IS NULL OR d."complaint_id" > $4::uuid)
          AND (
            d."calendar_version_key" IS DISTINCT FROM p.key
            OR NOT EXISTS (
              SELECT 1 FROM unnest($5::text[], $6::int[], $7::date[], $8::date[]) AS v(rule_id, version, valid_from, valid_until)
               WHERE v.rule_id = d."rule_id" AND v.version = d."rule_version"
                 AND d."event_date" >= v.valid_from AND (v.valid_until IS NULL OR d."event_date" < v.valid_until)
            )
          )
        ORDER BY d."complaint_id"
        LIMIT $9`,
      [
        places,
        placeKeys,
        [...FINISHED_COMPLAINT_STATUSES],
        after,
        versions.map((v) => v.ruleId),
        versions.map((v) => v.version),
        versions.map((v) => v.validFrom),
        versions.map((v) => v.validUntil),
        limit,
      ],
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /**
   * Recomputes one complaint's deadlines in a transaction of its own, holding the complaint's row
   * lock first as every writer does (then the listeners lock its steps and reminders). Each
   * moved date goes on the timeline (`deadline.moved`: old date, new date and the versions that
   * moved it); the change listeners follow (escalation steps take the new dates, and their
   * reminders move); then `onMoved`. The complaint's own version is not bumped: none of its
   * fields changed, and a caseworker's edit under way must not fail for it.
   */
  async refresh(complaintId: string, onMoved?: DeadlinesMovedHook): Promise<DeadlineRefreshResult> {
    try {
      return await this.db.transaction(async (manager) => {
        const complaint = await manager
          .getRepository(Complaint)
          .createQueryBuilder('c')
          .where('c.id = :complaintId', { complaintId })
          .setLock('pessimistic_write')
          .getOne();
        if (!complaint || FINISHED_COMPLAINT_STATUSES.includes(complaint.status)) {
          return { complaintId, outcome: 'skipped', moved: [] };
        }
        const change = await this.deadlines.recompute(manager, complaint, SYSTEM);
        if (!change.changed) return { complaintId, outcome: 'unchanged', moved: [] };
        const moved = movedDeadlines(change);
        for (const { before, after } of moved) {
          await this.timeline.record(manager, complaint.id, SYSTEM, 'deadline.moved', {
            ruleId: after.ruleId,
            previousDueDate: before.dueDate,
            dueDate: after.dueDate,
            previousRuleVersion: before.ruleVersion,
            ruleVersion: after.ruleVersion,
            previousCalendarVersionKey: before.calendarVersionKey,
            calendarVersionKey: after.calendarVersionKey,
          });
        }
        await this.listeners.emitDeadlinesChanged(manager, complaint, change.deadlines, SYSTEM);
        if (moved.length > 0) await onMoved?.(manager, complaint, moved);
        return { complaintId, outcome: 'recomputed', moved };
      });
    } catch (error) {
      // The engine refuses what a caseworker has to fix (recompute maps it to a ComplaintError);
      // anything else (database, a listener) fails the run, and the next run retries.
      if (!(error instanceof ComplaintError) || !(error.cause instanceof DeadlineError)) throw error;
      this.logger.warn({ complaintId, code: error.code }, 'stored deadlines not recomputed: the engine refused');
      return { complaintId, outcome: 'refused', moved: [] };
    }
  }

  /** The calendar version key the place of a stored row uses now; null when the place is no longer valid. */
  private currentCalendarKey(place: string): string | null {
    try {
      return this.calendars.calendarFor(place.slice(0, 2), place.length > 2 ? place : null).versionKey;
    } catch {
      return null;
    }
  }

  /** Each rule version and the trigger dates it is in force for: from its `validFrom` until the next version's. */
  private ruleVersionRanges(): { ruleId: string; version: number; validFrom: string; validUntil: string | null }[] {
    return this.rules.list().flatMap((rule) => {
      const versions = this.rules.list().filter((r) => r.id === rule.id);
      // The book's own choice (`find`): the latest validFrom on or before the date, ties to the higher version.
      const later = versions.filter(
        (r) => r.validFrom > rule.validFrom || (r.validFrom === rule.validFrom && r.version > rule.version),
      );
      const validUntil = later.length === 0 ? null : later.map((r) => r.validFrom).sort()[0]!;
      return [{ ruleId: rule.id, version: rule.version, validFrom: rule.validFrom, validUntil }];
    });
  }
}
