import type { ComplaintCategory } from '@mc/complaints';
import { TRIGGER_KEY_DATES, type DeadlineRuleBook, type DeadlineTrigger } from '@mc/deadlines';
import type { LegalDueComplaint } from './legal-step-due.js';
import type { Playbook, PlaybookStep } from './playbooks.js';
import type { StepType } from './step-types.js';

/** Words for the date a caseworker must ask the worker for. */
export const TRIGGER_QUESTIONS: Readonly<Record<DeadlineTrigger, string>> = {
  dismissal_notice_received: 'the day the dismissal notice was received',
  fixed_term_end: 'the end of the fixed-term contract',
  wage_due: 'the day the unpaid wage was due',
  facts_known: 'the day the facts became known',
  discrimination_known: 'the day the discrimination became known',
  agg_claim_asserted: 'the day the written discrimination claim was made',
  employment_end: 'the last day of employment',
};

export const DAY_MS = 24 * 3600 * 1000;

export type PlaybookComplaint = LegalDueComplaint & {
  readonly categories: readonly ComplaintCategory[];
  readonly createdAt: Date;
};

export interface PlannedStep {
  readonly type: StepType;
  readonly title: string;
  readonly dueAt?: Date;
  readonly deadlineRuleId?: string;
  readonly playbook: string;
  readonly urgent: boolean;
}

/**
 * The same action twice: the same rule of the same type, or (internal targets) the same type and
 * title; two referrals to different partners are two steps.
 */
export function sameStep(
  a: { type: StepType; deadlineRuleId?: string | null; title?: string | null },
  b: { type: StepType; deadlineRuleId?: string | null; title?: string | null },
): boolean {
  if (a.type !== b.type) return false;
  const ruleA = a.deadlineRuleId ?? null;
  const ruleB = b.deadlineRuleId ?? null;
  if (ruleA !== null || ruleB !== null) return ruleA === ruleB;
  return (a.title ?? null) === (b.title ?? null);
}

function applies(playbook: Playbook, complaint: PlaybookComplaint): boolean {
  if (playbook.country !== '*' && playbook.country !== complaint.countryOfWork) return false;
  return playbook.categories === '*' || playbook.categories.some((c) => complaint.categories.includes(c));
}

function plan(step: PlaybookStep, key: string, complaint: PlaybookComplaint): PlannedStep {
  return {
    type: step.type,
    title: step.title,
    playbook: key,
    urgent: step.urgent === true,
    ...(step.ruleId !== undefined
      ? { deadlineRuleId: step.ruleId }
      : { dueAt: new Date(complaint.createdAt.getTime() + (step.offsetDays ?? 0) * DAY_MS) }),
  };
}

/**
 * The steps the playbooks give a complaint, in ladder order. The generic demand letter comes
 * first; a country playbook that has its own demand letter (DE wages: with the cut-off rule)
 * takes its place. A step already planned ({@link sameStep}) is not planned twice. A rule step
 * whose trigger date the complaint lacks is followed by a task to ask the worker for it (due a day
 * after `now`, when the playbook is applied).
 */
export function planPlaybookSteps(
  playbooks: readonly Playbook[],
  rules: DeadlineRuleBook,
  complaint: PlaybookComplaint,
  now: Date,
): PlannedStep[] {
  const steps: PlannedStep[] = [];
  for (const playbook of playbooks) {
    if (!applies(playbook, complaint)) continue;
    playbook.steps.forEach((step, index) => {
      const planned = plan(step, `${playbook.key}#${index + 1}`, complaint);
      const genericDemand = steps.findIndex((s) => s.type === 'demand_letter' && s.deadlineRuleId === undefined);
      if (planned.type === 'demand_letter' && genericDemand >= 0) {
        steps[genericDemand] = planned;
        return;
      }
      if (steps.some((s) => sameStep(s, planned))) return;
      steps.push(planned);
    });
  }
  const withQuestions: PlannedStep[] = [];
  const asked = new Set<DeadlineTrigger>();
  for (const step of steps) {
    withQuestions.push(step);
    if (step.deadlineRuleId === undefined) continue;
    const trigger = rules.find(step.deadlineRuleId).trigger;
    const known = complaint[TRIGGER_KEY_DATES[trigger]];
    if ((known === null || known === undefined) && !asked.has(trigger)) {
      asked.add(trigger);
      withQuestions.push({
        type: 'other',
        title: `Ask the worker for ${TRIGGER_QUESTIONS[trigger]}`,
        dueAt: new Date(now.getTime() + DAY_MS),
        playbook: step.playbook,
        urgent: false,
      });
    }
  }
  return withQuestions;
}
