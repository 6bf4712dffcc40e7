/**
 * The public intake and status pages in a real browser (issue 11, "Done when"): headless Chromium
 * at a 360×740 phone viewport against the real API. The HTML contract the selectors rely on is
 * in /work/notes/intake-contract.md (form field names, `#error-<field>`, `#reference`,
 * `#status-token`, `#status-label`, `ol.messages`, `#reply-sent`, `[data-copy]`).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intakeMessages, type IntakeLanguage } from '@mc/intake';
import type { TestApi } from '../support/test-api.js';
import {
  describeView,
  CHROMIUM_FOUND,
  CHROMIUM_PATH,
  launchChromium,
  MISSING_IN_CI,
  PAGE_WEIGHT_LIMIT,
  PhoneSession,
  SKIP_BROWSER_TESTS,
  startApi,
  type PageView,
} from './harness.js';

const COMPLAINTS = '/api/v1/complaints';
const INTAKE_ACTION = '/api/v1/public/intake';

interface IntakeValues {
  name: string;
  phone: string;
  country: string;
  city: string;
  employerName: string;
  employerCity: string;
  categories: string[];
  description: string;
  amount: string;
  currency: string;
  dismissal: string;
  partnerSharing: 'none' | 'anonymised' | 'full';
}

function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

const RU_VALUES: IntakeValues = {
  name: 'Иван Петров',
  phone: '+49 151 2345678',
  country: 'DE',
  city: 'Берлин',
  employerName: 'ООО «СтройБау» GmbH',
  employerCity: 'Потсдам',
  categories: ['unpaid_wages', 'unpaid_overtime'],
  description: 'Мне не заплатили за март и апрель, около 1200 евро. Работодатель не отвечает на звонки.',
  amount: '1200',
  currency: 'EUR',
  dismissal: daysAgo(10),
  partnerSharing: 'anonymised',
};

const UK_VALUES: IntakeValues = {
  name: 'Олена Коваль',
  phone: '+48 512 345 678',
  country: 'PL',
  city: 'Вроцлав',
  employerName: 'Agencja Pracy Świt',
  employerCity: 'Wrocław',
  categories: ['illegal_deductions'],
  description: 'Агенція забрала з зарплати 800 злотих за житло, якого не було.',
  amount: '800',
  currency: 'PLN',
  dismissal: '',
  partnerSharing: 'none',
};

const field = (page: Page, name: string) => page.locator(`[name="${name}"]`);

/** Fills the intake form; `skip` leaves those fields as they are (for the missing-field tests). */
async function fillIntake(page: Page, values: IntakeValues, skip: string[] = []): Promise<void> {
  const fill = async (name: string, value: string) => {
    if (!skip.includes(name) && value !== '') await field(page, name).fill(value);
  };
  await fill('name', values.name);
  await fill('contact.phone', values.phone);
  if (!skip.includes('countryOfWork')) await field(page, 'countryOfWork').selectOption(values.country);
  await fill('city', values.city);
  await fill('employerName', values.employerName);
  await fill('employerCity', values.employerCity);
  if (!skip.includes('categories')) {
    for (const category of values.categories) {
      await page.locator(`input[name="categories"][value="${category}"]`).check();
    }
  }
  await fill('description', values.description);
  await fill('amountOwed.amount', values.amount);
  if (!skip.includes('amountOwed.currency')) await field(page, 'amountOwed.currency').selectOption(values.currency);
  await fill('dismissalNoticeReceived', values.dismissal);
  await page.locator(`input[name="consent.partnerSharing"][value="${values.partnerSharing}"]`).check();
  if (!skip.includes('consent.dataProcessing')) await field(page, 'consent.dataProcessing').check();
}

/** Submits `form` with its submit button and waits for the page the POST answered with. */
async function submit(page: Page, form: string): Promise<number> {
  const action = await page.locator(form).getAttribute('action');
  const path = new URL(action!, page.url()).pathname;
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === path),
    page.locator(`${form} button[type="submit"]`).first().click(),
  ]);
  await page.waitForLoadState('load');
  return response.status();
}

