import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { decodeAfterCursor, decodeOffsetCursor, encodeEmployerCursor } from './employer-cursor.js';
import { normaliseEmployerName, normaliseRegistryNumber } from './employer-name.js';
import type { DuplicateReason, PossibleDuplicate } from './employer-view.js';
import { roundScore } from './employer-view.js';
import { fetchSizeFor, pageOf } from '@mc/database';

/** pg_trgm thresholds, set per transaction (`set_config(..., true)` = `SET LOCAL`). */
export const SEARCH_SIMILARITY = 0.3;
export const SEARCH_WORD_SIMILARITY = 0.6;
export const POSSIBLE_DUPLICATE_SIMILARITY = 0.45;
export const DUPLICATE_PAIR_SIMILARITY = 0.6;
/**
 * A name typed by a migrant that is this close to a known employer's name or alias (in the same
 * country) is taken to be that employer; below it a new, unverified record is opened. High on
 * purpose: a complaint filed against the wrong company is worse than a duplicate to merge.
 */
export const STRONG_MATCH_SIMILARITY = 0.7;
const POSSIBLE_DUPLICATES_SHOWN = 5;

export interface SearchQuery {
  q?: string;
  country?: string;
  limit: number;
  cursor?: string;
}

export interface RankedIds {
  rows: { id: string; score: number | null }[];
  nextCursor: string | null;
}

export interface DuplicatePairIds {
  rows: { firstId: string; secondId: string; score: number; reasons: DuplicateReason[] }[];
  nextCursor: string | null;
}

async function setThreshold(manager: EntityManager, name: string, value: number): Promise<void> {
  await manager.query('SELECT set_config($1, $2, true)', [name, String(value)]);
}

/*
 * Why `enable_seqscan` is switched off around the trigram queries: the planner prices the `%`
 * operator like a cheap comparison, so up to some ten thousand employers it prefers reading the
 * whole table to the GIN index, and then computes a similarity for every row: 100-150 ms of CPU
 * per query at 20k employers (measured), against 5-15 ms through the index. Off for the
 * transaction (search) or until the query is done (the intake's match, inside a longer write).
 */

/** Both search thresholds in one round trip (search latency is benchmarked against bare SQL). */
async function setSearchThresholds(manager: EntityManager): Promise<void> {
  await manager.query(
    `SELECT set_config('pg_trgm.similarity_threshold', $1, true), set_config('pg_trgm.word_similarity_threshold', $2, true),
            set_config('enable_seqscan', 'off', true)`,
    [String(SEARCH_SIMILARITY), String(SEARCH_WORD_SIMILARITY)],
  );
}

/**
 * The SQL of employer search and duplicate detection. Every fuzzy predicate is a pg_trgm
 * operator (`%`, `<%`) on `search_name`, so the GIN trigram indexes of employers and
 * employer_aliases serve it; the thresholds are set per transaction.
 */
