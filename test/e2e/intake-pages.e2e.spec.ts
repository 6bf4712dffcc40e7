import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTAKE_LANGUAGES, intakeMessages, type IntakeLanguage } from '@mc/intake';
import { createTestApi, type HttpResponse, type TestApi } from '../support/test-api.js';

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
const FORM_TYPE = { 'content-type': 'application/x-www-form-urlencoded' };
const XSS = '<script>alert(1)</script>';
const XSS_ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;';

/** As Eta writes text into a page. */
function html(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function t(language: IntakeLanguage, id: string, values?: Record<string, string | number>): string {
  return html(intakeMessages(language).t(id, values));
}

const FIELDS: Record<string, string> = {
  language: 'ru',
  name: 'Иван Петров',
  'contact.phone': '+49 151 2345678',
  'contact.email': '',
  'contact.telegram': '',
  countryOfWork: 'DE',
  city: 'Berlin',
  employerName: 'ООО Стройка',
  employerCity: '',
  description: 'Мне не заплатили за март.',
  'amountOwed.amount': '',
  'amountOwed.currency': 'EUR',
  dismissalNoticeReceived: '',
  'consent.dataProcessing': 'true',
  'consent.partnerSharing': 'none',
  website: '',
};

/** The intake form as a browser posts it: dotted names, one `categories` per ticked box. */
function formBody(
  overrides: Record<string, string | undefined> = {},
  categories = ['unpaid_wages', 'unpaid_overtime'],
) {
  const fields = { ...FIELDS, ...overrides };
  const pairs = Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined);
  return new URLSearchParams([...pairs, ...categories.map((c): [string, string] => ['categories', c])]).toString();
}

function jsonSubmission(overrides: Record<string, unknown> = {}) {
  return {
    language: 'ru',
    name: 'Олена Коваль',
    contact: { telegram: '@olena_k' },
    countryOfWork: 'PL',
    employerName: 'Agencja Praca Sp. z o.o.',
    categories: ['unpaid_wages'],
    description: 'Agency kept my last two salaries.',
    amountOwed: { amount: '2400', currency: 'PLN' },
    consent: { dataProcessing: true, partnerSharing: 'anonymised' },
    ...overrides,
  };
}

/** The value of the element with this id (`<code id="reference">MC-…</code>`). */
function textOf(page: string, id: string): string {
  const match = new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(page);
  if (!match) throw new Error(`no #${id} in the page`);
  return match[1]!;
}

/** The opening tag of the element with this id. */
function tagOf(page: string, id: string): string {
  const match = new RegExp(`<[a-z]+ [^>]*id="${id}"[^>]*>`).exec(page);
  if (!match) throw new Error(`no #${id} in the page`);
  return match[0];
}

function expectPageHeaders(res: HttpResponse) {
  expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(res.headers.get('content-security-policy')).toBe(CSP);
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  expect(res.headers.get('cache-control')).toBe('no-store');
}

