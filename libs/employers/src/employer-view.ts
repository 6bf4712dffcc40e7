import type { EntityManager } from 'typeorm';
import { CASE_ROLES, type UserActor } from '@mc/security';
import type { Employer, EmployerKind } from './employer.entity.js';

/** What the employers library hands out: never the entity with its ciphertext. */
export interface EmployerView {
  id: string;
  name: string;
  aliases: string[];
  kind: EmployerKind;
  registryNumber: string | null;
  vatId: string | null;
  country: string;
  city: string | null;
  /** A household's address only for case roles (personal data); otherwise null for households. */
  address: string | null;
  website: string | null;
  sector: string | null;
  parentEmployerId: string | null;
  mergedIntoId: string | null;
  /** False for a record opened from a migrant's own words (intake page, bot) that nobody checked yet. */
  verified: boolean;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export interface Money {
  /** Decimal string, e.g. `1250.00`: never a float. */
  amount: string;
  currency: string;
}

export interface EmployerStats {
  complaints: number;
  workersAffected: number;
  openComplaints: number;
  amountClaimed: Money[];
  amountRecovered: Money[];
}

export interface PossibleDuplicate {
  id: string;
  name: string;
  score: number;
}

export interface CreatedEmployer {
  employer: EmployerView;
  possibleDuplicates: PossibleDuplicate[];
}

export interface EmployerDetail {
  employer: EmployerView;
  /** The merged employer that was asked for, when the answer is its merge target. */
  redirectedFrom: string | null;
}

export interface EmployerSearchHit {
  employer: EmployerView;
  /** 0–1: 1 for an exact registry number, else the best trigram similarity; null when listing without `q`. */
  score: number | null;
}

export interface EmployerSearchPage {
  items: EmployerSearchHit[];
  nextCursor: string | null;
}

export interface EmployerRef {
  id: string;
  name: string;
  kind: EmployerKind;
  country: string;
  registryNumber: string | null;
}

export type DuplicateReason = 'registry_number' | 'name';

export interface DuplicatePair {
  first: EmployerRef;
  second: EmployerRef;
  score: number;
  reasons: DuplicateReason[];
}

export interface DuplicatePage {
  items: DuplicatePair[];
  nextCursor: string | null;
}

export interface MergeCounts {
  complaintsMoved: number;
  intermediaryLinksMoved: number;
  intermediaryLinksRemoved: number;
  aliasesMoved: number;
  childrenMoved: number;
}

/** What the records of other areas (complaints) that named the merged employer did. */
export type EmployerReferenceCounts = Pick<
  MergeCounts,
  'complaintsMoved' | 'intermediaryLinksMoved' | 'intermediaryLinksRemoved'
>;

/**
 * Moves what other libraries hold of an employer to its merge target, inside the merge's
 * transaction: the owner of those tables provides it (the complaints library), so this library
 * never writes them, and both commit or roll back together.
 */
export type EmployerReferenceMover = (
  manager: EntityManager,
  sourceId: string,
  targetId: string,
) => Promise<EmployerReferenceCounts>;

export interface MergeResult {
  employer: EmployerView;
  counts: MergeCounts;
}

/** A household's address is personal data: only the roles that work on cases may read it. */
export function mayReadHouseholdAddress(actor: UserActor): boolean {
  return CASE_ROLES.includes(actor.role);
}

export function roundScore(score: number): number {
  return Math.round(score * 1000) / 1000;
}

export function toEmployerView(employer: Employer, aliases: string[], address: string | null): EmployerView {
  return {
    id: employer.id,
    name: employer.name,
    aliases,
    kind: employer.kind,
    registryNumber: employer.registryNumber,
    vatId: employer.vatId,
    country: employer.country,
    city: employer.city,
    address,
    website: employer.website,
    sector: employer.sector,
    parentEmployerId: employer.parentEmployerId,
    mergedIntoId: employer.mergedIntoId,
    verified: employer.verified,
    createdAt: employer.createdAt,
    updatedAt: employer.updatedAt,
    version: employer.version,
  };
}
