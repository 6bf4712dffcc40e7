import { describe, expect, it } from 'vitest';
import { checkNotificationContent, notificationText } from '../notification-content.js';
import {
  NOTIFICATION_KINDS,
  NOTIFICATION_LOCALES,
  NOTIFICATION_MESSAGES,
  renderNotification,
  type DeadlineMovedParams,
  type StepDueParams,
} from './index.js';
import { STEP_TYPES } from '../step-types.js';

/** The case reference's year comes from the clock, as a real reference's does. */
const YEAR = new Date().getUTCFullYear();

const legal: StepDueParams = {
  reference: `MC-${YEAR}-00042`,
  stepType: 'labour_court',
  dueDate: '2026-05-04',
  dueAt: null,
  deadlineRuleId: 'kschg-4',
};
const moved: DeadlineMovedParams = {
  reference: `MC-${YEAR}-00042`,
  deadlineRuleId: 'nl.bw.7-686a',
  previousDueDate: '2027-05-07',
  dueDate: '2027-05-05',
  ruleVersionKey: 'nl.bw.7-686a@1',
  calendarVersionKey: 'nl.atw.3@2',
};
const internal: StepDueParams = {
  reference: `MC-${YEAR}-00042`,
  stepType: 'demand_letter',
  dueDate: null,
  dueAt: '2026-05-04T09:05:00.000Z',
  deadlineRuleId: null,
};

