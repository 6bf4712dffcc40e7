import { COMPLAINT_CATEGORIES, type ComplaintCategory } from '@mc/complaints';
import { isIntakeLanguage, type IntakeLanguage } from './intake-languages.js';

/**
 * What a migrant sends from the intake page (or as JSON, api.md "Public intake"), and the rules
 * it must meet. Pure: the page shows each error next to its field in the person's language, the
 * JSON route answers 400 with the same fields; nothing is written before the whole form passes.
 */

/** The countries the collective works in (the deadline rules exist for them). */
export const INTAKE_COUNTRIES = ['DE', 'FR', 'PL', 'NL', 'CZ', 'LT', 'RS'] as const;
export type IntakeCountry = (typeof INTAKE_COUNTRIES)[number];
/** The currencies of those countries, and the US dollar some agencies promise wages in. */
export const INTAKE_CURRENCIES = ['EUR', 'PLN', 'CZK', 'RSD', 'USD'] as const;
export type IntakeCurrency = (typeof INTAKE_CURRENCIES)[number];
export const PARTNER_SHARING_CHOICES = ['none', 'anonymised', 'full'] as const;
export type PartnerSharingChoice = (typeof PARTNER_SHARING_CHOICES)[number];

/** Length caps of every text (security.md: every string length-capped). */
export const INTAKE_LIMITS = {
  name: 200,
  phone: 32,
  email: 254,
  telegram: 33,
  city: 100,
  employerName: 200,
  employerCity: 100,
  description: 5000,
  amount: 15,
} as const;

export interface IntakeContact {
  phone: string | null;
  email: string | null;
  telegram: string | null;
}

/** A submission that passed every rule, normalised (trimmed, `+49…`, `@handle`). */
export interface IntakeSubmission {
  language: IntakeLanguage;
  name: string;
  contact: IntakeContact;
  countryOfWork: IntakeCountry;
  city: string | null;
  employerName: string;
  employerCity: string | null;
  categories: ComplaintCategory[];
  description: string;
  amountOwed: { amount: string; currency: IntakeCurrency } | null;
  /** `YYYY-MM-DD`. */
  dismissalNoticeReceived: string | null;
  consent: { dataProcessing: true; partnerSharing: PartnerSharingChoice };
}

/** Why a field was refused; each code has a message in every page language (`errors.<code>`). */
export const INTAKE_ERROR_CODES = [
  'required',
  'too_long',
  'unknown_field',
  'invalid_choice',
  'contact_required',
  'invalid_phone',
  'invalid_email',
  'invalid_telegram',
  'categories_required',
  'invalid_amount',
  'invalid_date',
  'date_in_future',
  'consent_required',
  'not_text',
] as const;
export type IntakeFieldErrorCode = (typeof INTAKE_ERROR_CODES)[number];

export interface IntakeFieldError {
  /** As the client sent it: `name`, `contact.phone`, `categories`, `consent.dataProcessing`. */
  field: string;
  code: IntakeFieldErrorCode;
  /** ICU arguments of the message (`{ max: 5000 }`). */
  params?: Record<string, number | string>;
}

export type IntakeValidation = { ok: true; value: IntakeSubmission } | { ok: false; errors: IntakeFieldError[] };

const TOP_FIELDS = new Set([
  'language',
  'name',
  'contact',
  'countryOfWork',
  'city',
  'employerName',
  'employerCity',
  'categories',
  'description',
  'amountOwed',
  'dismissalNoticeReceived',
  'consent',
  'website',
]);
const CONTACT_FIELDS = new Set(['phone', 'email', 'telegram']);
const AMOUNT_FIELDS = new Set(['amount', 'currency']);
const CONSENT_FIELDS = new Set(['dataProcessing', 'partnerSharing']);

