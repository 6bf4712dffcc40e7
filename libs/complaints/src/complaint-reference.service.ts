import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { formatComplaintReference, type ComplaintReference } from './complaint-reference.js';

/**
 * Hands out the next human reference of a year. Must run inside the transaction that inserts the
 * complaint: the upsert locks the year's counter row until that transaction ends, so concurrent
 * creates queue on it (references come out consecutive) and a rolled-back create gives its number
 * back instead of leaving a gap. Call it as late as possible in the transaction to keep that
 * queue short.
 */
@Injectable()
export class ComplaintReferenceService {
  async next(manager: EntityManager, year: number = new Date().getUTCFullYear()): Promise<ComplaintReference> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('ComplaintReferenceService.next must run inside the create transaction');
    }
    const rows = (await manager.query(
      `INSERT INTO complaint_reference_counters (year, last_value) VALUES ($1, 1)
       ON CONFLICT (year) DO UPDATE SET last_value = complaint_reference_counters.last_value + 1
       RETURNING last_value`,
      [year],
    )) as Array<{ last_value: number }>;
    const seq = Number(rows[0]!.last_value);
    return { reference: formatComplaintReference(year, seq), year, seq };
  }
}
