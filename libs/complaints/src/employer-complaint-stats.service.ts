import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { EmployerStats, Money } from '@mc/employers';
import { complaintSql } from './complaint-sql.js';

/**
 * Complaint counts and money totals of one employer, computed in SQL over the `complaints`
 * table, which this library owns. The employer profile is composed at the edge (the API asks
 * the employers library for the employer and this one for its figures), so neither library reads
 * the other's tables. Only complaints where the employer is THE employer count, not those where
 * it is an intermediary.
 */
@Injectable()
export class EmployerComplaintStatsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async forEmployer(employerId: string, manager = this.db.manager): Promise<EmployerStats> {
    const [counts] = (await manager.query(
      `SELECT count(*)::int AS complaints,
              coalesce(sum(workers_affected), 0)::int AS workers_affected,
              (count(*) FILTER (WHERE ${complaintSql.inProgress('complaints')}))::int AS open_complaints
         FROM complaints WHERE employer_id = $1`,
      [employerId],
    )) as { complaints: number; workers_affected: number; open_complaints: number }[];
    const amounts: { kind: 'claimed' | 'recovered'; currency: string; amount: string }[] = await manager.query(
      `SELECT 'claimed' AS kind, amount_claimed_currency AS currency, sum(amount_claimed)::text AS amount
         FROM complaints WHERE employer_id = $1 AND amount_claimed IS NOT NULL GROUP BY amount_claimed_currency
       UNION ALL
       SELECT 'recovered', amount_recovered_currency, sum(amount_recovered)::text
         FROM complaints WHERE employer_id = $1 AND amount_recovered IS NOT NULL GROUP BY amount_recovered_currency
       ORDER BY 1, 2`,
      [employerId],
    );
    const pick = (kind: 'claimed' | 'recovered'): Money[] =>
      amounts.filter((a) => a.kind === kind).map((a) => ({ amount: a.amount, currency: a.currency.trim() }));
    return {
      complaints: counts?.complaints ?? 0,
      workersAffected: counts?.workers_affected ?? 0,
      openComplaints: counts?.open_complaints ?? 0,
      amountClaimed: pick('claimed'),
      amountRecovered: pick('recovered'),
    };
  }
}
