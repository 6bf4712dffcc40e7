import { Gauge, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';

/** Lateness is summarised over reminders sent within this window. */
export const LATENESS_WINDOW = '1 hour';
/** A pending reminder this far past its time counts as late (it should have fired). */
export const LATE_PENDING_AFTER = '1 minute';

/**
 * Reminder health, read from Postgres at scrape time, so the numbers are right whichever process
 * (or how many workers) fired the reminders:
 * - `mc_reminders{state}`: pending, and `late` (pending past their time: a lost or stuck job);
 * - `mc_reminder_lateness_seconds{quantile}`: sent_at − fire_at over the last hour (0.5, 0.99, 1 = max).
 * A scrape whose query fails leaves the series out instead of reporting zero.
 */
export function registerReminderMetrics(registry: Registry, db: DataSource): void {
  new Gauge({
    name: 'mc_reminders',
    help: 'Reminders by state: pending, and late (pending more than a minute past their time)',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      try {
        const [row] = (await db.query(
          `SELECT count(*)::int AS "pending",
                  count(*) FILTER (WHERE "fire_at" < now() - interval '${LATE_PENDING_AFTER}')::int AS "late"
             FROM "reminders" WHERE "status" = 'pending'`,
        )) as { pending: number; late: number }[];
        this.set({ state: 'pending' }, row!.pending);
        this.set({ state: 'late' }, row!.late);
      } catch {
        // Database unavailable: no sample in this scrape.
      }
    },
  });
  new Gauge({
    name: 'mc_reminder_lateness_seconds',
    help: `Reminder lateness (sent_at - fire_at) over the last ${LATENESS_WINDOW}; quantile 1 is the maximum`,
    labelNames: ['quantile'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      try {
        const [row] = (await db.query(
          `SELECT count(*)::int AS "n",
                  percentile_cont(0.5) WITHIN GROUP (ORDER BY lateness) AS "p50",
                  percentile_cont(0.99) WITHIN GROUP (ORDER BY lateness) AS "p99",
                  max(lateness) AS "max"
             FROM (SELECT EXTRACT(EPOCH FROM ("sent_at" - "fire_at")) AS lateness
                     FROM "reminders"
                    WHERE "status" = 'sent' AND "sent_at" > now() - interval '${LATENESS_WINDOW}') AS sent`,
        )) as { n: number; p50: number | null; p99: number | null; max: string | null }[];
        if (!row || row.n === 0) return;
        this.set({ quantile: '0.5' }, Number(row.p50));
        this.set({ quantile: '0.99' }, Number(row.p99));
        this.set({ quantile: '1' }, Number(row.max));
      } catch {
        // Database unavailable: no sample in this scrape.
      }
    },
  });
}
