import type { ContactChannel, ResidenceStatus, SharingLevel } from './migrant-worker.entity.js';

export type DuplicateField = 'phone' | 'email' | 'telegram';

/** Another worker sharing a contact value: ids only, never the other person's identity. */
export interface PossibleDuplicate {
  id: string;
  matchedOn: DuplicateField[];
}

/** Possible duplicates of a worker, split by whether the caller may open them. */
export interface DuplicateCheck {
  visible: PossibleDuplicate[];
  /** Ids for the audit log only: the caller is told how many, never which. */
  hidden: string[];
}

export interface WorkerConsentView {
  dataProcessing: boolean;
  partnerSharing: SharingLevel;
  contactChannels: ContactChannel[];
  version: string;
  givenAt: Date;
}

/** A worker as the service returns it: decrypted, for a caller already checked to be in scope. */
export interface WorkerView {
  erased: false;
  id: string;
  fullName: string;
  fullNameLatin: string | null;
  preferredLanguage: string;
  nationality: string | null;
  phone: string | null;
  email: string | null;
  telegram: string | null;
  countryOfWork: string;
  city: string | null;
  residenceStatus: ResidenceStatus;
  consent: WorkerConsentView;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

/** An erased worker (data key destroyed): the id survives for statistics, the identity does not. */
export interface ErasedWorkerView {
  erased: true;
  id: string;
}

export type WorkerRecordView = WorkerView | ErasedWorkerView;

export interface WorkerWithDuplicates {
  worker: WorkerView;
  /** Duplicates the caller may open. */
  possibleDuplicates: PossibleDuplicate[];
  /** How many more there are that the caller may not open (a coordinator can look). */
  hiddenDuplicates: number;
}

export interface WorkerPage {
  items: WorkerView[];
  nextCursor: string | null;
}
