import { randomBytes, randomInt } from 'node:crypto';
import { DataSource } from 'typeorm';
import { transliterate } from 'transliteration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@mc/database';
import { createTestApi, type TestApi } from '../support/test-api.js';

const BASE = '/api/v1/employers';

/**
 * A random word written in Cyrillic and its Latin transliteration: names stay unique in the
 * database this run shares with other test files, and stay the same word in both scripts.
 */
function randomWord(): { cyrillic: string; latin: string } {
  const consonants = 'бвгдклмнпрст';
  const vowels = 'аоу';
  let word = '';
  for (let i = 0; i < 4; i++) word += consonants[randomInt(consonants.length)]! + vowels[randomInt(vowels.length)]!;
  const cyrillic = word[0]!.toUpperCase() + word.slice(1);
  return { cyrillic, latin: transliterate(cyrillic) };
}

function uniqueRegistry(prefix = 'HRB'): string {
  return `${prefix} ${randomInt(10_000_000, 99_999_999)}`;
}

interface Employer {
  id: string;
  name: string;
  aliases: string[];
  kind: string;
  country: string;
  address: string | null;
  version: number;
  [key: string]: unknown;
}

describe('employers', () => {
  let api: TestApi;
  let db: DataSource;
  let caseworker: { id: string; token: string };
  let coordinator: { id: string; token: string };
  let analyst: { id: string; token: string };
  let referenceSeq = randomInt(80_000, 89_000);

  async function createEmployer(body: Record<string, unknown>, token = caseworker.token) {
    const res = await api.post(BASE, { kind: 'direct_employer', country: 'DE', ...body }, { token });
    expect(res.status, res.text).toBe(201);
    return res.body as Employer & { possibleDuplicates: { id: string; name: string; score: number }[] };
  }

  async function search(query: Record<string, string>, token = caseworker.token) {
    const res = await api.get(`${BASE}?${new URLSearchParams(query).toString()}`, { token });
    expect(res.status, res.text).toBe(200);
    return res.body as { items: (Employer & { score: number | null })[]; nextCursor: string | null };
  }

  /** A complaint row as the complaints library would write it (this suite must not depend on its service). */
  async function insertComplaint(
    employerId: string,
    values: {
      status?: string;
      workersAffected?: number;
      claimed?: [string, string];
      recovered?: [string, string];
    } = {},
  ): Promise<string> {
    const id = newId();
    referenceSeq += 1;
    // The year the app would give it today (a fixture must not go stale on 1 January).
    const year = new Date().getUTCFullYear();
    await db.query(
      `INSERT INTO complaints (id, reference, reference_year, reference_seq, status, categories, summary_enc,
         data_key_wrapped, data_key_master_id, employer_id, country_of_work, workers_affected,
         amount_claimed, amount_claimed_currency, amount_recovered, amount_recovered_currency)
       VALUES ($1, $2, $11, $3, $4, ARRAY['unpaid_wages'], 'v1.x.y.z', '\\x00'::bytea, 'test', $5, 'DE', $6,
         $7, $8, $9, $10)`,
      [
        id,
        `MC-${year}-${referenceSeq}`,
        referenceSeq,
        values.status ?? 'open',
        employerId,
        values.workersAffected ?? 1,
        values.claimed?.[0] ?? null,
        values.claimed?.[1] ?? null,
        values.recovered?.[0] ?? null,
        values.recovered?.[1] ?? null,
        year,
      ],
    );
    return id;
  }

  beforeAll(async () => {
    api = await createTestApi();
    db = api.app.get(DataSource);
    [caseworker, coordinator, analyst] = await Promise.all([
      api.userWithRole('caseworker'),
      api.userWithRole('coordinator'),
      api.userWithRole('analyst'),
    ]);
  });
  afterAll(() => api.close());

  describe('create, read, update', () => {
    it('creates an employer with aliases and reads it back with empty statistics', async () => {
      const word = randomWord();
      const created = await createEmployer({
        name: `${word.latin} Logistik GmbH`,
        aliases: [`ООО «${word.cyrillic}»`],
        kind: 'temp_agency',
        registryNumber: uniqueRegistry(),
        vatId: 'DE123456789',
        city: 'Düsseldorf',
        address: 'Königsallee 1',
        website: 'https://example.org',
        sector: 'N',
      });
      expect(created).toMatchObject({
        name: `${word.latin} Logistik GmbH`,
        aliases: [`ООО «${word.cyrillic}»`],
        kind: 'temp_agency',
        country: 'DE',
        address: 'Königsallee 1',
        sector: 'N',
        version: 1,
        mergedIntoId: null,
      });
      expect(Array.isArray(created.possibleDuplicates)).toBe(true);

      const read = await api.get(`${BASE}/${created.id}`, { token: caseworker.token });
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({
        id: created.id,
        redirectedFrom: null,
        stats: { complaints: 0, workersAffected: 0, openComplaints: 0, amountClaimed: [], amountRecovered: [] },
      });
      const audit = await db.query(
        `SELECT details FROM audit_events WHERE action = 'employer.create' AND entity_id = $1`,
        [created.id],
      );
      expect(audit).toHaveLength(1);
      expect(JSON.stringify(audit[0].details)).not.toContain(word.latin);
    });

    it('refuses invalid bodies with 400 and the fields in errors', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ name: 'X', kind: 'direct_employer', country: 'de' }, 'country'],
        [{ name: 'X', kind: 'direct_employer', country: 'XX' }, 'country'],
        [{ name: 'X', kind: 'bank', country: 'DE' }, 'kind'],
        [{ name: 'X', kind: 'direct_employer', country: 'DE', owner: 'me' }, 'owner'],
        [{ name: 'X', kind: 'direct_employer', country: 'DE', parentEmployerId: 'not-a-uuid' }, 'parentEmployerId'],
        [{ name: '', kind: 'direct_employer', country: 'DE' }, 'name'],
        [{ name: 'X', kind: 'direct_employer', country: 'DE', sector: 'Z' }, 'sector'],
        [{ name: 'X', kind: 'direct_employer', country: 'DE', website: 'javascript:alert(1)' }, 'website'],
        [{ name: 'X', kind: 'direct_employer', country: 'DE', aliases: Array(21).fill('a') }, 'aliases'],
        [{ name: 'X'.repeat(301), kind: 'direct_employer', country: 'DE' }, 'name'],
      ];
      for (const [body, field] of cases) {
        const res = await api.post(BASE, body, { token: caseworker.token });
        expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      }
    });

    it('creates once per Idempotency-Key and refuses the key with another body', async () => {
      const key = newId();
      const body = { name: `${randomWord().latin} Agentur`, kind: 'temp_agency', country: 'DE' };
      const headers = { 'idempotency-key': key };
      const first = await api.post(BASE, body, { token: caseworker.token, headers });
      const again = await api.post(BASE, body, { token: caseworker.token, headers });
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.body.id).toBe(first.body.id);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      const [{ count }] = await db.query('SELECT count(*)::int AS count FROM employers WHERE name = $1', [body.name]);
      expect(count).toBe(1);
      const other = await api.post(BASE, { ...body, city: 'Köln' }, { token: caseworker.token, headers });
      expect(other.status).toBe(422);
    });

    it('refuses a parent that does not exist with 422', async () => {
      const res = await api.post(
        BASE,
        { name: 'Orphan Agency', kind: 'temp_agency', country: 'DE', parentEmployerId: newId() },
        { token: caseworker.token },
      );
      expect(res.status).toBe(422);
    });

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      expect((await api.get(`${BASE}/${newId()}`, { token: caseworker.token })).status).toBe(404);
      expect((await api.get(`${BASE}/not-a-uuid`, { token: caseworker.token })).status).toBe(400);
      expect((await api.patch(`${BASE}/${newId()}`, { city: 'Köln' }, { token: caseworker.token })).status).toBe(404);
    });

    it('answers 401 without a token and 403 to roles that may not use a route', async () => {
      expect((await api.get(BASE)).status).toBe(401);
      expect((await api.post(BASE, { name: 'X', kind: 'platform', country: 'DE' })).status).toBe(401);
      const target = await createEmployer({ name: `${randomWord().latin} Bau` });
      const source = await createEmployer({ name: `${randomWord().latin} Bau` });
      expect(
        (await api.post(BASE, { name: 'X', kind: 'platform', country: 'DE' }, { token: analyst.token })).status,
      ).toBe(403);
      expect((await api.get(`${BASE}/duplicates`, { token: analyst.token })).status).toBe(403);
      expect((await api.get(`${BASE}/duplicates`, { token: caseworker.token })).status).toBe(403);
      for (const token of [analyst.token, caseworker.token]) {
        const res = await api.post(`${BASE}/${target.id}/merge`, { sourceId: source.id }, { token });
        expect(res.status).toBe(403);
      }
      expect((await api.get(`${BASE}/${target.id}`, { token: analyst.token })).status).toBe(200);
      expect((await search({ q: 'anything' }, analyst.token)).items).toBeDefined();
    });

    it('updates with a version check: the stale writer gets 409', async () => {
      const created = await createEmployer({ name: `${randomWord().latin} Reinigung`, city: 'Köln', aliases: ['A1'] });
      const first = await api.patch(
        `${BASE}/${created.id}`,
        { city: null, aliases: ['Brand One', 'Brand Two'], registryNumber: 'HRB 1' },
        { token: caseworker.token, headers: { 'if-match': '"1"' } },
      );
      expect(first.status, first.text).toBe(200);
      expect(first.body).toMatchObject({ city: null, aliases: ['Brand One', 'Brand Two'], registryNumber: 'HRB 1' });
      expect(first.body.version).toBe(2);

      const stale = await api.patch(`${BASE}/${created.id}`, { city: 'Bonn', version: 1 }, { token: caseworker.token });
      expect(stale.status).toBe(409);
      expect(stale.body.currentVersion).toBe(2);

      const aliasesOnly = await api.patch(`${BASE}/${created.id}`, { aliases: [] }, { token: analyst.token });
      expect(aliasesOnly.status).toBe(200);
      expect(aliasesOnly.body).toMatchObject({ aliases: [], version: 3 });

      const unchanged = await api.patch(`${BASE}/${created.id}`, { city: null }, { token: caseworker.token });
      expect(unchanged.body.version).toBe(3);

      const bad = await api.patch(`${BASE}/${created.id}`, { name: null }, { token: caseworker.token });
      expect(bad.status).toBe(400);
    });

    it('refuses a parent link that would make a cycle', async () => {
      const client = await createEmployer({ name: `${randomWord().latin} Client` });
      const agency = await createEmployer({ name: `${randomWord().latin} Agency`, parentEmployerId: client.id });
      expect(agency.parentEmployerId).toBe(client.id);
      const self = await api.patch(
        `${BASE}/${client.id}`,
        { parentEmployerId: client.id },
        { token: caseworker.token },
      );
      expect(self.status).toBe(422);
      const cycle = await api.patch(
        `${BASE}/${client.id}`,
        { parentEmployerId: agency.id },
        { token: caseworker.token },
      );
      expect(cycle.status).toBe(422);
    });

    it('stores a household address encrypted and shows it only to case roles', async () => {
      const address = `Gartenweg ${randomBytes(4).toString('hex')}`;
      const created = await createEmployer({ name: `Familie ${randomWord().latin}`, kind: 'household', address });
      expect(created.address).toBe(address);
      const [row] = await db.query('SELECT address, address_enc FROM employers WHERE id = $1', [created.id]);
      expect(row.address).toBeNull();
      expect(row.address_enc).toMatch(/^v1\./);
      expect(row.address_enc).not.toContain(address);

      const asCaseworker = await api.get(`${BASE}/${created.id}`, { token: caseworker.token });
      expect(asCaseworker.status, asCaseworker.text).toBe(200);
      expect(asCaseworker.body.address).toBe(address);
      const asAnalyst = await api.get(`${BASE}/${created.id}`, { token: analyst.token });
      expect(asAnalyst.body.address).toBeNull();
      const reads = await db.query(
        `SELECT actor_id FROM audit_events WHERE action = 'employer.read' AND entity_id = $1`,
        [created.id],
      );
      expect(reads.map((r: { actor_id: string }) => r.actor_id)).toEqual([caseworker.id]);

      const listed = await search({ q: created.name, country: 'DE' });
      expect(listed.items.find((e) => e.id === created.id)?.address).toBeNull();

      // Whoever may not read the address may not unseal it by turning the household into a company,
      // nor overwrite it, nor (an upper-case id spelling) slip past that check.
      for (const patch of [{ kind: 'direct_employer' }, { address: 'elsewhere' }]) {
        const refused = await api.patch(`${BASE}/${created.id.toUpperCase()}`, patch, { token: analyst.token });
        expect(refused.status, refused.text).toBe(403);
      }
      const company = await api.patch(
        `${BASE}/${created.id}`,
        { kind: 'direct_employer' },
        { token: caseworker.token },
      );
      expect(company.body.address).toBe(address);
      const [after] = await db.query('SELECT address, address_enc FROM employers WHERE id = $1', [created.id]);
      expect(after).toEqual({ address, address_enc: null });
    });

    it('lists possible duplicates when creating a near-duplicate', async () => {
      const word = randomWord();
      const registry = uniqueRegistry('KRS');
      const first = await createEmployer({ name: `${word.latin} Budowa Sp. z o.o.`, country: 'PL' });
      const byName = await createEmployer({ name: `${word.cyrillic} Будова`, country: 'PL' });
      expect(byName.possibleDuplicates.map((d) => d.id)).toContain(first.id);

      const withRegistry = await createEmployer({ name: `Other ${randomWord().latin}`, registryNumber: registry });
      const sameRegistry = await createEmployer({
        name: `Different ${randomWord().latin}`,
        registryNumber: registry.replace(' ', '-'),
      });
      expect(sameRegistry.possibleDuplicates).toContainEqual({
        id: withRegistry.id,
        name: withRegistry.name,
        score: 1,
      });
    });
  });

  describe('search', () => {
    const word = randomWord();
    let gmbh: Employer;
    let ooo: Employer;
    let schmidt: Employer;
    let registered: Employer;
    let neighbour: Employer;
    const registryBase = randomInt(10_000, 99_999);

    beforeAll(async () => {
      gmbh = await createEmployer({ name: `Stroymontazh ${word.latin} GmbH` });
      ooo = await createEmployer({ name: `ООО «Строймонтаж ${word.cyrillic}»`, country: 'PL' });
      schmidt = await createEmployer({ name: `Schmidt ${word.latin} Bau GmbH` });
      registered = await createEmployer({ name: `Reg ${randomWord().latin}`, registryNumber: `HRB${registryBase}0` });
      neighbour = await createEmployer({ name: `Reg ${randomWord().latin}`, registryNumber: `HRB${registryBase}1` });
    });

    const ids = (page: { items: { id: string }[] }) => page.items.map((e) => e.id);

    it('finds a Latin name from a Cyrillic query', async () => {
      const page = await search({ q: `Строймонтаж ${word.cyrillic}` });
      expect(ids(page)).toContain(gmbh.id);
      expect(page.items.find((e) => e.id === gmbh.id)!.score).toBeGreaterThan(0.9);
    });

    it('finds a Cyrillic name from a Latin query', async () => {
      expect(ids(await search({ q: `Stroymontazh ${word.latin}` }))).toContain(ooo.id);
    });

    it('tolerates a one-letter typo', async () => {
      expect(ids(await search({ q: `Stroymontash ${word.latin}` }))).toEqual(expect.arrayContaining([gmbh.id, ooo.id]));
    });

    it('ignores legal forms in the query', async () => {
      expect(ids(await search({ q: `Stroymontazh ${word.latin} Sp. z o.o.`, country: 'DE' }))[0]).toBe(gmbh.id);
    });

    it('does not care about word order', async () => {
      const page = await search({ q: `Bau ${word.latin} Schmidt` });
      expect(ids(page)[0]).toBe(schmidt.id);
    });

    it('ranks an exact registry number first, not a similar one', async () => {
      const page = await search({ q: `HRB ${registryBase}0` });
      expect(ids(page)[0]).toBe(registered.id);
      expect(page.items[0]!.score).toBe(1);
      expect(ids(page)).not.toContain(neighbour.id);
    });

    it('filters by country', async () => {
      const pl = await search({ q: `Stroymontazh ${word.latin}`, country: 'PL' });
      expect(ids(pl)).toContain(ooo.id);
      expect(ids(pl)).not.toContain(gmbh.id);
      expect(pl.items.every((e) => e.country === 'PL')).toBe(true);
    });

    it('finds employers by an alias', async () => {
      const aliasWord = randomWord();
      const aliased = await createEmployer({
        name: `Holding ${randomWord().latin}`,
        aliases: [`Бренд ${aliasWord.cyrillic}`],
      });
      expect(ids(await search({ q: `Brend ${aliasWord.latin}` }))).toContain(aliased.id);
    });

    it('pages ranked results with an opaque cursor and refuses a forged one', async () => {
      const first = await search({ q: `Stroymontazh ${word.latin}`, limit: '1' });
      expect(first.items).toHaveLength(1);
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = await search({ q: `Stroymontazh ${word.latin}`, limit: '1', cursor: first.nextCursor! });
      expect(second.items).toHaveLength(1);
      expect(second.items[0]!.id).not.toBe(first.items[0]!.id);
      const forged = await api.get(`${BASE}?q=x&cursor=${Buffer.from('{"o":-5}').toString('base64url')}`, {
        token: caseworker.token,
      });
      expect(forged.status).toBe(400);
      expect((await api.get(`${BASE}?cursor=garbage`, { token: caseworker.token })).status).toBe(400);
      expect((await api.get(`${BASE}?country=de`, { token: caseworker.token })).status).toBe(400);
    });

    it('lists by name without q, page by page', async () => {
      const first = await search({ limit: '2', country: 'PL' });
      expect(first.items.length).toBeGreaterThan(0);
      expect(first.items.every((e) => e.score === null)).toBe(true);
      if (first.nextCursor) {
        const next = await search({ limit: '2', country: 'PL', cursor: first.nextCursor });
        expect(ids(next)).not.toContain(first.items[0]!.id);
      }
    });
  });

  describe('merge and duplicates', () => {
    it('moves complaints, intermediaries, aliases and children to the target and redirects the source', async () => {
      const word = randomWord();
      const registry = uniqueRegistry();
      const target = await createEmployer({ name: `${word.latin} Montage GmbH`, registryNumber: registry });
      const source = await createEmployer({
        name: `ООО «${word.cyrillic} Монтаж»`,
        aliases: [`${word.latin} Montazh`, `${word.latin} Montage`],
        registryNumber: registry,
      });
      const child = await createEmployer({ name: `${randomWord().latin} Personal`, parentEmployerId: source.id });
      const other = await createEmployer({ name: `${randomWord().latin} Client` });

      const complaintId = await insertComplaint(source.id, {
        status: 'open',
        workersAffected: 3,
        claimed: ['1200.50', 'EUR'],
      });
      await insertComplaint(target.id, {
        status: 'closed',
        workersAffected: 2,
        claimed: ['300.00', 'PLN'],
        recovered: ['300.00', 'PLN'],
      });
      const viaAgency = await insertComplaint(other.id);
      await db.query('INSERT INTO complaint_intermediaries (complaint_id, employer_id) VALUES ($1, $2)', [
        viaAgency,
        source.id,
      ]);

      const duplicates = await findPair(target.id, source.id);
      expect(duplicates?.score).toBe(1);
      expect(duplicates?.reasons).toContain('registry_number');

      const merged = await api.post(
        `${BASE}/${target.id}/merge`,
        { sourceId: source.id },
        { token: coordinator.token },
      );
      expect(merged.status, merged.text).toBe(200);
      expect(merged.body.id).toBe(target.id);
      expect(merged.body.merged).toMatchObject({ complaintsMoved: 1, intermediaryLinksMoved: 1, childrenMoved: 1 });
      // The source name and `… Montazh` have one normal form: kept once, in the first spelling.
      expect(merged.body.aliases).toEqual([`ООО «${word.cyrillic} Монтаж»`, `${word.latin} Montage`]);

      const [complaint] = await db.query('SELECT employer_id, version FROM complaints WHERE id = $1', [complaintId]);
      expect(complaint).toEqual({ employer_id: target.id, version: 2 });
      const [link] = await db.query('SELECT employer_id FROM complaint_intermediaries WHERE complaint_id = $1', [
        viaAgency,
      ]);
      expect(link.employer_id).toBe(target.id);
      const [childRow] = await db.query('SELECT parent_employer_id FROM employers WHERE id = $1', [child.id]);
      expect(childRow.parent_employer_id).toBe(target.id);
      const events = await db.query(
        `SELECT complaint_id, actor_id, data FROM timeline_events WHERE type = 'employer.merged' AND complaint_id = ANY($1::uuid[])`,
        [[complaintId, viaAgency]],
      );
      expect(events).toHaveLength(2);
      expect(events[0].data).toMatchObject({ fromEmployerId: source.id, toEmployerId: target.id });
      expect(events[0].actor_id).toBe(coordinator.id);

      const audit = await db.query(
        `SELECT details FROM audit_events WHERE action = 'employer.merge' AND entity_id = $1`,
        [target.id],
      );
      expect(audit).toHaveLength(1);
      expect(audit[0].details).toMatchObject({ targetId: target.id, sourceId: source.id, complaintsMoved: 1 });

      const redirected = await api.get(`${BASE}/${source.id}`, { token: caseworker.token });
      expect(redirected.status).toBe(200);
      expect(redirected.body).toMatchObject({ id: target.id, redirectedFrom: source.id });
      expect(redirected.headers.get('content-location')).toBe(`${BASE}/${target.id}`);
      expect(redirected.body.stats).toEqual({
        complaints: 2,
        workersAffected: 5,
        openComplaints: 1,
        amountClaimed: [
          { amount: '1200.50', currency: 'EUR' },
          { amount: '300.00', currency: 'PLN' },
        ],
        amountRecovered: [{ amount: '300.00', currency: 'PLN' }],
      });

      // The source is out of search and duplicates; its names now find the target.
      const found = await search({ q: `${word.cyrillic} Монтаж` });
      expect(found.items.map((e) => e.id)).toContain(target.id);
      expect(found.items.map((e) => e.id)).not.toContain(source.id);
      expect(await findPair(target.id, source.id)).toBeUndefined();

      const again = await api.post(`${BASE}/${target.id}/merge`, { sourceId: source.id }, { token: coordinator.token });
      expect(again.status).toBe(409);
      const intoMerged = await api.post(
        `${BASE}/${source.id}/merge`,
        { sourceId: other.id },
        { token: coordinator.token },
      );
      expect(intoMerged.status).toBe(409);
      const patchMerged = await api.patch(`${BASE}/${source.id}`, { city: 'Köln' }, { token: caseworker.token });
      expect(patchMerged.status).toBe(409);
      expect(patchMerged.body.mergedIntoId).toBe(target.id);
    });

    it('drops an intermediary link that would repeat or equal the complaint employer', async () => {
      const target = await createEmployer({ name: `${randomWord().latin} Target` });
      const source = await createEmployer({ name: `${randomWord().latin} Source` });
      const other = await createEmployer({ name: `${randomWord().latin} Other` });
      // Source is the employer and the target its intermediary: after the merge the link is pointless.
      const own = await insertComplaint(source.id);
      await db.query('INSERT INTO complaint_intermediaries VALUES ($1, $2)', [own, target.id]);
      // Both are intermediaries of the same complaint: the moved link would repeat the primary key.
      const both = await insertComplaint(other.id);
      await db.query('INSERT INTO complaint_intermediaries VALUES ($1, $2), ($1, $3)', [both, target.id, source.id]);

      const merged = await api.post(
        `${BASE}/${target.id}/merge`,
        { sourceId: source.id },
        { token: coordinator.token },
      );
      expect(merged.status, merged.text).toBe(200);
      expect(merged.body.merged).toMatchObject({
        complaintsMoved: 1,
        intermediaryLinksMoved: 0,
        intermediaryLinksRemoved: 2,
      });
      const links = await db.query(
        'SELECT complaint_id, employer_id FROM complaint_intermediaries WHERE complaint_id = ANY($1::uuid[])',
        [[own, both]],
      );
      expect(links).toEqual([{ complaint_id: both, employer_id: target.id }]);
    });

    it('merges a parent into its child without making a cycle', async () => {
      const top = await createEmployer({ name: `${randomWord().latin} Top` });
      const source = await createEmployer({ name: `${randomWord().latin} Mid`, parentEmployerId: top.id });
      const target = await createEmployer({ name: `${randomWord().latin} Leaf`, parentEmployerId: source.id });
      const merged = await api.post(
        `${BASE}/${target.id}/merge`,
        { sourceId: source.id },
        { token: coordinator.token },
      );
      expect(merged.status).toBe(200);
      expect(merged.body.parentEmployerId).toBe(top.id);
    });

    it('refuses to merge an employer into itself or a missing one', async () => {
      const one = await createEmployer({ name: `${randomWord().latin} Solo` });
      const self = await api.post(`${BASE}/${one.id}/merge`, { sourceId: one.id }, { token: coordinator.token });
      expect(self.status).toBe(422);
      const missing = await api.post(`${BASE}/${one.id}/merge`, { sourceId: newId() }, { token: coordinator.token });
      expect(missing.status).toBe(404);
      const bad = await api.post(`${BASE}/${one.id}/merge`, { sourceId: 'x' }, { token: coordinator.token });
      expect(bad.status).toBe(400);
    });

    it('lists pairs with similar names as likely duplicates', async () => {
      const word = randomWord();
      const a = await createEmployer({ name: `${word.latin} Fleisch GmbH` });
      const b = await createEmployer({ name: `ООО «${word.cyrillic} Флейш»`, country: 'PL' });
      const pair = await findPair(a.id, b.id);
      expect(pair).toBeDefined();
      expect(pair!.reasons).toEqual(['name']);
      expect(pair!.score).toBeGreaterThanOrEqual(0.6);
    });

    /** Walks every page of /employers/duplicates (the database is shared) for one pair. */
    async function findPair(x: string, y: string) {
      const [first, second] = x < y ? [x, y] : [y, x];
      let cursor: string | null = null;
      do {
        const query: string = `?limit=200${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await api.get(`${BASE}/duplicates${query}`, { token: coordinator.token });
        expect(res.status, res.text).toBe(200);
        const pair = (
          res.body.items as { first: { id: string }; second: { id: string }; score: number; reasons: string[] }[]
        ).find((p) => p.first.id === first && p.second.id === second);
        if (pair) return pair;
        cursor = res.body.nextCursor;
      } while (cursor);
      return undefined;
    }
  });
});
