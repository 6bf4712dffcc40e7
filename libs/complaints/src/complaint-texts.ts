import type { FieldAad } from '@mc/security';
import type { ComplaintTextChanges, ComplaintTextField } from './complaint-change-plan.js';
import { complaintAad, type ComplaintCipherService } from './complaint-cipher.service.js';
import type { Complaint } from './complaint.entity.js';

type TextColumn = 'summaryEnc' | 'factsEnc' | 'statusReasonEnc';

/** Where each free-text field of a complaint is stored and what its ciphertext is bound to. */
const TEXT_COLUMNS: Record<ComplaintTextField, { column: TextColumn; aad: (complaintId: string) => FieldAad }> = {
  summary: { column: 'summaryEnc', aad: complaintAad.summary },
  facts: { column: 'factsEnc', aad: complaintAad.facts },
  statusReason: { column: 'statusReasonEnc', aad: complaintAad.statusReason },
};

/**
 * The free text of one complaint during one change: planners compare plaintexts (ciphertexts
 * differ on every encryption), the helper stores what they planned. The data key is unwrapped
 * once, and only when some text is read or written.
 */
export class ComplaintTexts {
  private key: Buffer | undefined;

  constructor(
    private readonly cipher: ComplaintCipherService,
    private readonly complaint: Complaint,
  ) {}

  read(field: ComplaintTextField): string | null {
    const { column, aad } = TEXT_COLUMNS[field];
    return this.cipher.decrypt(this.openKey(), this.complaint[column], aad(this.complaint.id));
  }

  /** The ciphertext columns for `changes`; a cleared field needs no key. */
  columns(changes: ComplaintTextChanges = {}): Partial<Pick<Complaint, TextColumn>> {
    const columns: Partial<Record<TextColumn, string | null>> = {};
    for (const field of Object.keys(TEXT_COLUMNS) as ComplaintTextField[]) {
      const value = changes[field];
      if (value === undefined) continue;
      const { column, aad } = TEXT_COLUMNS[field];
      columns[column] = value === null ? null : this.cipher.encrypt(this.openKey(), value, aad(this.complaint.id));
    }
    // summaryEnc is not nullable, and ComplaintTextChanges.summary cannot be null.
    return columns as Partial<Pick<Complaint, TextColumn>>;
  }

  private openKey(): Buffer {
    return (this.key ??= this.cipher.openKey(this.complaint));
  }
}
