import { Injectable } from '@nestjs/common';
import { FieldEncryptionService, type DataKey, type FieldAad } from '@mc/security';

/** The stored columns of a complaint's data key. */
export interface ComplaintKeyColumns {
  readonly id: string;
  readonly dataKeyWrapped: Buffer;
  readonly dataKeyMasterId: string;
}

/**
 * Where each piece of a complaint's free text is bound (AAD). One place, so the public status page
 * and exports (other libraries) decrypt with exactly what was used to encrypt.
 */
export const complaintAad = {
  summary: (complaintId: string): FieldAad => ({ table: 'complaints', column: 'summary', rowId: complaintId }),
  facts: (complaintId: string): FieldAad => ({ table: 'complaints', column: 'facts', rowId: complaintId }),
  statusReason: (complaintId: string): FieldAad => ({
    table: 'complaints',
    column: 'status_reason',
    rowId: complaintId,
  }),
  noteBody: (noteId: string): FieldAad => ({ table: 'complaint_notes', column: 'body', rowId: noteId }),
  attachmentFileName: (attachmentId: string): FieldAad => ({
    table: 'complaint_attachments',
    column: 'file_name',
    rowId: attachmentId,
  }),
  /** AAD of the encrypted file itself (stream cipher). */
  attachmentFile: (attachmentId: string): string => `complaint_attachments:${attachmentId}`,
} as const;

/**
 * Each complaint has its own data key (wrapped by the master key, bound to the complaint id):
 * summary, facts, status reasons, notes and attachments are encrypted under it. Not the workers'
 * keys: a complaint may name several people and must survive one of them being erased.
 */
@Injectable()
export class ComplaintCipherService {
  constructor(private readonly encryption: FieldEncryptionService) {}

  createKey(complaintId: string): DataKey {
    return this.encryption.createDataKey(complaintId);
  }

  openKey(complaint: ComplaintKeyColumns): Buffer {
    return this.encryption.openDataKey({
      wrapped: complaint.dataKeyWrapped,
      masterKeyId: complaint.dataKeyMasterId,
      ownerId: complaint.id,
    });
  }

  encrypt(key: Buffer, value: string, aad: FieldAad): string {
    return this.encryption.encrypt(key, value, aad)!;
  }

  encryptOptional(key: Buffer, value: string | null | undefined, aad: FieldAad): string | null {
    return this.encryption.encrypt(key, value, aad);
  }

  decrypt(key: Buffer, value: string | null | undefined, aad: FieldAad): string | null {
    return this.encryption.decrypt(key, value, aad);
  }
}