/** E.164 after removing the spaces, dots, dashes and brackets people type: `+49 151 234-56-78`. */
const PHONE = /^\+[1-9]\d{6,14}$/;
/** Deliberately loose: a typo in a domain is for the caseworker to notice, not a reason to refuse. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Telegram usernames: 5–32 letters, digits or underscores. */
const TELEGRAM = /^@[A-Za-z][A-Za-z0-9_]{3,31}$/;
const AMOUNT = /^\d{1,12}(\.\d{1,2})?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-blank string, or null when absent or blank. */
function optionalText(value: unknown): string | null | 'not_text' {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') return 'not_text';
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** The phone as E.164, or null when it cannot be one. `00` is the international prefix too. */
export function normalisePhone(raw: string): string | null {
  let phone = raw.replace(/[\s.\-()/]/g, '');
  if (phone.startsWith('00')) phone = `+${phone.slice(2)}`;
  return PHONE.test(phone) ? phone : null;
}

/** `@handle` from `handle`, `@handle` or `https://t.me/handle`. */
export function normaliseTelegram(raw: string): string | null {
  const handle = raw.replace(/^(https?:\/\/)?(t\.me|telegram\.me)\//i, '').replace(/^@?/, '@');
  return TELEGRAM.test(handle) ? handle : null;
}

function validDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/**
 * Checks a submission. `today` (`YYYY-MM-DD`, UTC) bounds the dismissal date: a notice cannot
 * have been received tomorrow. Unknown fields are refused, as everywhere in the API.
 * The honeypot (`website`) is not judged here: see `isHoneypotFilled`.
 */
export function validateIntake(raw: unknown, today: string): IntakeValidation {
  const errors: IntakeFieldError[] = [];
  const add = (field: string, code: IntakeFieldErrorCode, params?: IntakeFieldError['params']) =>
    errors.push(params ? { field, code, params } : { field, code });
  if (!isRecord(raw)) return { ok: false, errors: [{ field: 'body', code: 'required' }] };
  for (const key of Object.keys(raw)) if (!TOP_FIELDS.has(key)) add(key, 'unknown_field');

  const text = (field: string, value: unknown, max: number, required: boolean): string | null => {
    const got = optionalText(value);
    if (got === 'not_text') {
      add(field, 'not_text');
      return null;
    }
    if (got === null) {
      if (required) add(field, 'required');
      return null;
    }
    if (got.length > max) {
      add(field, 'too_long', { max });
      return null;
    }
    return got;
  };
  const choice = <T extends string>(field: string, value: unknown, allowed: readonly T[], required: boolean) => {
    if (value === undefined || value === null || value === '') {
      if (required) add(field, 'required');
      return null;
    }
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      add(field, 'invalid_choice');
      return null;
    }
    return value as T;
  };

  const language = isIntakeLanguage(raw.language) ? raw.language : null;
  if (language === null) add('language', raw.language === undefined ? 'required' : 'invalid_choice');
  const name = text('name', raw.name, INTAKE_LIMITS.name, true);

  const contact: IntakeContact = { phone: null, email: null, telegram: null };
  if (raw.contact !== undefined && !isRecord(raw.contact)) add('contact', 'contact_required');
  const contactIn = isRecord(raw.contact) ? raw.contact : {};
  for (const key of Object.keys(contactIn)) if (!CONTACT_FIELDS.has(key)) add(`contact.${key}`, 'unknown_field');
  const phone = text('contact.phone', contactIn.phone, INTAKE_LIMITS.phone, false);
  if (phone !== null) {
    contact.phone = normalisePhone(phone);
    if (contact.phone === null) add('contact.phone', 'invalid_phone');
  }
  const email = text('contact.email', contactIn.email, INTAKE_LIMITS.email, false);
  if (email !== null) {
    if (EMAIL.test(email)) contact.email = email.toLowerCase();
    else add('contact.email', 'invalid_email');
  }
  const telegram = text('contact.telegram', contactIn.telegram, INTAKE_LIMITS.telegram, false);
  if (telegram !== null) {
    contact.telegram = normaliseTelegram(telegram);
    if (contact.telegram === null) add('contact.telegram', 'invalid_telegram');
  }
  const anyContactTyped = [contactIn.phone, contactIn.email, contactIn.telegram].some(
    (v) => typeof v === 'string' && v.trim() !== '',
  );
  if (!anyContactTyped && !errors.some((e) => e.field === 'contact')) add('contact', 'contact_required');

  const countryOfWork = choice('countryOfWork', raw.countryOfWork, INTAKE_COUNTRIES, true);
  const city = text('city', raw.city, INTAKE_LIMITS.city, false);
  const employerName = text('employerName', raw.employerName, INTAKE_LIMITS.employerName, true);
  const employerCity = text('employerCity', raw.employerCity, INTAKE_LIMITS.employerCity, false);

  const categories: ComplaintCategory[] = [];
  if (!Array.isArray(raw.categories) || raw.categories.length === 0) add('categories', 'categories_required');
  else {
    for (const category of raw.categories) {
      if (typeof category !== 'string' || !(COMPLAINT_CATEGORIES as readonly string[]).includes(category)) {
        add('categories', 'invalid_choice');
        break;
      }
      if (!categories.includes(category as ComplaintCategory)) categories.push(category as ComplaintCategory);
    }
  }

  const description = text('description', raw.description, INTAKE_LIMITS.description, true);

  let amountOwed: IntakeSubmission['amountOwed'] = null;
  if (raw.amountOwed !== undefined && raw.amountOwed !== null) {
    if (!isRecord(raw.amountOwed)) add('amountOwed', 'invalid_amount');
    else {
      for (const key of Object.keys(raw.amountOwed))
        if (!AMOUNT_FIELDS.has(key)) add(`amountOwed.${key}`, 'unknown_field');
      const amount = text('amountOwed.amount', raw.amountOwed.amount, INTAKE_LIMITS.amount, false);
      const currency = choice('amountOwed.currency', raw.amountOwed.currency, INTAKE_CURRENCIES, amount !== null);
      if (amount !== null) {
        // People write `1 200,50`: spaces go, a decimal comma becomes a point.
        const normalised = amount.replace(/[\s\u00a0']/g, '').replace(',', '.');
        if (!AMOUNT.test(normalised)) add('amountOwed.amount', 'invalid_amount');
        else if (currency !== null) amountOwed = { amount: Number(normalised).toFixed(2), currency };
      }
    }
  }

  let dismissalNoticeReceived: string | null = null;
  const dismissal = optionalText(raw.dismissalNoticeReceived);
  if (dismissal === 'not_text') add('dismissalNoticeReceived', 'not_text');
  else if (dismissal !== null) {
    if (!validDate(dismissal)) add('dismissalNoticeReceived', 'invalid_date');
    else if (dismissal > today) add('dismissalNoticeReceived', 'date_in_future');
    else dismissalNoticeReceived = dismissal;
  }

  let partnerSharing: PartnerSharingChoice | null = null;
  if (!isRecord(raw.consent)) add('consent.dataProcessing', 'consent_required');
  else {
    for (const key of Object.keys(raw.consent)) if (!CONSENT_FIELDS.has(key)) add(`consent.${key}`, 'unknown_field');
    if (raw.consent.dataProcessing !== true) add('consent.dataProcessing', 'consent_required');
    partnerSharing = choice('consent.partnerSharing', raw.consent.partnerSharing, PARTNER_SHARING_CHOICES, true);
  }

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      language: language!,
      name: name!,
      contact,
      countryOfWork: countryOfWork!,
      city,
      employerName: employerName!,
      employerCity,
      categories,
      description: description!,
      amountOwed,
      dismissalNoticeReceived,
      consent: { dataProcessing: true, partnerSharing: partnerSharing! },
    },
  };
}

/** A bot fills every field it sees, the hidden `website` included; a person leaves it empty. */
export function isHoneypotFilled(raw: unknown): boolean {
  return isRecord(raw) && typeof raw.website === 'string' && raw.website.trim() !== '';
}
