import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { ComplaintCipherService, complaintAad } from './complaint-cipher.service.js';
import { ComplaintDeadlinesService } from './complaint-deadlines.service.js';
import { ComplaintIntermediary, ComplaintWorker } from './complaint-links.entity.js';
import type { Complaint } from './complaint.entity.js';
import { KEY_DATE_FIELDS, type ComplaintDeadlineView, type ComplaintView, type KeyDates } from './complaint-view.js';
import type { Money } from './complaint-lifecycle.js';

function money(amount: string | null, currency: string | null): Money | null {
  return amount !== null && currency !== null ? { amount, currency } : null;
}

/** Turns complaint rows into views: links and deadlines loaded in one query per kind, free text decrypted. */
@Injectable()
export class ComplaintViewsService {
  constructor(
    private readonly cipher: ComplaintCipherService,
    private readonly deadlines: ComplaintDeadlinesService,
  ) {}

  async one(manager: EntityManager, complaint: Complaint): Promise<ComplaintView> {
    const [view] = await this.many(manager, [complaint]);
    return view!;
  }

  async many(manager: EntityManager, complaints: Complaint[]): Promise<ComplaintView[]> {
    if (complaints.length === 0) return [];
    const ids = complaints.map((c) => c.id);
    const loadWorkers = () =>
      manager.find(ComplaintWorker, { where: { complaintId: In(ids) }, order: { workerId: 'ASC' } });
    const loadIntermediaries = () =>
      manager.find(ComplaintIntermediary, { where: { complaintId: In(ids) }, order: { employerId: 'ASC' } });
    const loadDeadlines = () => this.deadlines.list(manager, ids);
    // Outside a transaction each query takes its own pooled connection, so they run in parallel.
    // A transaction's manager has one connection: the queries would queue on it anyway, and pg
    // deprecates overlapping queries on one client.
    const [workers, intermediaries, deadlines] = manager.queryRunner
      ? [await loadWorkers(), await loadIntermediaries(), await loadDeadlines()]
      : await Promise.all([loadWorkers(), loadIntermediaries(), loadDeadlines()]);
    const workerIds = group(
      workers,
      (w) => w.complaintId,
      (w) => w.workerId,
    );
    const intermediaryIds = group(
      intermediaries,
      (i) => i.complaintId,
      (i) => i.employerId,
    );
    return complaints.map((c) =>
      this.toView(c, workerIds.get(c.id) ?? [], intermediaryIds.get(c.id) ?? [], deadlines.get(c.id) ?? []),
    );
  }

  private toView(
    c: Complaint,
    workerIds: string[],
    intermediaryEmployerIds: string[],
    deadlines: ComplaintDeadlineView[],
  ): ComplaintView {
    const key = this.cipher.openKey(c);
    const keyDates = Object.fromEntries(KEY_DATE_FIELDS.map((field) => [field, c[field]])) as KeyDates;
    return {
      id: c.id,
      reference: c.reference,
      status: c.status,
      outcome: c.outcome,
      statusReason: this.cipher.decrypt(key, c.statusReasonEnc, complaintAad.statusReason(c.id)),
      categories: c.categories,
      summary: this.cipher.decrypt(key, c.summaryEnc, complaintAad.summary(c.id))!,
      facts: this.cipher.decrypt(key, c.factsEnc, complaintAad.facts(c.id)),
      workerIds,
      employerId: c.employerId,
      intermediaryEmployerIds,
      countryOfWork: c.countryOfWork,
      region: c.region,
      city: c.city,
      employmentStart: c.employmentStart,
      employmentEnd: c.employmentEnd,
      keyDates,
      amountClaimed: money(c.amountClaimed, c.amountClaimedCurrency),
      amountRecovered: money(c.amountRecovered, c.amountRecoveredCurrency),
      workersAffected: c.workersAffected,
      priority: c.priority,
      source: c.source,
      assigneeId: c.assigneeId,
      createdBy: c.createdBy,
      clock: { paused: c.clockPausedAt !== null, pausedAt: c.clockPausedAt, pausedSeconds: c.clockPausedSeconds },
      deadlines,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      resolvedAt: c.resolvedAt,
      closedAt: c.closedAt,
      version: c.version,
    };
  }
}

function group<T>(rows: T[], keyOf: (row: T) => string, valueOf: (row: T) => string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = map.get(key);
    if (list) list.push(valueOf(row));
    else map.set(key, [valueOf(row)]);
  }
  return map;
}
