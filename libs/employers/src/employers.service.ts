import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { newId } from '@mc/database';
import {
  AuditService,
  RecordNotFoundError,
  createdByOf,
  type CreatingActor,
  type RequestMeta,
  type UserActor,
} from '@mc/security';
import { EmployerError } from './employer-errors.js';
import { EmployerAddressCipher } from './employer-address.cipher.js';
import { employerAliasesRepository, sameAliases } from './employer-aliases.repository.js';
import { employerHierarchy, followRedirects } from './employer-hierarchy.js';
import { EmployerMergeService } from './employer-merge.service.js';
import { normaliseEmployerName, normaliseRegistryNumber } from './employer-name.js';
import { EmployerSearchService, type SearchQuery } from './employer-search.service.js';
import {
  mayReadHouseholdAddress,
  toEmployerView,
  type CreatedEmployer,
  type DuplicatePage,
  type EmployerDetail,
  type EmployerReferenceMover,
  type EmployerRef,
  type EmployerSearchPage,
  type EmployerView,
  type MergeResult,
} from './employer-view.js';
import { Employer, type EmployerKind } from './employer.entity.js';

export interface CreateEmployerInput {
  name: string;
  aliases?: string[];
  kind: EmployerKind;
  registryNumber?: string;
  vatId?: string;
  country: string;
  city?: string;
  address?: string;
  website?: string;
  sector?: string;
  parentEmployerId?: string;
}

/** PATCH: an absent field is left alone; null clears an optional field; `aliases` replaces all. */
export interface UpdateEmployerInput {
  name?: string;
  aliases?: string[];
  kind?: EmployerKind;
  registryNumber?: string | null;
  vatId?: string | null;
  country?: string;
  city?: string | null;
  address?: string | null;
  website?: string | null;
  sector?: string | null;
  parentEmployerId?: string | null;
  /** `true` once a caseworker checked a record opened from the intake page. */
  verified?: boolean;
}

