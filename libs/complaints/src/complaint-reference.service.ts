import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { formatComplaintReference, type ComplaintReference } from './complaint-reference.js';

/**
 * Hands out the next human reference of a year, in a statement of its own (autocommit), before
 * the create's transaction opens: the year's counter row is locked for that one statement, not
 * for the whole create, so concurrent creates (a burst on the intake page) do not queue behind
 * each other. References are never reused; a create that fails after taking its number leaves a
 * gap in the year's sequence (domain.md asks for a per-year sequence that is never reused).
 *
 * Never call it while holding a connection of the same pool in an open transaction: under load
 * every connection could be such a holder, waiting for one more (take the reference first).
 */
@Injectable()
export class ComplaintReferenceService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async next(year: number = new Date().getUTCFullYear()): Promise<ComplaintReference> {
    const rows = (await this.db.query(
      `INSERT INTO complaint_reference_counters (year, last_value) VALUES ($1, 1)
       ON CONFLICT (year) DO UPDATE SET last_value = complaint_reference_counters.last_value + 1
       RETURNING last_value`,
      [year],
    )) as Array<{ last_value: number }>;
    const seq = Number(rows[0]!.last_value);
    return { reference: formatComplaintReference(year, seq), year, seq };
  }
}
