import { Injectable } from '@nestjs/common';
import { FieldEncryptionService } from '@mc/security';
import type { Employer, EmployerKind } from './employer.entity.js';

/**
 * Where an employer's address is stored: plain for companies, encrypted under the system key
 * for households (a household's address is where a person lives). AAD `employers:address:<id>`
 * binds the ciphertext to its row.
 */
@Injectable()
export class EmployerAddressCipher {
  constructor(private readonly encryption: FieldEncryptionService) {}

  seal(
    employerId: string,
    kind: EmployerKind,
    address: string | null,
  ): { address: string | null; addressEnc: string | null } {
    if (kind !== 'household') return { address, addressEnc: null };
    return {
      address: null,
      addressEnc: this.encryption.encrypt(this.encryption.systemKey, address, this.aad(employerId)),
    };
  }

  /** The plaintext address, whichever column holds it. */
  open(employer: Pick<Employer, 'id' | 'address' | 'addressEnc'>): string | null {
    if (employer.addressEnc === null) return employer.address;
    return this.encryption.decrypt(this.encryption.systemKey, employer.addressEnc, this.aad(employer.id));
  }

  /** What a caller may see: a household's address only when `reveal` is true. */
  visible(employer: Pick<Employer, 'id' | 'kind' | 'address' | 'addressEnc'>, reveal: boolean): string | null {
    if (employer.kind === 'household' || employer.addressEnc !== null) return reveal ? this.open(employer) : null;
    return employer.address;
  }

  private aad(rowId: string) {
    return { table: 'employers', column: 'address', rowId };
  }
}
