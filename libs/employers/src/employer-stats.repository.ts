import type { EntityManager } from 'typeorm';
import type { EmployerStats, Money } from './employer-view.js';

/**
 * Complaint counts and money totals of one employer, computed in SQL. A deliberate read of the
 * `complaints` table, which the complaints library owns: going through its service would make
 * employers depend on complaints while complaints already depend on employers (a cycle), and
 * these are plain aggregates of non-personal columns (status, workers_affected, amounts).
 * Only complaints where the employer is THE employer count, not those where it is an intermediary.
 */
export const employerStatsRepository = {
  async forEmployer(manager: EntityManager, employerId: string): Promise<EmployerStats> {
    const [counts] = (await manager.query(
      `SELECT count(*)::int AS complaints,
              coalesce(sum(workers_affected), 0)::int AS workers_affected,
              (count(*) FILTER (WHERE status NOT IN ('resolved', 'closed', 'rejected')))::int AS open_complaints
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
  },
};