/** No inline script, no inline style, no third-party URL. */
function expectOnlyOwnCode(page: string) {
  expect(page).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  expect(page).not.toMatch(/\sstyle=/);
  expect(page).not.toMatch(/<style/);
  expect(page).not.toMatch(/(src|href)="(https?:)?\/\//);
}

describe('intake pages', () => {
  let api: TestApi;
  let db: DataSource;

  beforeAll(async () => {
    api = await createTestApi({
      INTAKE_LIMIT_PER_IP: '1000',
      STATUS_LIMIT_PER_IP: '1000',
      STATUS_LIMIT_PER_REFERENCE: '1000',
    });
    db = api.app.get(DataSource);
  });
  afterAll(() => api.close());

  const postForm = (path: string, body: string, headers: Record<string, string> = {}) =>
    api.request('POST', path, { rawBody: body, headers: { ...FORM_TYPE, ...headers } });
  const complaintCount = async () => Number((await db.query('SELECT count(*)::int AS n FROM complaints'))[0].n);

  describe('GET /intake', () => {
    it.each(INTAKE_LANGUAGES)('?lang=%s: the form in that language, the switcher, the page headers', async (lang) => {
      const res = await api.get(`/intake?lang=${lang}`);
      expect(res.status).toBe(200);
      expectPageHeaders(res);
      expect(res.text).toContain(`<html lang="${lang}"`);
      expect(res.text).toContain(t(lang, 'form.submit'));
      expect(res.text).toContain(t(lang, 'categories.unpaid_wages'));
      expect(res.text).toContain('<form method="post" action="/api/v1/public/intake" novalidate');
      expect(res.text).toContain(`<input type="hidden" name="language" value="${lang}">`);
      expect(res.headers.get('set-cookie')).toBe(`mc_lang=${lang}; Max-Age=31536000; Path=/; HttpOnly; SameSite=Lax`);
      expect(res.text).toContain('<nav class="lang-switcher"');
      for (const other of INTAKE_LANGUAGES) {
        expect(res.text).toContain(
          `<a href="/intake?lang=${other}" hreflang="${other}" lang="${other}"${other === lang ? ' aria-current="true"' : ''}>${intakeMessages(other).t(`languages.${other}`)}</a>`,
        );
      }
      expectOnlyOwnCode(res.text);
    });

    it('has a label for every field, the required ones marked, and the honeypot out of sight', async () => {
      const page = (await api.get('/intake?lang=en')).text;
      const ids = [...page.matchAll(/<(?:input|select|textarea) [^>]*id="([^"]+)"/g)].map((m) => m[1]!);
      expect(ids.length).toBeGreaterThan(30);
      for (const id of ids) expect(page, id).toContain(`<label for="${id}"`);
      for (const id of ['name', 'countryOfWork', 'employerName', 'description', 'consent-dataProcessing']) {
        expect(tagOf(page, id)).toContain('required aria-required="true"');
      }
      expect(tagOf(page, 'contact-phone')).toContain('type="tel"');
      expect(tagOf(page, 'contact-email')).toContain('type="email"');
      expect(tagOf(page, 'dismissalNoticeReceived')).toContain('type="date"');
      expect(tagOf(page, 'consent-partnerSharing-none')).toContain('checked');
      expect(tagOf(page, 'website')).toMatch(/tabindex="-1" autocomplete="off"/);
      expect(page).toMatch(/<div class="hp">\s*<label for="website">/);
      for (const country of ['DE', 'FR', 'PL', 'NL', 'CZ', 'LT', 'RS'])
        expect(page).toContain(`<option value="${country}">`);
    });

    it('without ?lang= takes the cookie, then Accept-Language, then English, and sets no cookie', async () => {
      const cookie = await api.get('/intake', {
        headers: { cookie: 'mc_lang=uk', 'accept-language': 'ru-RU,ru;q=0.9' },
      });
      expect(cookie.text).toContain('<html lang="uk"');
      expect(cookie.headers.get('set-cookie')).toBeNull();
      const header = await api.get('/intake', { headers: { 'accept-language': 'ru-RU,ru;q=0.9,en;q=0.5' } });
      expect(header.text).toContain('<html lang="ru"');
      const badCookie = await api.get('/intake', { headers: { cookie: 'mc_lang=xx', 'accept-language': 'de-AT' } });
      expect(badCookie.text).toContain('<html lang="de"');
      const nothing = await api.get('/intake', { headers: { 'accept-language': 'ja' } });
      expect(nothing.text).toContain('<html lang="en"');
      const query = await api.get('/intake?lang=pl', { headers: { cookie: 'mc_lang=uk', 'accept-language': 'ru' } });
      expect(query.text).toContain('<html lang="pl"');
      expect(query.headers.get('set-cookie')).toMatch(/^mc_lang=pl;/);
      const unknownQuery = await api.get('/intake?lang=zz', { headers: { cookie: 'mc_lang=uk' } });
      expect(unknownQuery.text).toContain('<html lang="uk"');
      expect(unknownQuery.headers.get('set-cookie')).toBeNull();
    });

    it('weighs under 60 KB with every file it links, all served by us', async () => {
      for (const lang of ['ru', 'uk', 'en'] as const) {
        const page = await api.get(`/intake?lang=${lang}`);
        const links = [...page.text.matchAll(/(?:href|src)="(\/intake\/assets\/[^"]+)"/g)].map((m) => m[1]!);
        expect(links.length).toBe(3);
        let bytes = Buffer.byteLength(page.text);
        for (const link of links) {
          const asset = await fetch(api.baseUrl + link.replace(/&amp;/g, '&'));
          expect(asset.status, link).toBe(200);
          bytes += (await asset.arrayBuffer()).byteLength;
        }
        expect(bytes).toBeLessThan(60 * 1024);
      }
    });
  });

  describe('assets', () => {
    it.each([
      ['intake.css', 'text/css; charset=utf-8'],
      ['intake.js', 'text/javascript; charset=utf-8'],
      ['favicon.svg', 'image/svg+xml'],
    ])('serves %s as %s, cacheable, not sniffable', async (file, type) => {
      const res = await api.get(`/intake/assets/${file}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toBe('public, max-age=86400');
      expect(res.text.length).toBeGreaterThan(100);
    });

    it('serves nothing else', async () => {
      for (const path of [
        '/intake/assets/nope.css',
        '/intake/assets/..%2F..%2Fpackage.json',
        '/intake/assets/%2e%2e',
      ]) {
        expect((await api.get(path)).status, path).toBe(404);
      }
    });
  });

  describe('the form post', () => {
    it('files the complaint and answers the confirmation page with reference and token', async () => {
      const before = await complaintCount();
      const res = await postForm('/api/v1/public/intake', formBody());
      expect(res.status).toBe(201);
      expectPageHeaders(res);
      expect(res.text).toContain('<html lang="ru"');
      const reference = textOf(res.text, 'reference');
      const token = textOf(res.text, 'status-token');
      expect(reference).toMatch(/^MC-\d{4}-\d+$/);
      expect(token).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){6}$/);
      expect(res.text).toContain(`href="/status?lang=ru&amp;reference=${reference}"`);
      expect(res.text).toContain(t('ru', 'confirmation.nextReview', { days: 3 }));
      expect(res.text).toContain('id="credential-actions"');
      expect(res.text).not.toContain('lang-switcher');
      expectOnlyOwnCode(res.text);
      expect(await complaintCount()).toBe(before + 1);
      const [row] = await db.query('SELECT source, status FROM complaints WHERE reference = $1', [reference]);
      expect(row).toEqual({ source: 'public_intake', status: 'new' });

      const status = await api.get(`/api/v1/public/status/${reference}`, { headers: { 'x-status-token': token } });
      expect(status.status).toBe(200);
      expect(status.body).toMatchObject({
        reference,
        status: 'new',
        statusLabel: intakeMessages('ru').t('status.received'),
      });
    });

    it('re-renders the form with 400, the localized message next to the field and everything typed kept', async () => {
      const before = await complaintCount();
      const res = await postForm('/api/v1/public/intake', formBody({ name: '', 'amountOwed.amount': '12x' }));
      expect(res.status).toBe(400);
      expectPageHeaders(res);
      expect(res.text).toContain('<html lang="ru"');
      expect(textOf(res.text, 'error-name')).toBe(t('ru', 'errors.required'));
      expect(tagOf(res.text, 'name')).toContain('aria-invalid="true" aria-describedby="error-name"');
      expect(res.text).toMatch(/<input id="name"[^>]*>\s*<p class="field-error" id="error-name">/);
      expect(textOf(res.text, 'error-amountOwed-amount')).toBe(t('ru', 'errors.invalid_amount'));
      expect(res.text).toContain('id="error-summary"');
      expect(res.text).toContain(`<a href="#name">${t('ru', 'form.name.label')}: ${t('ru', 'errors.required')}</a>`);
      expect(res.text).toContain(t('ru', 'form.errorSummary', { count: 2 }));
      // The rest as typed.
      expect(tagOf(res.text, 'employerName')).toContain('value="ООО Стройка"');
      expect(tagOf(res.text, 'contact-phone')).toContain('value="+49 151 2345678"');
      expect(tagOf(res.text, 'amountOwed-amount')).toContain('value="12x"');
      expect(res.text).toMatch(/<option value="DE" selected>/);
      expect(res.text).toMatch(
        /<textarea id="description" name="description"[^>]*>Мне не заплатили за март.<\/textarea>/,
      );
      expect(tagOf(res.text, 'categories-unpaid_wages')).toContain('checked');
      expect(tagOf(res.text, 'categories-unpaid_overtime')).toContain('checked');
      expect(tagOf(res.text, 'categories-other')).not.toContain('checked');
      expect(tagOf(res.text, 'consent-dataProcessing')).toContain('checked');
      expect(await complaintCount()).toBe(before);
    });

    it('shows the group errors: no contact, no category, no consent', async () => {
      const res = await postForm(
        '/api/v1/public/intake',
        formBody({ language: 'uk', 'contact.phone': '', 'consent.dataProcessing': undefined }, []),
      );
      expect(res.status).toBe(400);
      expect(textOf(res.text, 'error-contact')).toBe(t('uk', 'errors.contact_required'));
      expect(tagOf(res.text, 'contact-phone')).toContain('aria-describedby="error-contact"');
      expect(textOf(res.text, 'error-categories')).toBe(t('uk', 'errors.categories_required'));
      expect(textOf(res.text, 'error-consent-dataProcessing')).toBe(t('uk', 'errors.consent_required'));
      expect(tagOf(res.text, 'consent-dataProcessing')).toContain('aria-describedby="error-consent-dataProcessing"');
    });

    it('refuses a description over 5000 characters with the form and the message', async () => {
      const res = await postForm('/api/v1/public/intake', formBody({ language: 'en', description: 'я'.repeat(5001) }));
      expect(res.status).toBe(400);
      expect(textOf(res.text, 'error-description')).toBe(t('en', 'errors.too_long', { max: 5000 }));
    });

    it('writes back a <script> typed into any text field as text', async () => {
      const texts = [
        'name',
        'contact.phone',
        'contact.email',
        'contact.telegram',
        'city',
        'employerName',
        'employerCity',
      ];
      const overrides: Record<string, string> = Object.fromEntries(texts.map((f) => [f, XSS]));
      const res = await postForm(
        '/api/v1/public/intake',
        formBody({ ...overrides, description: XSS, 'amountOwed.amount': XSS, dismissalNoticeReceived: XSS }),
      );
      expect(res.status).toBe(400);
      expect(res.text).not.toContain('<script>alert');
      for (const field of [...texts, 'amountOwed.amount', 'dismissalNoticeReceived']) {
        expect(tagOf(res.text, field.replace('.', '-')), field).toContain(`value="${XSS_ESCAPED}"`);
      }
      expect(res.text).toContain(`>${XSS_ESCAPED}</textarea>`);
      expectOnlyOwnCode(res.text);
    });

    it('answers a filled honeypot like a success, and stores nothing', async () => {
      const before = await complaintCount();
      const res = await postForm('/api/v1/public/intake', formBody({ website: 'https://cheap-pills.example' }));
      expect(res.status).toBe(201);
      expect(textOf(res.text, 'reference')).toMatch(/^MC-\d{4}-\d{5}$/);
      expect(textOf(res.text, 'status-token')).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){6}$/);
      const json = await api.post('/api/v1/public/intake', jsonSubmission({ website: 'x' }));
      expect(json.status).toBe(201);
      expect(Object.keys(json.body).sort()).toEqual(['reference', 'statusToken', 'statusUrl']);
      expect(await complaintCount()).toBe(before);
    });

    it('refuses a body over 64 KiB with 413', async () => {
      const big = await postForm('/api/v1/public/intake', formBody({ description: 'x'.repeat(70 * 1024) }));
      expect(big.status).toBe(413);
      const json = await api.post('/api/v1/public/intake', jsonSubmission({ description: 'x'.repeat(70 * 1024) }));
      expect(json.status).toBe(413);
    });
  });

  describe('POST /api/v1/public/intake as JSON', () => {
    it('answers 201 with reference, token and a status URL without the token', async () => {
      const res = await api.post('/api/v1/public/intake', jsonSubmission());
      expect(res.status).toBe(201);
      expect(res.headers.get('content-type')).toContain('application/json');
      const { reference, statusToken, statusUrl } = res.body;
      expect(statusUrl).toBe(`${api.config.publicBaseUrl}/status?lang=ru&reference=${reference}`);
      expect(statusUrl).not.toContain(statusToken);
    });

    it('answers 400 problem+json with a message per field in the submission language', async () => {
      const res = await api.post(
        '/api/v1/public/intake',
        jsonSubmission({ language: 'de', name: ' ', contact: {}, description: 'x'.repeat(5001), isAdmin: true }),
      );
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 400, type: 'urn:mc:problem:validation-error' });
      expect(res.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'name', message: intakeMessages('de').t('errors.required') },
          { field: 'contact', message: intakeMessages('de').t('errors.contact_required') },
          { field: 'description', message: intakeMessages('de').t('errors.too_long', { max: 5000 }) },
          { field: 'isAdmin', message: intakeMessages('de').t('errors.unknown_field') },
        ]),
      );
      const noLanguage = await api.post('/api/v1/public/intake', jsonSubmission({ language: 'xx', name: '' }), {
        headers: { 'accept-language': 'fr-FR' },
      });
      expect(noLanguage.body.errors).toContainEqual({
        field: 'name',
        message: intakeMessages('fr').t('errors.required'),
      });
    });

    it('takes neither other content types nor urlencoded bodies on other routes (415)', async () => {
      const text = await api.request('POST', '/api/v1/public/intake', {
        rawBody: 'a,b',
        headers: { 'content-type': 'text/csv' },
      });
      expect(text.status).toBe(415);
      const login = await postForm('/api/v1/auth/login', 'email=a%40b.c&password=whatever-long');
      expect(login.status).toBe(415);
      expect(login.headers.get('content-type')).toContain('application/problem+json');
      const statusJson = await postForm(
        `/api/v1/public/status/MC-${new Date().getUTCFullYear()}-00001/messages`,
        'message=hi',
      );
      expect(statusJson.status).toBe(415);
      const stillJson = await api.post('/api/v1/auth/login', { email: 'a@b.c', password: 'whatever-long' });
      expect(stillJson.status).toBe(401);
    });
  });

  describe('status', () => {
    let reference: string;
    let token: string;
    let admin: { token: string };

    beforeAll(async () => {
      const filed = await api.post('/api/v1/public/intake', jsonSubmission({ language: 'uk' }));
      ({ reference, statusToken: token } = filed.body);
      admin = await api.userWithRole('admin');
      const [{ id }] = await db.query('SELECT id FROM complaints WHERE reference = $1', [reference]);
      const note = await api.post(
        `/api/v1/complaints/${id}/notes`,
        { body: `Ми написали роботодавцю. ${XSS}`, visibility: 'worker' },
        { token: admin.token },
      );
      expect(note.status).toBe(201);
      await api.post(
        `/api/v1/complaints/${id}/notes`,
        { body: 'internal only', visibility: 'internal' },
        { token: admin.token },
      );
    });

    it('JSON: the label in the intake language and the worker-visible notes; a wrong token is the same 404 as an unknown reference', async () => {
      const res = await api.get(`/api/v1/public/status/${reference}`, { headers: { 'x-status-token': token } });
      expect(res.status).toBe(200);
      expect(res.body.statusLabel).toBe(intakeMessages('uk').t('status.received'));
      expect(res.body.messages).toHaveLength(1);
      expect(res.body.messages[0]).toMatchObject({ from: 'collective', body: `Ми написали роботодавцю. ${XSS}` });
      expect(res.text).not.toContain('internal only');

      const wrong = await api.get(`/api/v1/public/status/${reference}`, { headers: { 'x-status-token': 'AAAA-BBBB' } });
      const missing = await api.get(`/api/v1/public/status/${reference}`);
      const unknown = await api.get('/api/v1/public/status/MC-1999-99999', { headers: { 'x-status-token': token } });
      for (const r of [wrong, missing, unknown]) {
        expect(r.status).toBe(404);
        const { instance: _instance, ...rest } = r.body;
        const { instance: _wrongInstance, ...wrongRest } = wrong.body;
        expect(rest).toEqual(wrongRest);
      }
    });

    it('JSON: a reply lands on the status', async () => {
      const res = await api.post(
        `/api/v1/public/status/${reference}/messages`,
        { message: 'Дякую!' },
        { headers: { 'x-status-token': token } },
      );
      expect(res.status).toBe(201);
      expect(res.body.messages.at(-1)).toMatchObject({ from: 'worker', body: 'Дякую!' });
      const empty = await api.post(
        `/api/v1/public/status/${reference}/messages`,
        { message: '   ' },
        { headers: { 'x-status-token': token } },
      );
      expect(empty.status).toBe(400);
      const extra = await api.post(
        `/api/v1/public/status/${reference}/messages`,
        { message: 'hi', extra: 1 },
        { headers: { 'x-status-token': token } },
      );
      expect(extra.status).toBe(400);
    });

    it('GET /status: the lookup form, the reference kept, the token never in a URL', async () => {
      const res = await api.get(`/status?lang=uk&reference=${encodeURIComponent(reference)}`);
      expect(res.status).toBe(200);
      expectPageHeaders(res);
      expect(res.text).toContain('<form method="post" action="/status" novalidate');
      expect(tagOf(res.text, 'reference')).toContain(`value="${reference}"`);
      expect(tagOf(res.text, 'token')).toContain('type="text"');
      expect(tagOf(res.text, 'token')).toContain('autocomplete="off"');
      expect(res.text).toContain(`href="/status?lang=ru&amp;reference=${reference}"`);
      const hostile = await api.get(`/status?reference=${encodeURIComponent(XSS)}`);
      expect(hostile.text).not.toContain('<script>alert');
      expect(hostile.text).toContain(XSS_ESCAPED);
    });

    it('POST /status: the status page with the notes, escaped; a wrong token gives the lookup form with 404', async () => {
      const body = new URLSearchParams({ language: 'uk', reference, token }).toString();
      const res = await postForm('/status', body);
      expect(res.status).toBe(200);
      expectPageHeaders(res);
      expect(textOf(res.text, 'status-label')).toBe(t('uk', 'status.received'));
      expect(res.text).toMatch(/<ol class="messages">\s*<li class="message message-collective">/);
      expect(res.text).toContain(`<p class="message-body">Ми написали роботодавцю. ${XSS_ESCAPED}</p>`);
      expect(res.text).not.toContain('<script>alert');
      expect(res.text).toMatch(/<span class="message-from">[^<]+<\/span> · <time datetime="\d{4}-/);
      expect(res.text).toContain('<form method="post" action="/status/messages" novalidate');
      expect(res.text).not.toContain('internal only');
      expectOnlyOwnCode(res.text);

      const wrong = await postForm(
        '/status',
        new URLSearchParams({ language: 'uk', reference, token: 'nope' }).toString(),
      );
      const unknown = await postForm(
        '/status',
        new URLSearchParams({ language: 'uk', reference: 'MC-1999-99999', token }).toString(),
      );
      for (const r of [wrong, unknown]) {
        expect(r.status).toBe(404);
        expect(textOf(r.text, 'status-not-found')).toBe(t('uk', 'statusPage.notFound'));
        expect(r.text).toContain('<form method="post" action="/status"');
      }
    });

    it('POST /status/messages: the reply shows with a notice; an empty one is refused next to the field', async () => {
      const body = new URLSearchParams({ language: 'uk', reference, token, message: `Ось фото ${XSS}` }).toString();
      const res = await postForm('/status/messages', body);
      expect(res.status).toBe(200);
      expect(textOf(res.text, 'reply-sent')).toBe(t('uk', 'statusPage.replySent'));
      expect(res.text).toContain(`<p class="message-body">Ось фото ${XSS_ESCAPED}</p>`);
      expect(res.text).not.toContain('<script>alert');

      const empty = await postForm(
        '/status/messages',
        new URLSearchParams({ language: 'uk', reference, token, message: ' ' }).toString(),
      );
      expect(empty.status).toBe(400);
      expect(textOf(empty.text, 'error-message')).toBe(t('uk', 'statusPage.reply.invalid', { max: 5000 }));
      const wrong = await postForm(
        '/status/messages',
        new URLSearchParams({ language: 'uk', reference, token: 'nope', message: 'hi' }).toString(),
      );
      expect(wrong.status).toBe(404);
    });
  });
});

describe('intake and status rate limits', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await createTestApi({
      INTAKE_LIMIT_PER_IP: '2',
      STATUS_LIMIT_PER_IP: '100',
      STATUS_LIMIT_PER_REFERENCE: '3',
    });
  });
  afterAll(() => api.close());

  it('answers the third intake post of the hour with 429 and Retry-After: JSON as a problem, the form as a page', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await api.post('/api/v1/public/intake', jsonSubmission({ name: '' }));
      expect(res.status).toBe(400);
    }
    const json = await api.post('/api/v1/public/intake', jsonSubmission());
    expect(json.status).toBe(429);
    expect(json.headers.get('content-type')).toContain('application/problem+json');
    expect(json.body.type).toBe('urn:mc:problem:rate-limited');
    const retryAfter = Number(json.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(3500);
    expect(retryAfter).toBeLessThanOrEqual(3600);

    const form = await api.request('POST', '/api/v1/public/intake', { rawBody: formBody(), headers: FORM_TYPE });
    expect(form.status).toBe(429);
    expectPageHeaders(form);
    expect(Number(form.headers.get('retry-after'))).toBeGreaterThan(3500);
    expect(form.text).toContain('<html lang="ru"');
    expect(textOf(form.text, 'problem-text')).toBe(t('ru', 'problem.tooMany', { minutes: 60 }));

    // Other routes do not count against it, nor it against them.
    expect((await api.get('/intake')).status).toBe(200);
    expect((await api.post('/api/v1/auth/login', { email: 'a@b.c', password: 'whatever-long' })).status).toBe(401);
  });

  it('limits lookups per reference, the JSON and the page together, whatever the token', async () => {
    const year = new Date().getUTCFullYear();
    const reference = `MC-${year}-77777`;
    expect((await api.get(`/api/v1/public/status/${reference}`, { headers: { 'x-status-token': 'a' } })).status).toBe(
      404,
    );
    const page = (token: string) =>
      api.request('POST', '/status', {
        rawBody: new URLSearchParams({ language: 'en', reference: reference.toLowerCase(), token }).toString(),
        headers: FORM_TYPE,
      });
    expect((await page('b')).status).toBe(404);
    expect((await page('c')).status).toBe(404);
    const limited = await page('d');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(textOf(limited.text, 'problem-text')).toBe(t('en', 'problem.tooMany', { minutes: 15 }));
    const json = await api.get(`/api/v1/public/status/${reference}`, { headers: { 'x-status-token': 'e' } });
    expect(json.status).toBe(429);
    // Another reference from the same address is still answered.
    expect(
      (await api.get(`/api/v1/public/status/MC-${year}-77778`, { headers: { 'x-status-token': 'a' } })).status,
    ).toBe(404);
  });
});
