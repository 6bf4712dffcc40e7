import type { FieldAad } from '@mc/security';
import type { MigrantWorker } from './migrant-worker.entity.js';

/** The worker's personal fields that are stored only as ciphertext, with their entity property and column. */
export const ENCRYPTED_WORKER_FIELDS = {
  fullName: { property: 'fullNameEnc', column: 'full_name_enc' },
  fullNameLatin: { property: 'fullNameLatinEnc', column: 'full_name_latin_enc' },
  nationality: { property: 'nationalityEnc', column: 'nationality_enc' },
  phone: { property: 'phoneEnc', column: 'phone_enc' },
  email: { property: 'emailEnc', column: 'email_enc' },
  telegram: { property: 'telegramEnc', column: 'telegram_enc' },
  residenceStatus: { property: 'residenceStatusEnc', column: 'residence_status_enc' },
} as const satisfies Record<string, { property: keyof MigrantWorker; column: string }>;

export type EncryptedWorkerField = keyof typeof ENCRYPTED_WORKER_FIELDS;

export const WORKERS_TABLE = 'migrant_workers';

/**
 * AAD `migrant_workers:<column>:<id>`: a ciphertext copied into another row or column fails its
 * integrity check. `rowId` must be the id as stored (lower case), never the id as typed in a URL.
 */
export function workerFieldAad(field: EncryptedWorkerField, rowId: string): FieldAad {
  return { table: WORKERS_TABLE, column: ENCRYPTED_WORKER_FIELDS[field].column, rowId };
}
