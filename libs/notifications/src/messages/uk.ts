import { localDueText, sentence, versionText, rolledOverList } from './format.js';
import type { CaseParams, DeadlineMovedParams, LocaleMessages, StepDueParams } from './types.js';

/** The roll-over sentence of a legal reminder, or nothing (the text stays as before). */
const rolled = (p: StepDueParams) => {
  const list = rolledOverList(p);
  return list === null ? '' : ` Строк перенесено через вихідні та свята: ${list}.`;
};

const stepTypes = {
  demand_letter: 'письмова вимога до роботодавця',
  employer_meeting: 'зустріч з роботодавцем',
  collective_action: 'колективна дія',
  labour_inspectorate: 'інспекція праці',
  union_referral: 'направлення до профспілки',
  partner_referral: 'направлення до партнерської організації',
  conciliation: 'примирна процедура',
  labour_court: 'позов до суду з трудових справ',
  public_disclosure: 'публічне оприлюднення',
  other: 'завдання',
} as const;

/** A legal last day in words (`4 мая 2026 г.`). */
const dueOn = (date: string) => localDueText('uk', { dueDate: date, dueAt: null }, date);

const due = (p: StepDueParams) => localDueText('uk', p, 'без дати');

/** Ukrainian. */
export const uk = {
  kinds: {
    'reminder.due': (p) => {
      const label = stepTypes[p.stepType];
      return {
        title: `${p.reference}: ${label} — строк ${due(p)}`,
        body:
          p.deadlineRuleId !== null
            ? `Законний строк (${p.deadlineRuleId}) у справі ${p.reference}: ${label}, ${sentence(`останній день ${due(p)}`)}${rolled(p)} ` +
              'Розрахований трекером для планування: його має підтвердити юрист або консультаційний центр.'
            : sentence(`Внутрішній строк у справі ${p.reference}: ${label}, до ${due(p)}`),
      };
    },
    'step.overdue': (p) => ({
      title: `${p.reference}: ${stepTypes[p.stepType]} — строк минув (був ${due(p)})`,
      body:
        p.deadlineRuleId !== null
          ? `Законний строк ${p.deadlineRuleId} у справі ${p.reference} минув. Негайно з’ясуйте з юристом, що ще можна зробити.`
          : `Внутрішній строк у справі ${p.reference} минув. Оновіть крок або призначте нову дату.`,
    }),
    'deadline.moved_earlier': (p: DeadlineMovedParams) => ({
      title: `${p.reference}: законний строк ${p.deadlineRuleId} перенесено на ранішу дату — ${dueOn(p.dueDate)}`,
      body:
        `Законний строк ${p.deadlineRuleId} у справі ${p.reference} перераховано за новою версією таблиці правил ` +
        `або списку свят (${versionText(p.ruleVersionKey)}, ${versionText(p.calendarVersionKey)}): останній день ${dueOn(p.dueDate)} замість ${dueOn(p.previousDueDate)}. ` +
        'Перевірте план справи й підтвердьте дату в юриста або консультаційного центру.',
    }),
    'intake.received': (p: CaseParams) => ({
      title: `${p.reference}: нова скарга з форми прийому`,
      body: `Мігрант подав скаргу ${p.reference} через публічну форму. Вона чекає на розгляд у списку нових скарг.`,
    }),
    'complaint.worker_message': (p: CaseParams) => ({
      title: `${p.reference}: працівник надіслав повідомлення`,
      body: `Працівник у справі ${p.reference} відповів на сторінці статусу. Повідомлення — в нотатках справи.`,
    }),
    test: () => ({
      title: 'Тестове сповіщення',
      body: 'Адміністратор надіслав це повідомлення, щоб перевірити, що сповіщення до вас доходять. Нічого робити не потрібно.',
    }),
  },
  stepTypes,
  openTracker: (url) => `Відкрийте трекер: ${url}`,
} satisfies LocaleMessages;
