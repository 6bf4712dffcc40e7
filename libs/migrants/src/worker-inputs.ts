import type { ContactChannel, ResidenceStatus, SharingLevel } from './migrant-worker.entity.js';

/**
 * The version of the consent text a worker agrees to. Stored with every consent record, so a
 * later change of the wording can tell who agreed to which text. Bump it when the text changes.
 */
export const CONSENT_VERSION = '2026-11';

export interface ConsentInput {
  /** Always `true`: without consent to processing nothing may be stored (the DTO refuses anything else). */
  dataProcessing: true;
  partnerSharing?: SharingLevel;
  contactChannels?: ContactChannel[];
}

export interface CreateWorkerInput {
  fullName: string;
  fullNameLatin?: string | null;
  preferredLanguage: string;
  nationality?: string | null;
  phone?: string | null;
  email?: string | null;
  telegram?: string | null;
  countryOfWork: string;
  city?: string | null;
  residenceStatus: ResidenceStatus;
  consent: ConsentInput;
}

/** PATCH: an absent field is left alone; null clears an optional field; `consent` merges. */
export interface UpdateWorkerInput {
  fullName?: string;
  fullNameLatin?: string | null;
  preferredLanguage?: string;
  nationality?: string | null;
  phone?: string | null;
  email?: string | null;
  telegram?: string | null;
  countryOfWork?: string;
  city?: string | null;
  residenceStatus?: ResidenceStatus;
  consent?: Partial<ConsentInput>;
}

export interface WorkerListQuery {
  q?: string;
  limit: number;
  cursor?: string;
}
