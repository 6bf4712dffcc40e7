import { localDueText, sentence, versionText, rolledOverList } from './format.js';
import type { CaseParams, DeadlineMovedParams, LocaleMessages, StepDueParams } from './types.js';

/** The roll-over sentence of a legal reminder, or nothing (the text stays as before). */
const rolled = (p: StepDueParams) => {
  const list = rolledOverList(p);
  return list === null ? '' : ` Срок перенесён через выходные и праздники: ${list}.`;
};

const stepTypes = {
  demand_letter: 'письменное требование к работодателю',
  employer_meeting: 'встреча с работодателем',
  collective_action: 'коллективное действие',
  labour_inspectorate: 'инспекция труда',
  union_referral: 'направление в профсоюз',
  partner_referral: 'направление к партнёрской организации',
  conciliation: 'примирительная процедура',
  labour_court: 'иск в суд по трудовым делам',
  public_disclosure: 'публичное раскрытие',
  other: 'задача',
} as const;

/** A legal last day in words (`4 мая 2026 г.`). */
const dueOn = (date: string) => localDueText('ru', { dueDate: date, dueAt: null }, date);

const due = (p: StepDueParams) => localDueText('ru', p, 'без даты');

/** Russian. */
export const ru = {
  kinds: {
    'reminder.due': (p) => {
      const label = stepTypes[p.stepType];
      return {
        title: `${p.reference}: ${label} — срок ${due(p)}`,
        body:
          p.deadlineRuleId !== null
            ? `Законный срок (${p.deadlineRuleId}) по делу ${p.reference}: ${label}, ${sentence(`последний день ${due(p)}`)}${rolled(p)} ` +
              'Рассчитан трекером для планирования: его должен подтвердить юрист или консультационный центр.'
            : sentence(`Внутренний срок по делу ${p.reference}: ${label}, до ${due(p)}`),
      };
    },
    'step.overdue': (p) => ({
      title: `${p.reference}: ${stepTypes[p.stepType]} — срок прошёл (был ${due(p)})`,
      body:
        p.deadlineRuleId !== null
          ? `Законный срок ${p.deadlineRuleId} по делу ${p.reference} истёк. Срочно выясните с юристом, что ещё можно сделать.`
          : `Внутренний срок по делу ${p.reference} истёк. Обновите шаг или назначьте новую дату.`,
    }),
    'deadline.moved_earlier': (p: DeadlineMovedParams) => ({
      title: `${p.reference}: законный срок ${p.deadlineRuleId} перенесён на более раннюю дату — ${dueOn(p.dueDate)}`,
      body:
        `Законный срок ${p.deadlineRuleId} по делу ${p.reference} пересчитан по новой версии таблицы правил ` +
        `или списка праздников (${versionText(p.ruleVersionKey)}, ${versionText(p.calendarVersionKey)}): последний день ${dueOn(p.dueDate)} вместо ${dueOn(p.previousDueDate)}. ` +
        'Проверьте план по делу и подтвердите дату у юриста или в консультационном центре.',
    }),
    'intake.received': (p: CaseParams) => ({
      title: `${p.reference}: новая жалоба с формы приёма`,
      body: `Мигрант подал жалобу ${p.reference} через публичную форму. Она ждёт разбора в списке новых жалоб.`,
    }),
    'complaint.worker_message': (p: CaseParams) => ({
      title: `${p.reference}: работник прислал сообщение`,
      body: `Работник по делу ${p.reference} ответил на странице статуса. Сообщение — в заметках дела.`,
    }),
    test: () => ({
      title: 'Тестовое уведомление',
      body: 'Администратор отправил это сообщение, чтобы проверить, что уведомления до вас доходят. Ничего делать не нужно.',
    }),
  },
  stepTypes,
  openTracker: (url) => `Откройте трекер: ${url}`,
} satisfies LocaleMessages;
