import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { isUuid, newId, fetchSizeFor, pageOf } from '@mc/database';
import { AuditService, createdByOf, type CreatingActor, type RequestMeta, type UserActor } from '@mc/security';
import { ComplaintError } from './complaint-errors.js';
import { ComplaintAccessService, applyComplaintScope } from './complaint-access.service.js';
import { ComplaintChangeListeners } from './complaint-change-listeners.js';
import { ComplaintCipherService, complaintAad } from './complaint-cipher.service.js';
import { assertComplaintConsistent } from './complaint-consistency.js';
import { ComplaintDeadlinesService } from './complaint-deadlines.service.js';
import type {
  ComplaintListFilters,
  CreateComplaintInput,
  PageRequest,
  UpdateComplaintInput,
} from './complaint-inputs.js';
import { ComplaintIntermediary, ComplaintWorker } from './complaint-links.entity.js';
import { ComplaintPartiesService } from './complaint-parties.service.js';
import { ComplaintStepFilters } from './complaint-step-filters.js';
import { ComplaintReferenceService } from './complaint-reference.service.js';
import type { ComplaintReference } from './complaint-reference.js';
import { planComplaintUpdate } from './complaint-update-plan.js';
import { KEY_DATE_FIELDS, type ComplaintView } from './complaint-view.js';
import { ComplaintViewsService } from './complaint-views.service.js';
import { Complaint, type ComplaintSource } from './complaint.entity.js';
import { TimelineService } from './timeline.service.js';
import { LockedComplaints } from './locked-complaint.js';

/** How a caller that writes more than the complaint shares its transaction. */
export interface CreateComplaintOptions {
  /** The caller's transaction: the complaint commits with the caller's other rows, or not at all. */
  manager?: EntityManager;
  /**
   * The reference, taken by the caller before it opened `manager`'s transaction
   * (`ComplaintReferenceService.next`): required with `manager`, since taking it inside an open
   * transaction could wait for a connection the pool no longer has.
   */
  reference?: ComplaintReference;
  /**
   * Workers the caller inserted in that same transaction for this complaint (the intake page
   * and the bot create the person with their complaint). They skip the scope check: an actor
   * without scope may name the record it has just written, and only that one.
   */
  workersCreatedHere?: readonly string[];
}

export interface ComplaintPage {
  items: ComplaintView[];
  nextCursor: string | null;
}

/** `%`, `_` and `\` are LIKE wildcards/escape: a reference prefix must match literally. */
function likePrefix(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
}

/**
 * Create, read, list and edit complaints. Status changes, assignment, notes, attachments and the
 * clock have services of their own; all of them share the scope rule of ComplaintAccessService.
 */