const intakeForm = `form[action="${INTAKE_ACTION}"]`;
const lookupForm = 'form[action="/status"]';
const replyForm = 'form[action="/status/messages"]';

// Runs wherever the browser tests should: with Chromium, and in CI (where its absence fails).
it.skipIf(SKIP_BROWSER_TESTS && !MISSING_IN_CI)('browser tests: Chromium is installed', () => {
  expect(CHROMIUM_FOUND, `no Chromium at ${CHROMIUM_PATH}: .ci/run installs Debian's chromium with apt`).toBe(true);
});

describe.skipIf(SKIP_BROWSER_TESTS)('intake and status pages in a phone browser (headless Chromium)', () => {
  let api: TestApi;
  let browser: Browser | undefined;
  let coordinator: { id: string; token: string };
  const sessions: PhoneSession[] = [];
  const views: PageView[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    api = await startApi({ INTAKE_LIMIT_PER_IP: '1000', LOGIN_LIMIT_PER_IP: '500' });
    coordinator = await api.userWithRole('coordinator');
  });
  afterAll(async () => {
    for (const session of sessions) await session.close().catch(() => undefined);
    await browser?.close();
    await api?.close();
  });

  async function phone(options: { javaScript?: boolean; locale?: string } = {}): Promise<PhoneSession> {
    const session = await PhoneSession.open(browser!, api.baseUrl, {
      javaScriptEnabled: options.javaScript ?? true,
      locale: options.locale ?? 'en-GB',
    });
    sessions.push(session);
    return session;
  }

  async function view(session: PhoneSession, name: string): Promise<PageView> {
    const seen = await session.view(name);
    views.push(seen);
    return seen;
  }

  const t = (language: IntakeLanguage, id: string, values?: Record<string, string | number>) =>
    intakeMessages(language).t(id, values);

  async function complaintIdOf(reference: string): Promise<string> {
    const list = await api.get(`${COMPLAINTS}?q=${encodeURIComponent(reference)}`, { token: coordinator.token });
    expect(list.status, list.text).toBe(200);
    const found = (list.body.items as { id: string; reference: string }[]).find((c) => c.reference === reference);
    expect(found, `complaint ${reference} in the coordinator's list`).toBeDefined();
    return found!.id;
  }

  async function notesOf(id: string): Promise<{ id: string; body: string; visibility: string }[]> {
    const notes = await api.get(`${COMPLAINTS}/${id}/notes?limit=100`, { token: coordinator.token });
    expect(notes.status, notes.text).toBe(200);
    return notes.body.items;
  }

  /** The confirmation page's reference and token, checked on the way. */
  async function readConfirmation(session: PhoneSession, language: IntakeLanguage) {
    const { page } = session;
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(language);
    const reference = (await page.locator('#reference').innerText()).trim();
    const token = (await page.locator('#status-token').innerText()).trim();
    expect(reference).toMatch(/^MC-\d{4}-\d+$/);
    expect(token.length).toBeGreaterThanOrEqual(16);
    const statusLink = page.locator('a[href*="/status"]').first();
    const href = await statusLink.getAttribute('href');
    expect(href, 'the status link never carries the token').not.toContain(token);
    return { reference, token, statusLink };
  }

  /** Opens the status page through the lookup form on the current page. */
  async function lookUp(session: PhoneSession, reference: string, token: string): Promise<number> {
    const { page } = session;
    await page.locator(`${lookupForm} [name="reference"]`).fill(reference);
    await page.locator(`${lookupForm} [name="token"]`).fill(token);
    return submit(page, lookupForm);
  }

  async function messagesOn(page: Page) {
    return page.locator('ol.messages > li').evaluateAll((items) =>
      items.map((li) => ({
        from: li.querySelector('.message-from')?.textContent?.trim() ?? null,
        body: li.querySelector('.message-body')?.textContent?.trim() ?? null,
        time: li.querySelector('time')?.getAttribute('datetime') ?? null,
      })),
    );
  }

  it('Russian: form, confirmation, status with a caseworker note, a reply that reaches the staff side', async () => {
    const session = await phone();
    const { page } = session;

    await page.goto(`${api.baseUrl}/intake?lang=ru`);
    await view(session, 'intake-ru');
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');
    expect(await page.locator(intakeForm).count()).toBe(1);
    const languageCookie = (await session.context.cookies()).find((c) => c.name === 'mc_lang');
    expect(languageCookie, 'mc_lang cookie set from ?lang=').toMatchObject({
      value: 'ru',
      httpOnly: true,
      sameSite: 'Lax',
    });
    expect(await page.locator(`${intakeForm} [name="language"]`).inputValue()).toBe('ru');

    await fillIntake(page, RU_VALUES);
    expect(await submit(page, intakeForm)).toBe(201);
    await view(session, 'intake-ru-confirmation');
    const { reference, token, statusLink } = await readConfirmation(session, 'ru');
    expect(await page.locator('[data-copy]').count(), 'copy button where JS runs').toBeGreaterThan(0);

    // The status page, reached through the confirmation's link.
    await statusLink.click();
    await page.waitForLoadState('load');
    await view(session, 'status-lookup-ru');
    expect(new URL(page.url()).pathname).toBe('/status');
    expect(await lookUp(session, reference, token)).toBe(200);
    await view(session, 'status-ru');
    expect((await page.locator('#status-label').innerText()).trim()).toBe(t('ru', 'status.received'));
    expect(page.url(), 'the token is never in the URL').not.toContain(token);

    // A caseworker's note for the worker, through the staff API.
    const complaintId = await complaintIdOf(reference);
    const noteBody = 'Мы получили вашу жалобу. Пожалуйста, пришлите фото трудового договора.';
    const note = await api.post(
      `${COMPLAINTS}/${complaintId}/notes`,
      { body: noteBody, visibility: 'worker' },
      { token: coordinator.token },
    );
    expect(note.status, note.text).toBe(201);
    const internal = await api.post(
      `${COMPLAINTS}/${complaintId}/notes`,
      { body: 'Internal: check the employer register first', visibility: 'internal' },
      { token: coordinator.token },
    );
    expect(internal.status, internal.text).toBe(201);

    // Looking again (the status page is a POST answer: reloading means sending the form again).
    await page.goto(`${api.baseUrl}/status?lang=ru&reference=${encodeURIComponent(reference)}`);
    expect(await lookUp(session, reference, token)).toBe(200);
    await view(session, 'status-ru-note');
    const withNote = await messagesOn(page);
    expect(withNote.map((m) => m.body)).toEqual([noteBody]);
    expect(withNote[0]!.from).toBeTruthy();
    expect(withNote[0]!.time).toBeTruthy();
    expect(await page.content()).not.toContain('Internal: check the employer register');

    // The worker's reply from the status page.
    const reply = 'Спасибо! Договор у меня есть, пришлю фото завтра.';
    await page.locator(`${replyForm} textarea[name="message"]`).fill(reply);
    expect(await submit(page, replyForm)).toBe(200);
    await view(session, 'status-ru-reply-sent');
    expect(await page.locator('#reply-sent').isVisible()).toBe(true);
    const afterReply = await messagesOn(page);
    expect(afterReply.map((m) => m.body)).toEqual([noteBody, reply]);
    expect(afterReply[1]!.from).not.toBe(afterReply[0]!.from);

    // The reply on the staff side: in the notes and on the timeline, as the public's doing.
    const notes = await notesOf(complaintId);
    const replyNote = notes.find((n) => n.body === reply);
    expect(replyNote, `the reply among the notes: ${JSON.stringify(notes)}`).toBeDefined();
    const timeline = await api.get(`${COMPLAINTS}/${complaintId}/timeline?limit=100`, { token: coordinator.token });
    expect(timeline.status, timeline.text).toBe(200);
    const events = timeline.body.items as { actorType: string; type: string; data: Record<string, unknown> }[];
    const replyEvent = events.find((e) => e.type === 'note.added' && e.data.noteId === replyNote!.id);
    expect(replyEvent, `note.added of ${replyNote!.id} on the timeline: ${JSON.stringify(events)}`).toMatchObject({
      actorType: 'public',
      data: { visibility: 'worker', fromWorker: true },
    });

    session.assertClean();
  }, 90_000);

  it('Ukrainian: the form in Ukrainian (from ?lang=, the switcher and Accept-Language) and its confirmation', async () => {
    const session = await phone();
    const { page } = session;

    await page.goto(`${api.baseUrl}/intake?lang=ru`);
    const russianSubmit = (await page.locator(`${intakeForm} button[type="submit"]`).innerText()).trim();
    const switcher = page.locator('nav.lang-switcher a[href*="lang=uk"]');
    expect((await switcher.innerText()).trim()).toBe('Українська');

    await page.goto(`${api.baseUrl}/intake?lang=uk`);
    await view(session, 'intake-uk');
    expect(await page.locator('html').getAttribute('lang')).toBe('uk');
    const ukrainianSubmit = (await page.locator(`${intakeForm} button[type="submit"]`).innerText()).trim();
    expect(ukrainianSubmit).not.toBe(russianSubmit);
    expect(await page.locator('body').innerText(), 'letters only Ukrainian has').toMatch(/[іїєґ]/i);
    for (const language of ['ru', 'en', 'de', 'fr', 'pl']) {
      expect(await page.locator(`nav.lang-switcher a[href*="lang=${language}"]`).count(), language).toBe(1);
    }

    await fillIntake(page, UK_VALUES);
    expect(await submit(page, intakeForm)).toBe(201);
    await view(session, 'intake-uk-confirmation');
    const { reference } = await readConfirmation(session, 'uk');
    const complaintId = await complaintIdOf(reference);
    const complaint = await api.get(`${COMPLAINTS}/${complaintId}`, { token: coordinator.token });
    expect(complaint.body).toMatchObject({ source: 'public_intake', status: 'new', countryOfWork: 'PL' });

    // No ?lang=, no cookie: the browser's Accept-Language decides.
    const fresh = await phone({ locale: 'uk-UA' });
    await fresh.page.goto(`${api.baseUrl}/intake`);
    expect(await fresh.page.locator('html').getAttribute('lang')).toBe('uk');
    // The cookie from ?lang= wins over Accept-Language.
    await fresh.page.goto(`${api.baseUrl}/intake?lang=de`);
    await fresh.page.goto(`${api.baseUrl}/intake`);
    expect(await fresh.page.locator('html').getAttribute('lang')).toBe('de');

    session.assertClean();
    fresh.assertClean();
  }, 60_000);

  it('a missing required field: the localized error next to it, the other values kept, then it goes through', async () => {
    const session = await phone();
    const { page } = session;
    await page.goto(`${api.baseUrl}/intake?lang=ru`);
    await fillIntake(page, RU_VALUES, ['name']);
    expect(await submit(page, intakeForm)).toBe(400);
    await view(session, 'intake-ru-errors');

    expect(await page.locator('html').getAttribute('lang')).toBe('ru');
    const message = t('ru', 'errors.required');
    expect(intakeMessages('ru').has('errors.required'), 'ru.json has its own errors.required').toBe(true);
    expect((await page.locator('#error-name').innerText()).trim()).toBe(message);
    const name = field(page, 'name');
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    expect((await name.getAttribute('aria-describedby'))?.split(/\s+/)).toContain('error-name');
    // "Right after the field": the message follows the input with no other control in between.
    const placement = await name.evaluate((input) => {
      const FOLLOWING = 4; // Node.DOCUMENT_POSITION_FOLLOWING
      const error = input.ownerDocument.getElementById('error-name');
      if (!error) return 'no #error-name';
      if (!(input.compareDocumentPosition(error) & FOLLOWING)) return 'before the field';
      const controls = [...input.ownerDocument.querySelectorAll('input, select, textarea')];
      const between = controls.filter(
        (c) =>
          c !== input && input.compareDocumentPosition(c) & FOLLOWING && c.compareDocumentPosition(error) & FOLLOWING,
      );
      return between.length === 0 ? 'ok' : `controls in between: ${between.map((c) => c.getAttribute('name'))}`;
    });
    expect(placement).toBe('ok');
    // Only the missing field is in error; the summary links to it.
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(1);
    const summaryTargets = await page
      .locator('#error-summary a[href^="#"]')
      .evaluateAll((links) =>
        links.map(
          (a) => a.ownerDocument.getElementById(a.getAttribute('href')!.slice(1))?.getAttribute('name') ?? null,
        ),
      );
    expect(summaryTargets).toEqual(['name']);

    // Everything else is still there.
    expect(await name.inputValue()).toBe('');
    expect(await field(page, 'contact.phone').inputValue()).toBe(RU_VALUES.phone);
    expect(await field(page, 'countryOfWork').inputValue()).toBe(RU_VALUES.country);
    expect(await field(page, 'city').inputValue()).toBe(RU_VALUES.city);
    expect(await field(page, 'employerName').inputValue()).toBe(RU_VALUES.employerName);
    expect(await field(page, 'employerCity').inputValue()).toBe(RU_VALUES.employerCity);
    for (const category of RU_VALUES.categories) {
      expect(await page.locator(`input[name="categories"][value="${category}"]`).isChecked(), category).toBe(true);
    }
    expect(await page.locator('input[name="categories"]:checked').count()).toBe(RU_VALUES.categories.length);
    expect(await field(page, 'description').inputValue()).toBe(RU_VALUES.description);
    expect(await field(page, 'amountOwed.amount').inputValue()).toBe(RU_VALUES.amount);
    expect(await field(page, 'amountOwed.currency').inputValue()).toBe(RU_VALUES.currency);
    expect(await field(page, 'dismissalNoticeReceived').inputValue()).toBe(RU_VALUES.dismissal);
    expect(await page.locator(`input[name="consent.partnerSharing"]:checked`).getAttribute('value')).toBe(
      RU_VALUES.partnerSharing,
    );
    expect(await field(page, 'consent.dataProcessing').isChecked()).toBe(true);
    expect(await field(page, 'website').inputValue()).toBe('');

    // Filling in the missing name is enough.
    await name.fill(RU_VALUES.name);
    expect(await submit(page, intakeForm)).toBe(201);
    await readConfirmation(session, 'ru');
    session.assertClean();
  }, 60_000);

  it('the whole flow with JavaScript disabled (no copy button, errors, 404, status, reply)', async () => {
    const session = await phone({ javaScript: false });
    const { page } = session;

    // A missing field first, in Ukrainian.
    await page.goto(`${api.baseUrl}/intake?lang=uk`);
    await view(session, 'nojs-intake-uk');
    await fillIntake(page, UK_VALUES, ['employerName']);
    expect(await submit(page, intakeForm)).toBe(400);
    await view(session, 'nojs-intake-uk-errors');
    expect((await page.locator('#error-employerName').innerText()).trim()).toBe(t('uk', 'errors.required'));
    expect(await field(page, 'employerName').getAttribute('aria-invalid')).toBe('true');
    expect(await field(page, 'name').inputValue()).toBe(UK_VALUES.name);
    expect(await field(page, 'description').inputValue()).toBe(UK_VALUES.description);
    await field(page, 'employerName').fill(UK_VALUES.employerName);
    expect(await submit(page, intakeForm)).toBe(201);
    await view(session, 'nojs-intake-uk-confirmation');
    const { reference, token, statusLink } = await readConfirmation(session, 'uk');
    expect(await page.locator('[data-copy]').count(), 'no copy button without JS').toBe(0);

    await statusLink.click();
    await page.waitForLoadState('load');
    await view(session, 'nojs-status-lookup-uk');

    // A wrong token: the 404 page with the lookup form again.
    expect(await lookUp(session, reference, 'not-the-token-0000000000')).toBe(404);
    await view(session, 'nojs-status-not-found-uk');
    expect(await page.locator(lookupForm).count()).toBe(1);
    expect(await page.locator('#status-label').count()).toBe(0);

    expect(await lookUp(session, reference, token)).toBe(200);
    await view(session, 'nojs-status-uk');
    expect((await page.locator('#status-label').innerText()).trim()).toBe(t('uk', 'status.received'));

    const reply = 'Доброго дня, маю фото договору.';
    await page.locator(`${replyForm} textarea[name="message"]`).fill(reply);
    expect(await submit(page, replyForm)).toBe(200);
    await view(session, 'nojs-status-uk-reply-sent');
    expect(await page.locator('#reply-sent').isVisible()).toBe(true);
    expect((await messagesOn(page)).map((m) => m.body)).toEqual([reply]);

    const notes = await notesOf(await complaintIdOf(reference));
    expect(notes.map((n) => n.body)).toContain(reply);
    session.assertClean();
  }, 90_000);

  it('the copy button comes only with JavaScript', async () => {
    const counts: Record<string, number> = {};
    for (const javaScript of [true, false]) {
      const session = await phone({ javaScript });
      await session.page.goto(`${api.baseUrl}/intake?lang=en`);
      await fillIntake(session.page, { ...RU_VALUES, name: 'Copy Button' });
      expect(await submit(session.page, intakeForm)).toBe(201);
      await readConfirmation(session, 'en');
      counts[javaScript ? 'with JS' : 'without JS'] = await session.page.locator('[data-copy]').count();
      session.assertClean();
    }
    expect(counts['with JS'], 'copy button with JS').toBeGreaterThan(0);
    expect(counts['without JS'], 'copy button without JS').toBe(0);
  }, 60_000);

  it('axe: no serious or critical violation on any page', () => {
    const checked = views.filter((v) => v.axe !== null);
    expect(checked.map((v) => v.name)).toEqual(
      expect.arrayContaining([
        'intake-ru',
        'intake-ru-confirmation',
        'status-lookup-ru',
        'status-ru',
        'intake-ru-errors',
      ]),
    );
    const failures = checked.filter((v) => v.axe!.length > 0).map((v) => `${v.name}:\n  ${v.axe!.join('\n  ')}`);
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it(`every page weighs under ${PAGE_WEIGHT_LIMIT / 1024} KB (HTML, CSS, script, icon) and loads nothing foreign`, () => {
    expect(views.length).toBeGreaterThan(0);
    const heavy = views.filter((v) => v.bytes >= PAGE_WEIGHT_LIMIT).map(describeView);
    expect(heavy, heavy.join('\n')).toEqual([]);
    const foreign = views.flatMap((v) => v.resources.filter((r) => new URL(r.url).origin !== api.baseUrl));
    expect(foreign).toEqual([]);
    for (const session of sessions) session.assertClean();
  });

  it('every page: strict CSP, nosniff, no referrer, no inline code; case pages not cached', () => {
    const problems: string[] = [];
    for (const v of views) {
      const headers = v.document?.headers;
      if (!headers) {
        problems.push(`${v.name}: no document response seen`);
        continue;
      }
      const csp = headers['content-security-policy'] ?? '';
      for (const directive of [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
      ]) {
        if (!csp.split(';').some((d) => d.trim() === directive)) problems.push(`${v.name}: CSP lacks ${directive}`);
      }
      if (/unsafe-inline|unsafe-eval/.test(csp)) problems.push(`${v.name}: CSP allows unsafe code: ${csp}`);
      if (headers['x-content-type-options'] !== 'nosniff') problems.push(`${v.name}: no X-Content-Type-Options`);
      if (headers['referrer-policy'] !== 'no-referrer') problems.push(`${v.name}: Referrer-Policy not no-referrer`);
      if (/confirmation|status-(ru|uk)/.test(v.name) && !/no-store/.test(headers['cache-control'] ?? '')) {
        problems.push(`${v.name}: case data without Cache-Control: no-store (${headers['cache-control']})`);
      }
      if (v.inlineCode > 0) problems.push(`${v.name}: ${v.inlineCode} inline script/style/handler`);
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });
});