/** The English texts as `reminder-firing.service.ts` and `deadline-sweep.service.ts` built them before. */
const before = {
  due(p: StepDueParams) {
    if (p.dueDate !== null) return p.dueDate;
    return p.dueAt ? `${new Date(p.dueAt).toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'no date';
  },
  reminder(p: StepDueParams) {
    const label = NOTIFICATION_MESSAGES.en.stepTypes[p.stepType];
    const due = before.due(p);
    return {
      title: `${p.reference}: ${label} due ${due}`,
      body:
        p.deadlineRuleId !== null
          ? `Legal deadline (${p.deadlineRuleId}) of ${p.reference}: ${label}, last day ${due}. ` +
            'Computed by the tracker as a planning aid: a lawyer or counselling centre must confirm it.'
          : `Internal target of ${p.reference}: ${label}, due ${due}.`,
    };
  },
  overdue(p: StepDueParams) {
    const label = NOTIFICATION_MESSAGES.en.stepTypes[p.stepType];
    return {
      title: `${p.reference}: ${label} is overdue (was due ${before.due(p)})`,
      body:
        p.deadlineRuleId !== null
          ? `The legal deadline ${p.deadlineRuleId} of ${p.reference} has passed. Check at once with a lawyer what can still be done.`
          : `The internal target of ${p.reference} has passed. Update the step or set a new date.`,
    };
  },
};

describe('notification messages', () => {
  it('renders English byte-identical to the texts stored before', () => {
    for (const stepType of STEP_TYPES) {
      for (const p of [legal, internal, { ...internal, dueAt: null }]) {
        const params = { ...p, stepType };
        expect(renderNotification('reminder.due', params, 'en')).toEqual(before.reminder(params));
        expect(renderNotification('step.overdue', params, 'en')).toEqual(before.overdue(params));
      }
    }
    expect(renderNotification('reminder.due', legal, 'en')).toEqual({
      title: `MC-${YEAR}-00042: labour court claim due 2026-05-04`,
      body:
        `Legal deadline (kschg-4) of MC-${YEAR}-00042: labour court claim, last day 2026-05-04. ` +
        'Computed by the tracker as a planning aid: a lawyer or counselling centre must confirm it.',
    });
    expect(renderNotification('step.overdue', internal, 'en').title).toBe(
      `MC-${YEAR}-00042: written demand to the employer is overdue (was due 2026-05-04 09:05 UTC)`,
    );
    expect(renderNotification('test', {}, 'en')).toEqual({
      title: 'Test notification',
      body: 'An administrator sent this message to check that notifications reach you. No action is needed.',
    });
  });

  it('renders every kind in Russian and Ukrainian, dates in their words (UTC)', () => {
    expect(renderNotification('reminder.due', legal, 'ru')).toEqual({
      title: `MC-${YEAR}-00042: иск в суд по трудовым делам — срок 4 мая 2026 г.`,
      body:
        `Законный срок (kschg-4) по делу MC-${YEAR}-00042: иск в суд по трудовым делам, последний день 4 мая 2026 г. ` +
        'Рассчитан трекером для планирования: его должен подтвердить юрист или консультационный центр.',
    });
    expect(renderNotification('reminder.due', internal, 'uk')).toEqual({
      title: `MC-${YEAR}-00042: письмова вимога до роботодавця — строк 4 травня 2026 р. о 09:05 UTC`,
      body: `Внутрішній строк у справі MC-${YEAR}-00042: письмова вимога до роботодавця, до 4 травня 2026 р. о 09:05 UTC.`,
    });
    expect(renderNotification('step.overdue', internal, 'ru').title).toBe(
      `MC-${YEAR}-00042: письменное требование к работодателю — срок прошёл (был 4 мая 2026 г. в 09:05 UTC)`,
    );
    expect(renderNotification('step.overdue', legal, 'uk').body).toBe(
      `Законний строк kschg-4 у справі MC-${YEAR}-00042 минув. Негайно з’ясуйте з юристом, що ще можна зробити.`,
    );
    expect(renderNotification('test', {}, 'ru').title).toBe('Тестовое уведомление');
    expect(renderNotification('test', {}, 'uk').title).toBe('Тестове сповіщення');
    expect(renderNotification('reminder.due', { ...internal, dueAt: null }, 'uk').title).toContain('без дати');
  });

  it('says a deadline moved earlier with both days, in each language, with ids and dates only', () => {
    expect(renderNotification('deadline.moved_earlier', moved, 'en')).toEqual({
      title: `MC-${YEAR}-00042: legal deadline nl.bw.7-686a moved earlier to 2027-05-05`,
      body:
        `The legal deadline nl.bw.7-686a of MC-${YEAR}-00042 was recomputed with a new version of the rule table or ` +
        'holiday list (nl.bw.7-686a v1, nl.atw.3 v2): last day 2027-05-05 instead of 2027-05-07. ' +
        'Check the case plan and confirm the date with a lawyer or counselling centre.',
    });
    expect(renderNotification('deadline.moved_earlier', moved, 'ru').body).toContain(
      '5 мая 2027 г. вместо 7 мая 2027 г.',
    );
    expect(renderNotification('deadline.moved_earlier', moved, 'uk').body).toContain(
      '5 травня 2027 р. замість 7 травня 2027 р.',
    );
  });

  it('passes the content check with version keys in the params', () => {
    for (const locale of NOTIFICATION_LOCALES) {
      expect(() =>
        checkNotificationContent({
          kind: 'deadline.moved_earlier',
          ...renderNotification('deadline.moved_earlier', moved, locale),
        }),
      ).not.toThrow();
    }
  });

  it('has every kind and step type in every language, each a non-empty text without contact data', () => {
    for (const locale of NOTIFICATION_LOCALES) {
      const messages = NOTIFICATION_MESSAGES[locale];
      expect(Object.keys(messages.kinds).sort()).toEqual([...NOTIFICATION_KINDS].sort());
      expect(Object.keys(messages.stepTypes).sort()).toEqual([...STEP_TYPES].sort());
      for (const kind of NOTIFICATION_KINDS) {
        const cases = kind === 'test' ? [{}] : kind === 'deadline.moved_earlier' ? [moved] : [legal, internal];
        for (const params of cases) {
          const { title, body } = renderNotification(kind, params, locale);
          expect(title).toMatch(/\S/);
          expect(title).not.toMatch(/[\r\n]|undefined|null/);
          expect(body).not.toMatch(/undefined|null/);
          if (locale !== 'en') expect(title).not.toBe(renderNotification(kind, params, 'en').title);
        }
      }
      for (const label of Object.values(messages.stepTypes)) expect(label).toMatch(/\S/);
    }
  });

  it('falls back to English for an unknown locale and for params a language cannot render', () => {
    expect(renderNotification('test', {}, 'de')).toEqual(renderNotification('test', {}, 'en'));
    expect(renderNotification('test', {}, null)).toEqual(renderNotification('test', {}, 'en'));
    expect(renderNotification('reminder.due', legal, undefined)).toEqual(
      renderNotification('reminder.due', legal, 'en'),
    );
    // A date neither Intl nor the English ISO form can read: the kind's name, not a failed send.
    expect(renderNotification('reminder.due', { ...internal, dueAt: 'garbage' }, 'ru')).toEqual({
      title: 'reminder.due',
      body: '',
    });
  });

  it('shows text params (rows from before, literal texts) as stored in every language, and an unknown kind by name', () => {
    const text = { text: { title: `MC-${YEAR}-00001: step overdue`, body: 'Overdue since yesterday.' } };
    for (const locale of NOTIFICATION_LOCALES) {
      expect(renderNotification('step.overdue', text, locale)).toEqual(text.text);
    }
    expect(renderNotification('partner.reply', {}, 'ru')).toEqual({ title: 'partner.reply', body: '' });
  });

  it('ends the e-mail and Telegram text with the link in the recipient’s language', () => {
    const msg = { title: 'T', body: 'B' };
    expect(notificationText(msg, 'http://x')).toBe('T\n\nB\n\nOpen the tracker: http://x');
    expect(notificationText(msg, 'http://x', 'ru')).toBe('T\n\nB\n\nОткройте трекер: http://x');
    expect(notificationText(msg, 'http://x', 'uk')).toBe('T\n\nB\n\nВідкрийте трекер: http://x');
    expect(notificationText(msg, 'http://x', 'fr')).toBe('T\n\nB\n\nOpen the tracker: http://x');
  });
});

describe('the roll-over line of a legal reminder', () => {
  const rolled: StepDueParams = {
    ...legal,
    dueDate: '2027-05-07',
    deadlineRuleId: 'nl.bw.7-686a',
    rolledOver: [
      { date: '2027-05-05', reason: '5 May, Algemene termijnenwet art. 3' },
      { date: '2027-05-06', reason: 'Ascension Day, Algemene termijnenwet art. 3' },
    ],
  };
  const days =
    '2027-05-05 (5 May, Algemene termijnenwet art. 3), 2027-05-06 (Ascension Day, Algemene termijnenwet art. 3)';

  it.each([
    ['en', `The last day rolled past ${days}.`],
    ['ru', `Срок перенесён через выходные и праздники: ${days}.`],
    ['uk', `Строк перенесено через вихідні та свята: ${days}.`],
  ])('%s says each day and its reason in one sentence', (locale, sentence) => {
    const { body } = renderNotification('reminder.due', rolled, locale);
    expect(body).toContain(sentence);
    expect(body.split(sentence)).toHaveLength(2);
  });

  it('leaves the text as it was when nothing rolled or the row predates the field', () => {
    for (const locale of NOTIFICATION_LOCALES) {
      const without = renderNotification('reminder.due', legal, locale).body;
      expect(renderNotification('reminder.due', { ...legal, rolledOver: [] }, locale).body).toBe(without);
    }
  });

  it('passes the content check (dates and list names, no contact details)', () => {
    expect(() =>
      checkNotificationContent({ kind: 'reminder.due', ...renderNotification('reminder.due', rolled, 'en') }),
    ).not.toThrow();
  });
});