@Injectable()
export class ComplaintsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: ComplaintAccessService,
    private readonly parties: ComplaintPartiesService,
    private readonly references: ComplaintReferenceService,
    private readonly cipher: ComplaintCipherService,
    private readonly views: ComplaintViewsService,
    private readonly timeline: TimelineService,
    private readonly audit: AuditService,
    private readonly deadlines: ComplaintDeadlinesService,
    private readonly listeners: ComplaintChangeListeners,
    private readonly stepFilters: ComplaintStepFilters,
    private readonly locked: LockedComplaints,
  ) {}

  /**
   * One transaction: the complaint, its links, its statutory deadlines, the timeline's first
   * events, the audit row and the change listeners' work commit together or not at all. The
   * reference is taken just before (see ComplaintReferenceService): a failed create leaves a gap.
   */
  async create(
    input: CreateComplaintInput,
    actor: CreatingActor,
    meta: RequestMeta = {},
    options: CreateComplaintOptions = {},
  ): Promise<ComplaintView> {
    const workerIds = input.workerIds.map((id) => id.toLowerCase());
    const shape = {
      countryOfWork: input.countryOfWork,
      region: input.region ?? null,
      employmentStart: input.employmentStart ?? null,
      employmentEnd: input.employmentEnd ?? null,
      workersAffected: input.workersAffected ?? workerIds.length,
    };
    assertComplaintConsistent(shape, workerIds.length);
    if (options.manager && !options.reference) {
      throw new Error('ComplaintsService.create in a caller transaction needs the reference taken before it');
    }
    const reference = options.reference ?? (await this.references.next());

    const run = async (manager: EntityManager): Promise<ComplaintView> => {
      await this.parties.checkWorkers(manager, workerIds, actor, options.workersCreatedHere);
      const { employerId, intermediaryEmployerIds } = await this.parties.resolveEmployers(
        manager,
        input.employerId.toLowerCase(),
        (input.intermediaryEmployerIds ?? []).map((id) => id.toLowerCase()),
      );

      // The id comes first: the data key and every ciphertext are bound to it.
      const id = newId();
      const dataKey = this.cipher.createKey(id);
      const keyDates = Object.fromEntries(KEY_DATE_FIELDS.map((f) => [f, input.keyDates?.[f] ?? null]));
      const now = new Date();
      await manager.insert(Complaint, {
        id,
        reference: reference.reference,
        referenceYear: reference.year,
        referenceSeq: reference.seq,
        status: 'new',
        outcome: null,
        statusReasonEnc: null,
        categories: input.categories,
        summaryEnc: this.cipher.encrypt(dataKey.key, input.summary, complaintAad.summary(id)),
        factsEnc: this.cipher.encryptOptional(dataKey.key, input.facts, complaintAad.facts(id)),
        dataKeyWrapped: dataKey.wrapped,
        dataKeyMasterId: dataKey.masterKeyId,
        employerId,
        ...shape,
        city: input.city ?? null,
        ...keyDates,
        amountClaimed: input.amountClaimed?.amount ?? null,
        amountClaimedCurrency: input.amountClaimed?.currency ?? null,
        amountRecovered: null,
        amountRecoveredCurrency: null,
        priority: input.priority ?? 'normal',
        source: complaintSourceOf(actor),
        assigneeId: null,
        createdBy: createdByOf(actor),
        clockPausedAt: null,
        clockPausedSeconds: 0,
        createdAt: now,
        updatedAt: now,
        resolvedAt: null,
        closedAt: null,
        version: 1,
      });
      await manager.insert(
        ComplaintWorker,
        workerIds.map((workerId) => ({ complaintId: id, workerId })),
      );
      if (intermediaryEmployerIds.length > 0) {
        await manager.insert(
          ComplaintIntermediary,
          intermediaryEmployerIds.map((intermediaryId) => ({ complaintId: id, employerId: intermediaryId })),
        );
      }
      await this.timeline.record(manager, id, actor, 'complaint.created', {
        reference: reference.reference,
        employerId,
        workerIds,
        categories: input.categories,
        source: complaintSourceOf(actor),
      });
      const inserted = await manager.findOneByOrFail(Complaint, { id });
      const { deadlines } = await this.deadlines.recompute(manager, inserted, actor);
      await this.audit.record(
        {
          actor,
          action: 'complaint.create',
          entityType: 'complaint',
          entityId: id,
          meta,
          details: { reference: reference.reference, employerId, workerIds, intermediaryEmployerIds },
        },
        manager,
      );
      await this.listeners.emitDeadlinesChanged(manager, inserted, deadlines, actor);
      return this.views.one(manager, inserted);
    };
    return options.manager ? run(options.manager) : this.db.transaction(run);
  }

  async get(id: string, actor: UserActor): Promise<ComplaintView> {
    const complaint = await this.access.findInScope(this.db.manager, id, actor);
    return this.views.one(this.db.manager, complaint);
  }

  /** Newest first (UUID v7 ids sort by creation); the cursor is the last id of the previous page. */
  async list(filters: ComplaintListFilters, page: PageRequest, actor: UserActor): Promise<ComplaintPage> {
    const qb = this.db.getRepository(Complaint).createQueryBuilder('c');
    applyComplaintScope(qb, actor);
    if (filters.status !== undefined) qb.andWhere('c.status = :status', { status: filters.status });
    if (filters.category !== undefined) qb.andWhere(':category = ANY(c.categories)', { category: filters.category });
    if (filters.employerId !== undefined) qb.andWhere('c.employerId = :employerId', { employerId: filters.employerId });
    if (filters.assigneeId !== undefined) qb.andWhere('c.assigneeId = :assigneeId', { assigneeId: filters.assigneeId });
    if (filters.country !== undefined) qb.andWhere('c.countryOfWork = :country', { country: filters.country });
    if (filters.source !== undefined) qb.andWhere('c.source = :source', { source: filters.source });
    if (filters.overdue !== undefined) qb.andWhere(this.stepFilters.overdueSql(filters.overdue));
    if (filters.q !== undefined && filters.q.trim() !== '') {
      qb.andWhere(`c.reference LIKE :reference ESCAPE '\\'`, { reference: likePrefix(filters.q.trim().toUpperCase()) });
    }
    if (page.cursor !== undefined) {
      if (!isUuid(page.cursor)) throw new ComplaintError('complaint.invalid-cursor', 'The cursor is not valid');
      qb.andWhere('c.id < :cursor', { cursor: page.cursor });
    }
    const rows = await qb.orderBy('c.id', 'DESC').limit(fetchSizeFor(page.limit)).getMany();
    const found = pageOf(rows, page.limit, (last) => last.id);
    return { items: await this.views.many(this.db.manager, found.items), nextCursor: found.nextCursor };
  }

  /** What changes is `planComplaintUpdate`'s; 400 with `errors` when the result would be inconsistent. */
  update(
    id: string,
    patch: UpdateComplaintInput,
    actor: UserActor,
    meta: RequestMeta = {},
    expectedVersion?: number,
  ): Promise<ComplaintView> {
    return this.locked.withLockedComplaint(
      { id, actor, meta, expectedVersion },
      async ({ manager, complaint, texts }) => {
        const plan = planComplaintUpdate(complaint, patch, (field) => texts.read(field));
        if (plan === null) return null;
        // Counted only for a real change: a repeated PATCH costs one locked read.
        const attached = await manager.count(ComplaintWorker, { where: { complaintId: id } });
        assertComplaintConsistent({ ...complaint, ...plan.patch }, attached);
        return plan;
      },
    );
  }
}

/** Where a complaint came from follows from who opened it. */
export function complaintSourceOf(actor: CreatingActor): ComplaintSource {
  switch (actor.kind) {
    case 'user':
      return 'caseworker';
    case 'public':
      return 'public_intake';
    case 'bot':
      return 'telegram';
    case 'partner':
      return 'partner';
  }
}
