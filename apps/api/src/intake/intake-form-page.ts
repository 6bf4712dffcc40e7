import { COMPLAINT_CATEGORIES } from '@mc/complaints';
import {
  INTAKE_COUNTRIES,
  INTAKE_CURRENCIES,
  INTAKE_LIMITS,
  intakeMessages,
  PARTNER_SHARING_CHOICES,
  type IntakeFieldError,
  type IntakeLanguage,
} from '@mc/intake';
import { emptyFormValues, fieldId, type IntakeFormValues } from './intake-form.js';

/** The label a field has on the page, for the error summary. */
const LABEL_OF: Record<string, string> = {
  language: 'page.languageSwitcher',
  name: 'form.name.label',
  contact: 'form.contact.legend',
  'contact.phone': 'form.contact.phone.label',
  'contact.email': 'form.contact.email.label',
  'contact.telegram': 'form.contact.telegram.label',
  countryOfWork: 'form.countryOfWork.label',
  city: 'form.city.label',
  employerName: 'form.employerName.label',
  employerCity: 'form.employerCity.label',
  categories: 'form.categories.legend',
  description: 'form.description.label',
  amountOwed: 'form.amountOwed.amount.label',
  'amountOwed.amount': 'form.amountOwed.amount.label',
  'amountOwed.currency': 'form.amountOwed.currency.label',
  dismissalNoticeReceived: 'form.dismissalNoticeReceived.label',
  'consent.dataProcessing': 'consent.legend',
  'consent.partnerSharing': 'consent.partnerSharing.legend',
};

/** The element the summary links to: the field's input, or the first input of its group. */
const TARGET_OF: Record<string, string> = {
  language: 'main',
  contact: 'contact-telegram',
  categories: `categories-${COMPLAINT_CATEGORIES[0]}`,
  amountOwed: 'amountOwed-amount',
  'consent.partnerSharing': `consent-partnerSharing-${PARTNER_SHARING_CHOICES[0]}`,
};

/** A field error in words: `errors.<code>` of the page language, with its ICU arguments. */
export function fieldMessage(error: IntakeFieldError, language: IntakeLanguage): string {
  return intakeMessages(language).t(`errors.${error.code}`, error.params);
}

export interface FormPageData {
  form: {
    values: IntakeFormValues;
    /** First message per field, by field name. */
    errors: Record<string, string>;
    summary: Array<{ target: string; label: string; message: string }>;
  };
  countries: readonly string[];
  currencies: readonly string[];
  defaultCurrency: string;
  categories: readonly string[];
  sharingChoices: readonly string[];
  limits: typeof INTAKE_LIMITS;
}

/** The data of the intake form: empty, or as sent with the messages next to the fields. */
export function formPageData(
  language: IntakeLanguage,
  values: IntakeFormValues = emptyFormValues(),
  fieldErrors: IntakeFieldError[] = [],
): FormPageData {
  const t = intakeMessages(language).t;
  // No prototype: a field named `__proto__` is a key like any other.
  const errors = Object.create(null) as Record<string, string>;
  const summary: FormPageData['form']['summary'] = [];
  for (const error of fieldErrors) {
    if (Object.hasOwn(errors, error.field)) continue;
    const message = fieldMessage(error, language);
    errors[error.field] = message;
    // Own keys only: a posted field named `constructor` or `toString` must not find Object's.
    const labelId = Object.hasOwn(LABEL_OF, error.field) ? LABEL_OF[error.field] : undefined;
    const target = Object.hasOwn(TARGET_OF, error.field) ? TARGET_OF[error.field] : undefined;
    summary.push({
      target: target ?? fieldId(error.field),
      label: labelId ? t(labelId) : error.field,
      message,
    });
  }
  return {
    form: { values, errors, summary },
    countries: INTAKE_COUNTRIES,
    currencies: INTAKE_CURRENCIES,
    defaultCurrency: 'EUR',
    categories: COMPLAINT_CATEGORIES,
    sharingChoices: PARTNER_SHARING_CHOICES,
    limits: INTAKE_LIMITS,
  };
}
