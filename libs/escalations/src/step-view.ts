import type { ReminderStatus } from './reminder.entity.js';
import type { StepStatus, StepType } from './step-types.js';

export interface StepReminderView {
  readonly offset: string;
  readonly fireAt: Date;
  readonly status: ReminderStatus;
  readonly sentAt: Date | null;
}

/** A step as services hand it out: title and outcome decrypted, reminders attached. */
export interface StepView {
  readonly id: string;
  readonly complaintId: string;
  readonly position: number;
  readonly type: StepType;
  readonly status: StepStatus;
  readonly title: string | null;
  readonly outcome: string | null;
  /** True when the due date is a statutory deadline (from `deadlineRuleId`), false for an internal target. */
  readonly legal: boolean;
  readonly deadlineRuleId: string | null;
  readonly deadlineRuleVersion: number | null;
  readonly dueDate: string | null;
  readonly dueAt: Date | null;
  readonly overdueAt: Date | null;
  readonly overdue: boolean;
  readonly awaitingKeyDate: string | null;
  readonly reminderOffsets: string[];
  readonly reminders: StepReminderView[];
  readonly assigneeId: string | null;
  readonly playbook: string | null;
  readonly immigrationRiskConfirmedAt: Date | null;
  readonly immigrationRiskConfirmedBy: string | null;
  /** Legal steps only: the computed date is a planning aid a lawyer must confirm. */
  readonly disclaimer: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly completedAt: Date | null;
  readonly version: number;
}