@Injectable()
export class EmployerSearchService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Ranked ids: exact registry number matches first (score 1), then names and aliases by their
   * best trigram score: `similarity` (whole name; word order is free since trigrams are per
   * word) or `word_similarity` (the query as part of a longer name). Merged employers are left
   * out: their names and aliases live on at the merge target.
   */
  async search(query: SearchQuery): Promise<RankedIds> {
    const q = query.q?.trim() ?? '';
    if (q === '') return this.listByName(query);
    const offset = query.cursor !== undefined ? decodeOffsetCursor(query.cursor) : 0;
    const name = normaliseEmployerName(q);
    const registry = normaliseRegistryNumber(q);
    if (name === '' && registry === null) return { rows: [], nextCursor: null };
    return this.db.transaction(async (manager) => {
      await setSearchThresholds(manager);
      const rows: { id: string; score: number }[] = await manager.query(
        `WITH candidates AS (
           SELECT e.id, 0 AS tier, 1::real AS score
             FROM employers e
            WHERE $2::text IS NOT NULL AND e.registry_number_norm = $2
           UNION ALL
           SELECT e.id, 1, greatest(similarity(e.search_name, $1), word_similarity($1, e.search_name))
             FROM employers e
            WHERE $1 <> '' AND (e.search_name % $1 OR $1 <% e.search_name)
           UNION ALL
           SELECT a.employer_id, 1, greatest(similarity(a.search_name, $1), word_similarity($1, a.search_name))
             FROM employer_aliases a
            WHERE $1 <> '' AND (a.search_name % $1 OR $1 <% a.search_name)
         ), best AS (
           SELECT id, min(tier) AS tier, max(score) AS score FROM candidates GROUP BY id
         )
         SELECT e.id, b.score
           FROM best b JOIN employers e ON e.id = b.id
          WHERE e.merged_into_id IS NULL AND ($3::text IS NULL OR e.country = $3)
          ORDER BY b.tier, b.score DESC, e.name, e.id
         OFFSET $4 LIMIT $5`,
        [name, registry, query.country ?? null, offset, fetchSizeFor(query.limit)],
      );
      const page = pageOf(
        rows,
        query.limit,
        () => encodeEmployerCursor({ kind: 'offset', offset: offset + query.limit }),
        (kept) => kept.map((r) => ({ id: r.id, score: roundScore(Number(r.score)) })),
      );
      return { rows: page.items, nextCursor: page.nextCursor };
    });
  }

  /** Without `q`: every live employer by name, keyset-paged after the last id. */
  private async listByName(query: SearchQuery): Promise<RankedIds> {
    const after = query.cursor !== undefined ? decodeAfterCursor(query.cursor) : null;
    const rows: { id: string }[] = await this.db.query(
      `SELECT e.id FROM employers e
        WHERE e.merged_into_id IS NULL
          AND ($1::text IS NULL OR e.country = $1)
          AND ($2::uuid IS NULL OR (e.name, e.id) > (SELECT c.name, c.id FROM employers c WHERE c.id = $2))
        ORDER BY e.name, e.id
        LIMIT $3`,
      [query.country ?? null, after, fetchSizeFor(query.limit)],
    );
    const page = pageOf(
      rows,
      query.limit,
      (last) => encodeEmployerCursor({ kind: 'after', id: last.id }),
      (kept) => kept.map((r) => ({ id: r.id, score: null })),
    );
    return { rows: page.items, nextCursor: page.nextCursor };
  }

  /**
   * Live employers that look like the one just written: the same registry number (score 1) or
   * a name/alias similar to any of its names (≥ 0.45). Runs in the caller's transaction.
   */
  async possibleDuplicates(
    manager: EntityManager,
    employerId: string,
    searchNames: readonly string[],
    registryNumberNorm: string | null,
  ): Promise<PossibleDuplicate[]> {
    await setThreshold(manager, 'pg_trgm.similarity_threshold', POSSIBLE_DUPLICATE_SIMILARITY);
    const names = [...new Set(searchNames.filter((n) => n !== ''))];
    const rows: { id: string; name: string; score: number }[] = await manager.query(
      `WITH q AS (SELECT unnest($1::text[]) AS s),
       candidates AS (
         SELECT e.id, 1::real AS score FROM employers e
          WHERE $2::text IS NOT NULL AND e.registry_number_norm = $2
         UNION ALL
         SELECT e.id, similarity(e.search_name, q.s) FROM q JOIN employers e ON e.search_name % q.s
         UNION ALL
         SELECT a.employer_id, similarity(a.search_name, q.s) FROM q JOIN employer_aliases a ON a.search_name % q.s
       )
       SELECT e.id, e.name, max(c.score) AS score
         FROM candidates c JOIN employers e ON e.id = c.id
        WHERE e.id <> $3 AND e.merged_into_id IS NULL
        GROUP BY e.id, e.name
        ORDER BY score DESC, e.name, e.id
        LIMIT $4`,
      [names, registryNumberNorm, employerId, POSSIBLE_DUPLICATES_SHOWN],
    );
    return rows.map((r) => ({ id: r.id, name: r.name, score: roundScore(Number(r.score)) }));
  }

  /**
   * The live employer of `country` whose name or an alias is most similar to `searchName`, when
   * the similarity is at least {@link STRONG_MATCH_SIMILARITY}; null otherwise. Runs in the
   * caller's transaction (the threshold is set for that transaction only).
   */
  async strongMatch(
    manager: EntityManager,
    searchName: string,
    country: string,
  ): Promise<{ id: string; score: number } | null> {
    if (searchName === '') return null;
    // Read first, set after (two statements: the order of a target list is not guaranteed).
    const [previous] = (await manager.query(
      `SELECT current_setting('enable_seqscan') AS seqscan, current_setting('pg_trgm.similarity_threshold', true) AS threshold`,
    )) as Array<{ seqscan: string; threshold: string }>;
    await manager.query(
      `SELECT set_config('pg_trgm.similarity_threshold', $1, true), set_config('enable_seqscan', 'off', true)`,
      [String(STRONG_MATCH_SIMILARITY)],
    );
    const rows: { id: string; score: number }[] = await manager.query(
      `WITH candidates AS (
           SELECT e.id, similarity(e.search_name, $1) AS score FROM employers e WHERE e.search_name % $1
           UNION ALL
           SELECT a.employer_id, similarity(a.search_name, $1) FROM employer_aliases a WHERE a.search_name % $1
         )
         SELECT e.id, max(c.score) AS score
           FROM candidates c JOIN employers e ON e.id = c.id
          WHERE e.merged_into_id IS NULL AND e.country = $2
          GROUP BY e.id
          ORDER BY score DESC, e.id
          LIMIT 1`,
      [searchName, country],
    );
    // The rest of the caller's transaction plans and matches as it would have. (A failed query
    // above aborts the transaction, which then restores nothing and needs nothing restored.)
    await manager.query(
      `SELECT set_config('enable_seqscan', $1, true), set_config('pg_trgm.similarity_threshold', $2, true)`,
      [previous?.seqscan ?? 'on', previous?.threshold ?? '0.3'],
    );
    const best = rows[0];
    return best ? { id: best.id, score: roundScore(Number(best.score)) } : null;
  }

  /**
   * Likely duplicate pairs among live employers, each pair once (`first.id < second.id`):
   * the same registry number (score 1) or names with trigram similarity ≥ 0.6. The name
   * self-join uses `%`, so each employer probes the GIN index instead of comparing all pairs.
   */
  async duplicates(limit: number, cursor?: string): Promise<DuplicatePairIds> {
    const offset = cursor !== undefined ? decodeOffsetCursor(cursor) : 0;
    return this.db.transaction(async (manager) => {
      await setThreshold(manager, 'pg_trgm.similarity_threshold', DUPLICATE_PAIR_SIMILARITY);
      const rows: { first_id: string; second_id: string; score: number; reasons: DuplicateReason[] }[] =
        await manager.query(
          `WITH pairs AS (
             SELECT a.id AS first_id, b.id AS second_id, 1::real AS score, 'registry_number' AS reason
               FROM employers a
               JOIN employers b ON b.registry_number_norm = a.registry_number_norm AND a.id < b.id
              WHERE a.registry_number_norm IS NOT NULL
                AND a.merged_into_id IS NULL AND b.merged_into_id IS NULL
             UNION ALL
             SELECT a.id, b.id, similarity(a.search_name, b.search_name), 'name'
               FROM employers a
               JOIN employers b ON b.search_name % a.search_name AND a.id < b.id
              WHERE a.search_name <> ''
                AND a.merged_into_id IS NULL AND b.merged_into_id IS NULL
           )
           SELECT first_id, second_id, max(score) AS score, array_agg(DISTINCT reason ORDER BY reason) AS reasons
             FROM pairs
            GROUP BY first_id, second_id
            ORDER BY score DESC, first_id, second_id
           OFFSET $1 LIMIT $2`,
          [offset, fetchSizeFor(limit)],
        );
      const page = pageOf(
        rows,
        limit,
        () => encodeEmployerCursor({ kind: 'offset', offset: offset + limit }),
        (kept) =>
          kept.map((r) => ({
            firstId: r.first_id,
            secondId: r.second_id,
            score: roundScore(Number(r.score)),
            reasons: r.reasons,
          })),
      );
      return { rows: page.items, nextCursor: page.nextCursor };
    });
  }
}
