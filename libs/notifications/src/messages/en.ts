import { isoDueText, versionText, rolledOverList } from './format.js';
import type { CaseParams, DeadlineMovedParams, LocaleMessages, StepDueParams } from './types.js';

/** The roll-over sentence of a legal reminder, or nothing (the text stays as before). */
const rolled = (p: StepDueParams) => {
  const list = rolledOverList(p);
  return list === null ? '' : ` The last day rolled past ${list}.`;
};

const stepTypes = {
  demand_letter: 'written demand to the employer',
  employer_meeting: 'meeting with the employer',
  collective_action: 'collective action',
  labour_inspectorate: 'labour inspectorate',
  union_referral: 'union referral',
  partner_referral: 'partner referral',
  conciliation: 'conciliation',
  labour_court: 'labour court claim',
  public_disclosure: 'public disclosure',
  other: 'task',
} as const;

const due = (p: StepDueParams) => isoDueText(p, 'no date');

/** English: the texts the tracker has always sent. */
export const en = {
  kinds: {
    'reminder.due': (p) => {
      const label = stepTypes[p.stepType];
      return {
        title: `${p.reference}: ${label} due ${due(p)}`,
        body:
          p.deadlineRuleId !== null
            ? `Legal deadline (${p.deadlineRuleId}) of ${p.reference}: ${label}, last day ${due(p)}.${rolled(p)} ` +
              'Computed by the tracker as a planning aid: a lawyer or counselling centre must confirm it.'
            : `Internal target of ${p.reference}: ${label}, due ${due(p)}.`,
      };
    },
    'step.overdue': (p) => ({
      title: `${p.reference}: ${stepTypes[p.stepType]} is overdue (was due ${due(p)})`,
      body:
        p.deadlineRuleId !== null
          ? `The legal deadline ${p.deadlineRuleId} of ${p.reference} has passed. Check at once with a lawyer what can still be done.`
          : `The internal target of ${p.reference} has passed. Update the step or set a new date.`,
    }),
    'deadline.moved_earlier': (p: DeadlineMovedParams) => ({
      title: `${p.reference}: legal deadline ${p.deadlineRuleId} moved earlier to ${p.dueDate}`,
      body:
        `The legal deadline ${p.deadlineRuleId} of ${p.reference} was recomputed with a new version of the rule table ` +
        `or holiday list (${versionText(p.ruleVersionKey)}, ${versionText(p.calendarVersionKey)}): last day ${p.dueDate} instead of ${p.previousDueDate}. ` +
        'Check the case plan and confirm the date with a lawyer or counselling centre.',
    }),
    'intake.received': (p: CaseParams) => ({
      title: `${p.reference}: new complaint from the intake page`,
      body: `A migrant filed ${p.reference} on the public intake page. It waits for triage in the list of new complaints.`,
    }),
    'complaint.worker_message': (p: CaseParams) => ({
      title: `${p.reference}: the worker sent a message`,
      body: `The worker of ${p.reference} answered on the status page. Read it in the case's notes.`,
    }),
    test: () => ({
      title: 'Test notification',
      body: 'An administrator sent this message to check that notifications reach you. No action is needed.',
    }),
  },
  stepTypes,
  openTracker: (url) => `Open the tracker: ${url}`,
} satisfies LocaleMessages;
