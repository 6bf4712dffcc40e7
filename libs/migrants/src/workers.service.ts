import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { fetchSizeFor, isUuid, newId, pageOf } from '@mc/database';
import {
  AuditService,
  normalisePhone,
  RecordNotFoundError,
  type BlindIndexKind,
  type RequestMeta,
  type AnyActor,
  type CreatingActor,
  createdByOf,
  type UserActor,
} from '@mc/security';
import { MigrantWorker, type ContactChannel, type ResidenceStatus } from './migrant-worker.entity.js';
import { isErased, workerView, WorkerCipherService, type WorkerSecrets } from './worker-cipher.service.js';
import { findPossibleDuplicates } from './worker-duplicates.js';
import { WorkerError } from './worker-errors.js';
import { ENCRYPTED_WORKER_FIELDS } from './worker-fields.js';
import {
  CONSENT_VERSION,
  type CreateWorkerInput,
  type UpdateWorkerInput,
  type WorkerListQuery,
} from './worker-inputs.js';
import { NameMatcher } from './worker-name-match.js';
import { classifyWorkerSearch, decodeWorkerCursor, encodeWorkerCursor } from './worker-query.js';
import { scopedWorkerIdsSql, scopeUserId, workerInScopeSql } from '@mc/access';
import type {
  DuplicateCheck,
  ErasedWorkerView,
  WorkerPage,
  WorkerRecordView,
  WorkerView,
  WorkerWithDuplicates,
} from './worker-view.js';

/**
 * Name search decrypts candidates in the process (names are ciphertext in the database). One
 * request decrypts at most this many of the newest in-scope workers, in batches; when it stops at
 * the bound, `nextCursor` lets the client continue the search further back.
 */
export const NAME_SEARCH_MAX_SCAN = 5000;
const NAME_SEARCH_BATCH = 500;

const BLIND_INDEX_PROPERTY = { phone: 'phoneBidx', email: 'emailBidx', telegram: 'telegramBidx' } as const;

const SECRET_FIELDS = [
  'fullName',
  'fullNameLatin',
  'nationality',
  'phone',
  'email',
  'telegram',
  'residenceStatus',
] as const satisfies readonly (keyof WorkerSecrets)[];

