import { Injectable, Logger } from '@nestjs/common';
import { DecryptionError, FieldEncryptionService, type BlindIndexKind } from '@mc/security';
import type { MigrantWorker, ResidenceStatus } from './migrant-worker.entity.js';
import { ENCRYPTED_WORKER_FIELDS, workerFieldAad, type EncryptedWorkerField } from './worker-fields.js';
import { WorkerError } from './worker-errors.js';
import type { WorkerView } from './worker-view.js';

/** The personal fields in clear text, as the service handles them between request and row. */
export type WorkerSecrets = {
  fullName: string;
  fullNameLatin: string | null;
  nationality: string | null;
  phone: string | null;
  email: string | null;
  telegram: string | null;
  residenceStatus: ResidenceStatus;
};

/** The row's columns that hold personal data or are derived from it. */
export type SealedWorkerColumns = Pick<
  MigrantWorker,
  | 'fullNameEnc'
  | 'fullNameLatinEnc'
  | 'nationalityEnc'
  | 'phoneEnc'
  | 'emailEnc'
  | 'telegramEnc'
  | 'residenceStatusEnc'
  | 'phoneBidx'
  | 'emailBidx'
  | 'telegramBidx'
>;

type KeyedRow = Pick<MigrantWorker, 'id' | 'dataKeyWrapped' | 'dataKeyMasterId'>;

/** A stored record failed its integrity check; the answer names no data and no key. */
export const INTEGRITY_FAILURE_MESSAGE =
  'The stored worker record failed its integrity check and cannot be shown; an administrator must investigate';

export function isErased(row: Pick<MigrantWorker, 'erasedAt' | 'dataKeyWrapped' | 'dataKeyMasterId'>): boolean {
  return row.erasedAt !== null || row.dataKeyWrapped === null || row.dataKeyMasterId === null;
}

/**
 * Encrypts and decrypts a worker's personal fields under the person's own data key, and computes
 * the blind indexes of the contact fields. The plain data key lives only for one call.
 */
@Injectable()
export class WorkerCipherService {
  private readonly logger = new Logger(WorkerCipherService.name);

  constructor(private readonly encryption: FieldEncryptionService) {}

  /** A new data key for a worker whose id is already assigned. */
  createKey(workerId: string) {
    return this.encryption.createDataKey(workerId);
  }

  /** Every personal column of the row, from the clear values. */
  seal(key: Buffer, workerId: string, secrets: WorkerSecrets): SealedWorkerColumns {
    const enc = (field: EncryptedWorkerField, value: string | null) =>
      this.encryption.encrypt(key, value, workerFieldAad(field, workerId));
    return {
      fullNameEnc: enc('fullName', secrets.fullName),
      fullNameLatinEnc: enc('fullNameLatin', secrets.fullNameLatin),
      nationalityEnc: enc('nationality', secrets.nationality),
      phoneEnc: enc('phone', secrets.phone),
      emailEnc: enc('email', secrets.email),
      telegramEnc: enc('telegram', secrets.telegram),
      residenceStatusEnc: enc('residenceStatus', secrets.residenceStatus),
      phoneBidx: this.encryption.blindIndex.phone(secrets.phone),
      emailBidx: this.encryption.blindIndex.email(secrets.email),
      telegramBidx: this.encryption.blindIndex.telegram(secrets.telegram),
    };
  }

  /** The blind index of a contact value (null when it normalises to nothing). */
  blindIndex(kind: BlindIndexKind, value: string): string | null {
    return this.encryption.blindIndex.index(kind, value);
  }

  /** Runs `use` with the row's plain data key and wipes the key afterwards. */
  withKey<T>(row: KeyedRow, use: (key: Buffer) => T): T {
    if (row.dataKeyWrapped === null || row.dataKeyMasterId === null) {
      throw new Error('An erased worker has no data key');
    }
    const key = this.encryption.openDataKey({
      wrapped: row.dataKeyWrapped,
      masterKeyId: row.dataKeyMasterId,
      ownerId: row.id,
    });
    try {
      return use(key);
    } finally {
      key.fill(0);
    }
  }

