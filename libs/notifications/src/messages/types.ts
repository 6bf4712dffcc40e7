import { DEFAULT_USER_LOCALE, USER_LOCALES, type UserLocale } from '@mc/security';
import type { StepType } from '../step-types.js';

/**
 * The message catalogue's types. A notification row stores a `kind` and its `params`; the text is
 * rendered when it is read or sent, in the recipient's language. Params hold references, step
 * types, dates and counts only (never personal data): they are what the message may say.
 */
/** The languages of messages: the languages a user can choose. */
export const NOTIFICATION_LOCALES = USER_LOCALES;
export type NotificationLocale = UserLocale;
export const DEFAULT_NOTIFICATION_LOCALE: NotificationLocale = DEFAULT_USER_LOCALE;

/** A step and the day it is due: a legal last day (`dueDate`) or an internal target (`dueAt`, ISO). */
export interface StepDueParams {
  /** Case reference, `MC-2026-00042`. */
  reference: string;
  stepType: StepType;
  /** `YYYY-MM-DD`, the legal last day; null for an internal target. */
  dueDate: string | null;
  /** ISO date-time of an internal target; null when `dueDate` is set or there is no date. */
  dueAt: string | null;
  /** The deadline rule of a legal deadline (`kschg-4`); null for an internal target. */
  deadlineRuleId: string | null;
  /**
   * The days a legal last day rolled past and why ("Sunday", "Ascension Day, Algemene
   * termijnenwet art. 3"), so the reader can check the date against the law. Absent in rows
   * written before it existed and for internal targets; empty when the end did not roll.
   */
  rolledOver?: readonly { date: string; reason: string }[];
}

/**
 * A statutory deadline of a case that a new rule or holiday-list version moved to an earlier day:
 * less time than the case plan counted on. Ids and dates only.
 */
export interface DeadlineMovedParams {
  /** Case reference, `MC-2026-00042`. */
  reference: string;
  /** The deadline rule (`nl.bw.7-686a`). */
  deadlineRuleId: string;
  /** `YYYY-MM-DD`, the last day as stored before. */
  previousDueDate: string;
  /** `YYYY-MM-DD`, the last day now. */
  dueDate: string;
  /** The rule version it was recomputed with (`nl.bw.7-686a@1`). */
  ruleVersionKey: string;
  /** The holiday list version it was recomputed with (`nl.atw.3@2`). */
  calendarVersionKey: string;
}

/** A case the message is about, by its reference only. */
export interface CaseParams {
  /** Case reference, `MC-2026-00042`. */
  reference: string;
}

/** Every message kind and its params. */
export interface NotificationParamsByKind {
  'reminder.due': StepDueParams;
  'step.overdue': StepDueParams;
  'deadline.moved_earlier': DeadlineMovedParams;
  /** A migrant filed a complaint on the public intake page: for the coordinators' triage. */
  'intake.received': CaseParams;
  /** A migrant answered on the status page: for the assignee (or the coordinators). */
  'complaint.worker_message': CaseParams;
  test: Record<string, never>;
}
export type NotificationKind = keyof NotificationParamsByKind;
export const NOTIFICATION_KINDS = [
  'reminder.due',
  'step.overdue',
  'deadline.moved_earlier',
  'intake.received',
  'complaint.worker_message',
  'test',
] as const satisfies readonly NotificationKind[];

/** A message of a known kind, as callers of `notify` pass it. */
export type NotificationMessage = {
  [K in NotificationKind]: { kind: K; params: NotificationParamsByKind[K] };
}[NotificationKind];

/**
 * Params of a notification stored as text: rows written before messages were rendered per language
 * (the migration moved their title and body here) and callers that pass a literal title and body.
 * Shown as stored, in every language.
 */
export interface TextParams {
  text: { title: string; body: string };
}

export interface RenderedNotification {
  title: string;
  body: string;
}

/** What one language says. `satisfies LocaleMessages` makes a missing kind or step type a compile error. */
export interface LocaleMessages {
  kinds: { [K in NotificationKind]: (params: NotificationParamsByKind[K]) => RenderedNotification };
  stepTypes: Record<StepType, string>;
  /** The last line of an e-mail or Telegram message. */
  openTracker: (publicBaseUrl: string) => string;
}