function clean(value: string | null | undefined): string | null {
  if (value == null) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** Phones are kept in one canonical spelling (`+491512345678`), whatever separators were typed. */
function cleanPhone(value: string | null | undefined): string | null {
  return normalisePhone(clean(value));
}

/** A contact channel the worker chose needs the matching contact; otherwise nobody could use it. */
function assertChannelsHaveContacts(channels: readonly ContactChannel[], secrets: WorkerSecrets): void {
  const missing = channels.filter((channel) => secrets[channel] === null);
  if (missing.length === 0) return;
  throw new WorkerError('worker.channel-without-contact', 'A chosen contact channel has no contact value', {
    fields: missing.map((channel) => ({
      field: 'consent.contactChannels',
      message: `${channel} is chosen as a contact channel but no ${channel} is given`,
    })),
  });
}

function sameChannels(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}

/**
 * Migrant workers: the people the collective helps. Every personal field is encrypted under the
 * person's own data key (see WorkerCipherService); every read of a person's record is audited.
 * Scope: the rules of @mc/access (worker-scope.ts there). Out of scope answers exactly like a missing id (404).
 */
@Injectable()
export class WorkersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly cipher: WorkerCipherService,
  ) {}

  /** `manager`: the caller's transaction, when the person is written with their complaint. */
  async create(
    input: CreateWorkerInput,
    actor: CreatingActor,
    meta: RequestMeta = {},
    manager?: EntityManager,
  ): Promise<WorkerWithDuplicates> {
    // The id first: the data key and every ciphertext are bound to it.
    const id = newId();
    const secrets: WorkerSecrets = {
      fullName: input.fullName.trim(),
      fullNameLatin: clean(input.fullNameLatin),
      nationality: clean(input.nationality),
      phone: cleanPhone(input.phone),
      email: clean(input.email),
      telegram: clean(input.telegram),
      residenceStatus: input.residenceStatus,
    };
    const channels = [...new Set(input.consent.contactChannels ?? [])];
    assertChannelsHaveContacts(channels, secrets);

    const dataKey = this.cipher.createKey(id);
    let sealed;
    try {
      sealed = this.cipher.seal(dataKey.key, id, secrets);
    } finally {
      dataKey.key.fill(0);
    }

    const run = async (manager: EntityManager): Promise<WorkerWithDuplicates> => {
      const now = new Date();
      const row = manager.create(MigrantWorker, {
        id,
        ...sealed,
        preferredLanguage: input.preferredLanguage,
        countryOfWork: input.countryOfWork,
        city: clean(input.city),
        consentDataProcessing: true,
        consentPartnerSharing: input.consent.partnerSharing ?? 'none',
        consentContactChannels: channels,
        consentVersion: CONSENT_VERSION,
        consentGivenAt: now,
        dataKeyWrapped: dataKey.wrapped,
        dataKeyMasterId: dataKey.masterKeyId,
        erasedAt: null,
        createdBy: createdByOf(actor),
        createdAt: now,
        updatedAt: now,
        version: 1,
      });
      await manager.insert(MigrantWorker, row);
      const duplicates = await findPossibleDuplicates(manager, id, sealed, scopeUserId(actor));
      await this.audit.record(
        {
          actor,
          action: 'worker.create',
          entityType: 'worker',
          entityId: id,
          meta,
          details: {
            fields: SECRET_FIELDS.filter((field) => secrets[field] !== null),
            consentVersion: CONSENT_VERSION,
            possibleDuplicates: allDuplicateIds(duplicates),
          },
        },
        manager,
      );
      return withDuplicates(workerView(row, secrets), duplicates);
    };
    return manager ? run(manager) : this.db.transaction(run);
  }

  /** One worker, decrypted; an erased worker reads as `{ id, erased: true }`. Audited as worker.read. */
  async get(id: string, actor: UserActor, meta: RequestMeta = {}): Promise<WorkerRecordView> {
    // READ COMMITTED (the default): the audit chain refuses snapshot isolation.
    return this.db.transaction(async (manager) => {
      const row = await this.loadInScope(manager, id, actor, false);
      if (isErased(row)) {
        await this.recordRead(manager, row.id, actor, meta, { erased: true });
        return { erased: true, id: row.id };
      }
      const view = workerView(row, this.cipher.open(row));
      await this.recordRead(manager, row.id, actor, meta, {});
      return view;
    });
  }

  /**
   * `create`'s answer for an existing worker, as of now (an idempotent replay of the create): the
   * worker and the possible duplicates found today; an erased worker reads as `{ id, erased: true }`.
   * Audited as worker.read, like `get`.
   */
  async getWithDuplicates(
    id: string,
    actor: UserActor,
    meta: RequestMeta = {},
  ): Promise<WorkerWithDuplicates | ErasedWorkerView> {
    return this.db.transaction(async (manager) => {
      const row = await this.loadInScope(manager, id, actor, false);
      if (isErased(row)) {
        await this.recordRead(manager, row.id, actor, meta, { erased: true });
        return { erased: true, id: row.id };
      }
      const view = workerView(row, this.cipher.open(row));
      const duplicates = await findPossibleDuplicates(manager, row.id, row, scopeUserId(actor));
      await this.recordRead(manager, row.id, actor, meta, {});
      return withDuplicates(view, duplicates);
    });
  }

  async update(
    id: string,
    patch: UpdateWorkerInput,
    actor: UserActor,
    meta: RequestMeta = {},
    expectedVersion?: number,
  ): Promise<WorkerWithDuplicates> {
    return this.db.transaction(async (manager) => {
      const row = await this.loadInScope(manager, id, actor, true);
      if (isErased(row))
        throw new WorkerError('worker.erased', 'This worker was erased; the record can no longer be changed');
      if (expectedVersion !== undefined && expectedVersion !== row.version) {
        throw new WorkerError(
          'worker.stale-version',
          'The worker was changed by someone else; reload it and apply your change again',
          { details: { currentVersion: row.version } },
        );
      }
      const before = this.cipher.open(row);
      const after: WorkerSecrets = { ...before };
      const changed: string[] = [];

      const setSecret = <K extends keyof WorkerSecrets>(field: K, value: WorkerSecrets[K]) => {
        after[field] = value;
        if (before[field] !== value) changed.push(field);
      };
      if (patch.fullName !== undefined) setSecret('fullName', patch.fullName.trim());
      if (patch.fullNameLatin !== undefined) setSecret('fullNameLatin', clean(patch.fullNameLatin));
      if (patch.nationality !== undefined) setSecret('nationality', clean(patch.nationality));
      if (patch.phone !== undefined) setSecret('phone', cleanPhone(patch.phone));
      if (patch.email !== undefined) setSecret('email', clean(patch.email));
      if (patch.telegram !== undefined) setSecret('telegram', clean(patch.telegram));
      if (patch.residenceStatus !== undefined) setSecret('residenceStatus', patch.residenceStatus);

      const setPlain = <K extends 'preferredLanguage' | 'countryOfWork' | 'city'>(
        field: K,
        value: MigrantWorker[K],
      ) => {
        if (row[field] === value) return;
        row[field] = value;
        changed.push(field);
      };
      if (patch.preferredLanguage !== undefined) setPlain('preferredLanguage', patch.preferredLanguage);
      if (patch.countryOfWork !== undefined) setPlain('countryOfWork', patch.countryOfWork);
      if (patch.city !== undefined) setPlain('city', clean(patch.city));

      const now = new Date();
      if (patch.consent !== undefined) {
        const consentChanges: string[] = [];
        const { partnerSharing, contactChannels } = patch.consent;
        if (partnerSharing !== undefined && partnerSharing !== row.consentPartnerSharing) {
          row.consentPartnerSharing = partnerSharing;
          consentChanges.push('consent.partnerSharing');
        }
        if (contactChannels !== undefined) {
          const channels = [...new Set(contactChannels)];
          if (!sameChannels(channels, row.consentContactChannels)) {
            row.consentContactChannels = channels;
            consentChanges.push('consent.contactChannels');
          }
        }
        // Consent given again (or changed) is a new consent record under the current text.
        if (consentChanges.length > 0 || row.consentVersion !== CONSENT_VERSION) {
          row.consentVersion = CONSENT_VERSION;
          row.consentGivenAt = now;
          changed.push(...consentChanges, 'consent.givenAt');
        }
      }
      assertChannelsHaveContacts(row.consentContactChannels, after);

      const changedSecrets = SECRET_FIELDS.filter((field) => changed.includes(field));
      if (changedSecrets.length > 0) {
        const sealed = this.cipher.withKey(row, (key) => this.cipher.seal(key, row.id, after));
        // Only the changed fields get new ciphertext; the others keep theirs.
        for (const field of changedSecrets) {
          const property = ENCRYPTED_WORKER_FIELDS[field].property;
          row[property] = sealed[property];
          if (field === 'phone' || field === 'email' || field === 'telegram') {
            row[BLIND_INDEX_PROPERTY[field]] = sealed[BLIND_INDEX_PROPERTY[field]];
          }
        }
      }
      if (changed.length > 0) {
        row.updatedAt = now;
        // save() bumps the @VersionColumn.
        await manager.save(MigrantWorker, row);
      }
      const duplicates = await findPossibleDuplicates(manager, row.id, row, scopeUserId(actor));
      // Recorded also when nothing changed: the response discloses the record, like a read.
      await this.audit.record(
        {
          actor,
          action: 'worker.update',
          entityType: 'worker',
          entityId: row.id,
          meta,
          details: { fields: changed, possibleDuplicates: allDuplicateIds(duplicates) },
        },
        manager,
      );
      return withDuplicates(workerView(row, after), duplicates);
    });
  }

  /**
   * In-scope workers, newest first (ids are UUID v7). Erased workers are left out, and so is a row
   * that fails its integrity check (logged with its id; GET of that id answers the 500 problem).
   * `q`: a phone, email or Telegram handle is matched exactly by blind index; anything else is a
   * name search over at most NAME_SEARCH_MAX_SCAN candidates per request (see there). One
   * `worker.list` audit event names the returned ids.
   */
  async list(actor: UserActor, query: WorkerListQuery, meta: RequestMeta = {}): Promise<WorkerPage> {
    const search = classifyWorkerSearch(query.q);
    const after = query.cursor !== undefined ? decodeWorkerCursor(query.cursor) : null;
    const userId = scopeUserId(actor);
    return this.db.transaction(async (manager) => {
      let rows: MigrantWorker[];
      let nextCursor: string | null;
      if (search.kind === 'name') {
        ({ rows, nextCursor } = await this.searchByName(manager, userId, search.text, after, query.limit));
      } else {
        const filter =
          search.kind === 'contact'
            ? { kind: search.field, value: this.cipher.blindIndex(search.field, search.value) }
            : undefined;
        // A contact that normalises to nothing can match nobody.
        const fetched =
          filter?.value === null
            ? []
            : await this.candidates(manager, userId, after, fetchSizeFor(query.limit), filter).getMany();
        ({ items: rows, nextCursor } = pageOf(fetched, query.limit, (last) => encodeWorkerCursor(last.id)));
      }
      const items: WorkerView[] = [];
      const unreadable: string[] = [];
      for (const row of rows) {
        const secrets = this.cipher.tryOpen(row);
        if (secrets === null) unreadable.push(row.id);
        else items.push(workerView(row, secrets));
      }
      await this.audit.record(
        {
          actor,
          action: 'worker.list',
          entityType: 'worker',
          meta,
          details: {
            search: search.kind === 'contact' ? search.field : search.kind,
            ids: items.map((item) => item.id),
            ...(unreadable.length > 0 ? { unreadable } : {}),
          },
        },
        manager,
      );
      return { items, nextCursor };
    });
  }

  /**
   * Of `ids`, those that name a worker who exists, is not erased, and is in the actor's scope
   * (a system job's scope is every worker). For other areas that link workers to their records
   * (complaints). Unknown or malformed ids are simply absent from the answer.
   */
  async findAccessibleIds(actor: AnyActor, ids: readonly string[], manager?: EntityManager): Promise<string[]> {
    return this.liveIds(ids, scopeUserId(actor), manager);
  }

  /**
   * The residence status of each worker in `ids`, for rules such as the immigration-risk warning
   * on a labour inspectorate step. An erased worker, or one whose record fails its integrity
   * check, counts as `unknown`: the cautious reading for a risk rule. Unknown ids are absent.
   * Not audited here and not for display: the caller uses the value to decide, never shows it.
   */
  async residenceStatusOf(ids: readonly string[], manager?: EntityManager): Promise<Map<string, ResidenceStatus>> {
    const wanted = ids.filter(isUuid).map((id) => id.toLowerCase());
    const result = new Map<string, ResidenceStatus>();
    if (wanted.length === 0) return result;
    const rows = await (manager ?? this.db.manager).find(MigrantWorker, {
      where: { id: In(wanted) },
      select: { id: true, residenceStatusEnc: true, dataKeyWrapped: true, dataKeyMasterId: true, erasedAt: true },
    });
    for (const row of rows) {
      const status = isErased(row) ? null : this.cipher.tryOpenResidenceStatus(row);
      result.set(row.id, status ?? 'unknown');
    }
    return result;
  }

  private async liveIds(ids: readonly string[], userId: string | null, manager?: EntityManager): Promise<string[]> {
    const wanted = [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
    if (wanted.length === 0) return [];
    const rows = (await (manager ?? this.db.manager).query(
      `SELECT w.id FROM migrant_workers w
        WHERE w.id = ANY($1::uuid[]) AND w.erased_at IS NULL AND w.data_key_wrapped IS NOT NULL
          AND ${workerInScopeSql('w', '$2')}`,
      [wanted, userId],
    )) as Array<{ id: string }>;
    return rows.map((row) => row.id);
  }

  /** The row when it exists and is in scope, else the same 404; `lock` takes it FOR UPDATE. */
  private async loadInScope(manager: EntityManager, id: string, actor: UserActor, lock: boolean) {
    const qb = manager
      .createQueryBuilder(MigrantWorker, 'w')
      .where('w.id = :id', { id })
      .andWhere(workerInScopeSql('w', ':userId'), { userId: scopeUserId(actor) });
    if (lock) qb.setLock('pessimistic_write');
    const row = await qb.getOne();
    if (!row) throw new RecordNotFoundError('Worker');
    return row;
  }

  /** Live in-scope workers, newest first, after the cursor id, optionally with one blind index. */
  private candidates(
    manager: EntityManager,
    userId: string | null,
    after: string | null,
    limit: number,
    blindIndex?: { kind: BlindIndexKind; value: string | null },
  ) {
    const qb = manager
      .createQueryBuilder(MigrantWorker, 'w')
      .where('w.erasedAt IS NULL')
      .andWhere('w.dataKeyWrapped IS NOT NULL')
      .orderBy('w.id', 'DESC')
      .limit(limit);
    if (userId !== null) qb.andWhere(`w.id IN (${scopedWorkerIdsSql(':userId')})`, { userId });
    if (after !== null) qb.andWhere('w.id < :after', { after });
    if (blindIndex) qb.andWhere(`w.${BLIND_INDEX_PROPERTY[blindIndex.kind]} = :bidx`, { bidx: blindIndex.value });
    return qb;
  }

  /**
   * Decrypts the names of in-scope candidates batch by batch, newest first, until `limit` match
   * or NAME_SEARCH_MAX_SCAN were looked at. The cursor continues after the last candidate looked
   * at, so a page cut short by the bound can be followed further back (a page may then be short,
   * or even empty, while `nextCursor` is still set).
   */
  private async searchByName(
    manager: EntityManager,
    userId: string | null,
    text: string,
    after: string | null,
    limit: number,
  ): Promise<{ rows: MigrantWorker[]; nextCursor: string | null }> {
    const matcher = new NameMatcher(text);
    if (!matcher.usable) return { rows: [], nextCursor: null };
    const matched: string[] = [];
    let last = after;
    let scanned = 0;
    let exhausted = false;
    scan: while (scanned < NAME_SEARCH_MAX_SCAN) {
      const take = Math.min(NAME_SEARCH_BATCH, NAME_SEARCH_MAX_SCAN - scanned);
      const batch = await this.candidates(manager, userId, last, take)
        .select(['w.id', 'w.fullNameEnc', 'w.fullNameLatinEnc', 'w.dataKeyWrapped', 'w.dataKeyMasterId'])
        .getMany();
      for (const [index, row] of batch.entries()) {
        scanned++;
        last = row.id;
        const names = this.cipher.tryOpenNames(row);
        if (names !== null && matcher.matches(names)) matched.push(row.id);
        if (matched.length === limit) {
          exhausted = batch.length < take && index === batch.length - 1;
          break scan;
        }
      }
      if (batch.length < take) {
        exhausted = true;
        break;
      }
    }
    const rows =
      matched.length === 0
        ? []
        : await manager.find(MigrantWorker, { where: { id: In(matched) }, order: { id: 'DESC' } });
    return { rows, nextCursor: exhausted || last === null ? null : encodeWorkerCursor(last) };
  }

  private recordRead(
    manager: EntityManager,
    workerId: string,
    actor: UserActor,
    meta: RequestMeta,
    details: { erased?: true },
  ): Promise<void> {
    return this.audit.record(
      { actor, action: 'worker.read', entityType: 'worker', entityId: workerId, meta, details },
      manager,
    );
  }
}

function withDuplicates(worker: WorkerView, duplicates: DuplicateCheck): WorkerWithDuplicates {
  return { worker, possibleDuplicates: duplicates.visible, hiddenDuplicates: duplicates.hidden.length };
}

function allDuplicateIds(duplicates: DuplicateCheck): string[] {
  return [...duplicates.visible.map((d) => d.id), ...duplicates.hidden];
}