  /** All personal fields of a (not erased) row; a failed integrity check becomes a 500 problem. */
  open(row: MigrantWorker): WorkerSecrets {
    return this.guard(row.id, () => this.withKey(row, (key) => this.decryptAll(key, row)));
  }

  /** The names only, for name search; null when the row cannot be decrypted (logged, skipped). */
  tryOpenNames(row: KeyedRow & Pick<MigrantWorker, 'fullNameEnc' | 'fullNameLatinEnc'>) {
    try {
      return this.withKey(row, (key) => ({
        fullName: this.decrypt(key, row, 'fullName'),
        fullNameLatin: this.decrypt(key, row, 'fullNameLatin'),
      }));
    } catch (error) {
      if (!(error instanceof DecryptionError)) throw error;
      this.reportFailure(row.id, error);
      return null;
    }
  }

  /** The residence status, or null when the row cannot be decrypted (logged). */
  tryOpenResidenceStatus(row: KeyedRow & Pick<MigrantWorker, 'residenceStatusEnc'>): ResidenceStatus | null {
    try {
      return this.withKey(row, (key) => this.decrypt(key, row, 'residenceStatus') as ResidenceStatus | null);
    } catch (error) {
      if (!(error instanceof DecryptionError)) throw error;
      this.reportFailure(row.id, error);
      return null;
    }
  }

  /** `open` for lists: null instead of a 500, so one damaged row does not hide all the others. */
  tryOpen(row: MigrantWorker): WorkerSecrets | null {
    try {
      return this.withKey(row, (key) => this.decryptAll(key, row));
    } catch (error) {
      if (!(error instanceof DecryptionError)) throw error;
      this.reportFailure(row.id, error);
      return null;
    }
  }

  /** Runs a decrypting step; a `DecryptionError` becomes the integrity problem (500). */
  guard<T>(workerId: string, step: () => T): T {
    try {
      return step();
    } catch (error) {
      if (!(error instanceof DecryptionError)) throw error;
      this.reportFailure(workerId, error);
      throw new WorkerError('worker.integrity-failure', INTEGRITY_FAILURE_MESSAGE, { cause: error });
    }
  }

  private decryptAll(key: Buffer, row: MigrantWorker): WorkerSecrets {
    const fullName = this.decrypt(key, row, 'fullName');
    const residenceStatus = this.decrypt(key, row, 'residenceStatus');
    // Both are required when written; missing means the row was altered outside the application.
    if (fullName === null || residenceStatus === null) throw new DecryptionError('format');
    return {
      fullName,
      fullNameLatin: this.decrypt(key, row, 'fullNameLatin'),
      nationality: this.decrypt(key, row, 'nationality'),
      phone: this.decrypt(key, row, 'phone'),
      email: this.decrypt(key, row, 'email'),
      telegram: this.decrypt(key, row, 'telegram'),
      residenceStatus: residenceStatus as ResidenceStatus,
    };
  }

  private decrypt(key: Buffer, row: Partial<MigrantWorker> & { id: string }, field: EncryptedWorkerField) {
    const value = row[ENCRYPTED_WORKER_FIELDS[field].property] as string | null | undefined;
    return this.encryption.decrypt(key, value, workerFieldAad(field, row.id));
  }

  /** Ids and the failure kind only: safe to log (see DecryptionError). */
  private reportFailure(workerId: string, error: DecryptionError): void {
    this.logger.error({ workerId, reason: error.reason }, 'A worker record failed its integrity check');
  }
}

/** The response view of a decrypted row. */
export function workerView(row: MigrantWorker, secrets: WorkerSecrets): WorkerView {
  return {
    erased: false,
    id: row.id,
    ...secrets,
    preferredLanguage: row.preferredLanguage,
    countryOfWork: row.countryOfWork,
    city: row.city,
    consent: {
      dataProcessing: row.consentDataProcessing,
      partnerSharing: row.consentPartnerSharing,
      contactChannels: row.consentContactChannels,
      version: row.consentVersion,
      givenAt: row.consentGivenAt,
    },
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}