function clean(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/**
 * Employers: companies, agencies, households that workers complain about. Names are stored
 * with a normal form (`search_name`) for fuzzy search; a household's address is encrypted.
 */
@Injectable()
export class EmployersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly addresses: EmployerAddressCipher,
    private readonly searching: EmployerSearchService,
    private readonly merging: EmployerMergeService,
  ) {}

  async create(input: CreateEmployerInput, actor: UserActor, meta: RequestMeta = {}): Promise<CreatedEmployer> {
    const id = newId();
    return this.db.transaction(async (manager) => {
      const parentEmployerId =
        input.parentEmployerId !== undefined
          ? await employerHierarchy.resolveParent(manager, input.parentEmployerId)
          : null;
      const name = input.name.trim();
      const registryNumber = clean(input.registryNumber);
      const now = new Date();
      const employer = manager.create(Employer, {
        id,
        name,
        searchName: normaliseEmployerName(name),
        kind: input.kind,
        registryNumber,
        registryNumberNorm: normaliseRegistryNumber(registryNumber),
        vatId: clean(input.vatId),
        country: input.country,
        city: clean(input.city),
        ...this.addresses.seal(id, input.kind, clean(input.address)),
        website: clean(input.website),
        sector: input.sector ?? null,
        parentEmployerId,
        mergedIntoId: null,
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
        version: 1,
      });
      await manager.insert(Employer, employer);
      await employerAliasesRepository.add(manager, id, input.aliases ?? []);
      const aliases = (await employerAliasesRepository.load(manager, [id])).get(id) ?? [];
      const possibleDuplicates = await this.searching.possibleDuplicates(
        manager,
        id,
        [employer.searchName, ...aliases.map(normaliseEmployerName)],
        employer.registryNumberNorm,
      );
      await this.audit.record(
        {
          actor,
          action: 'employer.create',
          entityType: 'employer',
          entityId: id,
          meta,
          details: {
            kind: employer.kind,
            country: employer.country,
            aliases: aliases.length,
            parentEmployerId,
            possibleDuplicates: possibleDuplicates.map((d) => d.id),
          },
        },
        manager,
      );
      return { employer: this.view(employer, aliases, actor), possibleDuplicates };
    });
  }

  /**
   * The employer a migrant named on the intake page (or to the bot): a known employer of that
   * country when the name matches one strongly, else a new record with `verified: false` (kind
   * `direct_employer` until a caseworker knows better). In the caller's transaction.
   */
  async matchOrCreateUnverified(
    manager: EntityManager,
    input: { name: string; country: string; city: string | null },
    actor: CreatingActor,
    meta: RequestMeta = {},
  ): Promise<{ employerId: string; matched: boolean }> {
    const name = input.name.trim();
    const searchName = normaliseEmployerName(name);
    const match = await this.searching.strongMatch(manager, searchName, input.country);
    if (match) return { employerId: match.id, matched: true };
    const id = newId();
    const now = new Date();
    await manager.insert(Employer, {
      id,
      name,
      searchName,
      kind: 'direct_employer',
      registryNumber: null,
      registryNumberNorm: null,
      vatId: null,
      country: input.country,
      city: input.city,
      address: null,
      addressEnc: null,
      website: null,
      sector: null,
      parentEmployerId: null,
      mergedIntoId: null,
      verified: false,
      createdBy: createdByOf(actor),
      createdAt: now,
      updatedAt: now,
      version: 1,
    });
    await this.audit.record(
      {
        actor,
        action: 'employer.create',
        entityType: 'employer',
        entityId: id,
        meta,
        details: { kind: 'direct_employer', country: input.country, verified: false },
      },
      manager,
    );
    return { employerId: id, matched: false };
  }

  /**
   * One employer (its complaint figures come from @mc/complaints). A merged employer answers with its merge
   * target (following later merges too) and `redirectedFrom` set to the id that was asked for.
   * Revealing a household's address is audited: it is where a person lives.
   */
  async get(id: string, actor: UserActor, meta: RequestMeta = {}): Promise<EmployerDetail> {
    // READ COMMITTED (the default): the audit chain refuses snapshot isolation.
    return this.db.transaction(async (manager) => {
      const liveId = await followRedirects(manager, id);
      if (liveId === null) throw new RecordNotFoundError('Employer');
      const employer = await manager.findOneByOrFail(Employer, { id: liveId });
      const aliases = (await employerAliasesRepository.load(manager, [liveId])).get(liveId) ?? [];
      const view = this.view(employer, aliases, actor);
      if (employer.addressEnc !== null && view.address !== null) {
        await this.audit.record(
          {
            actor,
            action: 'employer.read',
            entityType: 'employer',
            entityId: liveId,
            meta,
            details: { fields: ['address'], household: true },
          },
          manager,
        );
      }
      return { employer: view, redirectedFrom: liveId === id ? null : id };
    });
  }

  /**
   * `create`'s answer for an existing employer, as of now: for an idempotent replay of the create.
   * Follows merges like `get` (and audits a household address read like it); the possible
   * duplicates are looked up again.
   */
  async getAsCreated(id: string, actor: UserActor, meta: RequestMeta = {}): Promise<CreatedEmployer> {
    const { employer } = await this.get(id, actor, meta);
    const possibleDuplicates = await this.searching.possibleDuplicates(
      this.db.manager,
      employer.id,
      [employer.name, ...employer.aliases].map(normaliseEmployerName),
      normaliseRegistryNumber(employer.registryNumber),
    );
    return { employer, possibleDuplicates };
  }

  async update(
    id: string,
    patch: UpdateEmployerInput,
    actor: UserActor,
    meta: RequestMeta = {},
    expectedVersion?: number,
  ): Promise<EmployerView> {
    return this.db.transaction(async (manager) => {
      const employer = await manager.findOne(Employer, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!employer) throw new RecordNotFoundError('Employer');
      if (employer.mergedIntoId !== null) {
        throw new EmployerError(
          'employer.merged',
          'This employer was merged into another; change the merge target instead',
          { details: { mergedIntoId: employer.mergedIntoId } },
        );
      }
      if (expectedVersion !== undefined && expectedVersion !== employer.version) {
        throw new EmployerError('employer.stale-version', 'The employer was changed by someone else', {
          details: { currentVersion: employer.version },
        });
      }
      const changed = await this.applyPatch(manager, employer, patch, actor);
      let aliases = (await employerAliasesRepository.load(manager, [id])).get(id) ?? [];
      if (patch.aliases !== undefined) {
        await employerAliasesRepository.replace(manager, id, patch.aliases);
        const replaced = (await employerAliasesRepository.load(manager, [id])).get(id) ?? [];
        if (!sameAliases(aliases, replaced)) changed.push('aliases');
        aliases = replaced;
      }
      if (changed.length === 0) return this.view(employer, aliases, actor);
      employer.updatedAt = new Date();
      // save() bumps the @VersionColumn; aliases-only changes still touch updated_at, so they do too.
      await manager.save(Employer, employer);
      await this.audit.record(
        { actor, action: 'employer.update', entityType: 'employer', entityId: id, meta, details: { fields: changed } },
        manager,
      );
      return this.view(employer, aliases, actor);
    });
  }

  /** Applies the scalar fields of a patch to the loaded row; returns the names of changed fields. */
  private async applyPatch(
    manager: EntityManager,
    employer: Employer,
    patch: UpdateEmployerInput,
    actor: UserActor,
  ): Promise<string[]> {
    const changed: string[] = [];
    const set = <K extends keyof Employer>(field: string, key: K, value: Employer[K]) => {
      if (employer[key] === value) return;
      employer[key] = value;
      changed.push(field);
    };
    if (patch.verified !== undefined) set('verified', 'verified', patch.verified);
    if (patch.name !== undefined) {
      const name = patch.name.trim();
      set('name', 'name', name);
      employer.searchName = normaliseEmployerName(name);
    }
    if (patch.registryNumber !== undefined) {
      const registryNumber = clean(patch.registryNumber);
      set('registryNumber', 'registryNumber', registryNumber);
      employer.registryNumberNorm = normaliseRegistryNumber(registryNumber);
    }
    if (patch.vatId !== undefined) set('vatId', 'vatId', clean(patch.vatId));
    if (patch.country !== undefined) set('country', 'country', patch.country);
    if (patch.city !== undefined) set('city', 'city', clean(patch.city));
    if (patch.website !== undefined) set('website', 'website', clean(patch.website));
    if (patch.sector !== undefined) set('sector', 'sector', patch.sector);
    if (patch.parentEmployerId !== undefined) {
      let parentId: string | null = null;
      if (patch.parentEmployerId !== null) {
        await employerHierarchy.lock(manager);
        parentId = await employerHierarchy.resolveParent(manager, patch.parentEmployerId);
        await employerHierarchy.assertNoCycle(manager, employer.id, parentId);
      }
      set('parentEmployerId', 'parentEmployerId', parentId);
    }
    // Kind and address decide together where the address is stored (plain or encrypted).
    if (patch.kind !== undefined || patch.address !== undefined) {
      // A household's address is a worker's home: whoever may not read it may not unseal it
      // (turning the household into a company) or overwrite it either.
      if (employer.kind === 'household' && !mayReadHouseholdAddress(actor)) {
        throw new EmployerError(
          'employer.household-change-forbidden',
          'Only caseworkers, coordinators and admins may change the kind or address of a household',
        );
      }
      const before = this.addresses.open(employer);
      const address = patch.address !== undefined ? clean(patch.address) : before;
      const kind = patch.kind ?? employer.kind;
      if (kind !== employer.kind) {
        employer.kind = kind;
        changed.push('kind');
      }
      if (address !== before) changed.push('address');
      if (changed.includes('kind') || changed.includes('address')) {
        Object.assign(employer, this.addresses.seal(employer.id, kind, address));
      }
    }
    return changed;
  }

  async search(query: SearchQuery, actor: UserActor): Promise<EmployerSearchPage> {
    const ranked = await this.searching.search(query);
    const views = await this.views(
      ranked.rows.map((r) => r.id),
      actor,
      false,
    );
    return {
      items: ranked.rows.map((r) => ({ employer: views.get(r.id)!, score: r.score })),
      nextCursor: ranked.nextCursor,
    };
  }

  async duplicates(limit: number, cursor?: string): Promise<DuplicatePage> {
    const page = await this.searching.duplicates(limit, cursor);
    const ids = [...new Set(page.rows.flatMap((r) => [r.firstId, r.secondId]))];
    const rows = ids.length > 0 ? await this.db.getRepository(Employer).findBy({ id: In(ids) }) : [];
    const refs = new Map<string, EmployerRef>(
      rows.map((e) => [
        e.id,
        { id: e.id, name: e.name, kind: e.kind, country: e.country, registryNumber: e.registryNumber },
      ]),
    );
    return {
      items: page.rows.map((r) => ({
        first: refs.get(r.firstId)!,
        second: refs.get(r.secondId)!,
        score: r.score,
        reasons: r.reasons,
      })),
      nextCursor: page.nextCursor,
    };
  }

  /** `moveReferences` comes from the owner of the records that name employers (ComplaintEmployerReferences). */
  async merge(
    targetId: string,
    sourceId: string,
    moveReferences: EmployerReferenceMover,
    actor: UserActor,
    meta: RequestMeta = {},
  ): Promise<MergeResult> {
    const result = await this.merging.merge(targetId, sourceId, moveReferences, actor, meta);
    const views = await this.views([targetId], actor, true);
    return { employer: views.get(targetId)!, counts: result };
  }

  /**
   * Views of several employers in one go. Lists never show a household's address (`reveal`
   * false): reading it is a deliberate, audited GET of that one employer.
   */
  private async views(ids: readonly string[], actor: UserActor, reveal: boolean): Promise<Map<string, EmployerView>> {
    if (ids.length === 0) return new Map();
    const manager = this.db.manager;
    const rows = await manager.findBy(Employer, { id: In([...ids]) });
    const aliases = await employerAliasesRepository.load(manager, ids);
    return new Map(
      rows.map((e) => [
        e.id,
        toEmployerView(e, aliases.get(e.id) ?? [], this.addresses.visible(e, reveal && mayReadHouseholdAddress(actor))),
      ]),
    );
  }

  private view(employer: Employer, aliases: string[], actor: UserActor): EmployerView {
    return toEmployerView(employer, aliases, this.addresses.visible(employer, mayReadHouseholdAddress(actor)));
  }
}
