import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { newId } from '@mc/database';
import { normaliseEmployerName } from '@mc/employers';

/*
 * Minimal valid rows written with raw SQL, for tests that need a worker or an employer to point at
 * without going through the workers/employers APIs. The rows satisfy every constraint, but a
 * fixture worker's data key is random bytes under the master key id `fixture`: it cannot be
 * unwrapped, so do not read such a worker through the workers API (create one over HTTP for that).
 */

export interface EmployerFixture {
  id: string;
  name: string;
  kind: string;
  country: string;
  mergedIntoId: string | null;
  createdBy: string | null;
}

export interface EmployerOverrides {
  id?: string;
  name?: string;
  kind?: string;
  country?: string;
  city?: string | null;
  mergedIntoId?: string | null;
  parentEmployerId?: string | null;
  createdBy?: string | null;
}

export async function insertEmployer(ds: DataSource, overrides: EmployerOverrides = {}): Promise<EmployerFixture> {
  const id = overrides.id ?? newId();
  const name = overrides.name ?? `Fixture Employer ${randomBytes(4).toString('hex')} GmbH`;
  const row = {
    id,
    name,
    kind: overrides.kind ?? 'direct_employer',
    country: overrides.country ?? 'DE',
    mergedIntoId: overrides.mergedIntoId ?? null,
    createdBy: overrides.createdBy ?? null,
  };
  await ds.query(
    `INSERT INTO employers (id, name, search_name, kind, country, city, parent_employer_id, merged_into_id, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      id,
      name,
      normaliseEmployerName(name),
      row.kind,
      row.country,
      overrides.city ?? null,
      overrides.parentEmployerId ?? null,
      row.mergedIntoId,
      row.createdBy,
    ],
  );
  return row;
}

export interface WorkerFixture {
  id: string;
  createdBy: string | null;
  countryOfWork: string;
  erasedAt: Date | null;
}

export interface WorkerOverrides {
  id?: string;
  createdBy?: string | null;
  countryOfWork?: string;
  city?: string | null;
  preferredLanguage?: string;
  /** An erased worker: no data key, `erased_at` set. */
  erasedAt?: Date | null;
  consentPartnerSharing?: 'none' | 'anonymised' | 'full';
}

export async function insertWorker(ds: DataSource, overrides: WorkerOverrides = {}): Promise<WorkerFixture> {
  const id = overrides.id ?? newId();
  const erasedAt = overrides.erasedAt ?? null;
  const row = {
    id,
    createdBy: overrides.createdBy ?? null,
    countryOfWork: overrides.countryOfWork ?? 'DE',
    erasedAt,
  };
  await ds.query(
    `INSERT INTO migrant_workers (id, preferred_language, country_of_work, city, consent_data_processing,
                                  consent_partner_sharing, consent_contact_channels, consent_version, consent_given_at,
                                  data_key_wrapped, data_key_master_id, erased_at, created_by)
     VALUES ($1, $2, $3, $4, true, $5, '{}', 'fixture', now(), $6, $7, $8, $9)`,
    [
      id,
      overrides.preferredLanguage ?? 'ru',
      row.countryOfWork,
      overrides.city ?? null,
      overrides.consentPartnerSharing ?? 'none',
      erasedAt ? null : randomBytes(61),
      erasedAt ? null : 'fixture',
      erasedAt,
      row.createdBy,
    ],
  );
  return row;
}
