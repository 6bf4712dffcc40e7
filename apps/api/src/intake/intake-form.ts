/**
 * The intake page posts `application/x-www-form-urlencoded` with dotted names (`contact.phone`,
 * `amountOwed.amount`, `consent.dataProcessing`) and one `categories` per ticked box. This maps
 * such a form onto the JSON shape of api.md, so the form and the JSON clients pass the same
 * `validateIntake`, and keeps what was typed for a re-rendered form.
 */

/** A parsed urlencoded body: a repeated name gives an array. */
export type FormBody = Record<string, string | string[] | undefined>;

const TEXT_FIELDS = ['language', 'name', 'countryOfWork', 'city', 'employerName', 'employerCity', 'description'];
const CONTACT_FIELDS = ['phone', 'email', 'telegram'];
/** Every name the intake form has; any other name is passed on for `validateIntake` to refuse. */
export const INTAKE_FORM_FIELDS = new Set([
  ...TEXT_FIELDS,
  ...CONTACT_FIELDS.map((f) => `contact.${f}`),
  'categories',
  'amountOwed.amount',
  'amountOwed.currency',
  'dismissalNoticeReceived',
  'consent.dataProcessing',
  'consent.partnerSharing',
  'website',
]);

function isBlank(value: unknown): boolean {
  return value === undefined || (typeof value === 'string' && value.trim() === '');
}

/** The form as the JSON body api.md describes (before validation: wrong values stay wrong). */
export function formToSubmission(form: FormBody): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of TEXT_FIELDS) if (form[field] !== undefined) out[field] = form[field];

  const contact: Record<string, unknown> = {};
  for (const field of CONTACT_FIELDS) {
    const value = form[`contact.${field}`];
    if (value !== undefined) contact[field] = value;
  }
  out.contact = contact;

  const categories = form.categories;
  out.categories = categories === undefined ? [] : Array.isArray(categories) ? categories : [categories];

  // The currency select always has a value; without an amount there is no amount owed.
  if (!isBlank(form['amountOwed.amount'])) {
    out.amountOwed = { amount: form['amountOwed.amount'], currency: form['amountOwed.currency'] };
  }
  if (!isBlank(form.dismissalNoticeReceived)) out.dismissalNoticeReceived = form.dismissalNoticeReceived;

  // An unticked checkbox sends nothing; only the box's own value counts as agreeing.
  out.consent = {
    dataProcessing: form['consent.dataProcessing'] === 'true',
    partnerSharing: form['consent.partnerSharing'],
  };
  if (form.website !== undefined) out.website = form.website;

  // Defined, not assigned: a field named `__proto__` must stay a field (and be refused), not become the prototype.
  for (const key of Object.keys(form)) {
    if (!INTAKE_FORM_FIELDS.has(key)) {
      Object.defineProperty(out, key, { value: form[key], enumerable: true, writable: true, configurable: true });
    }
  }
  return out;
}

/** What the person typed, to put back into a re-rendered form (escaped by the template). */
export interface IntakeFormValues {
  /** Single-valued fields by their form name (`contact.phone`). */
  text: Record<string, string>;
  categories: string[];
  dataProcessing: boolean;
  partnerSharing: string;
}

function single(value: string | string[] | undefined): string {
  if (value === undefined) return '';
  return Array.isArray(value) ? (value[0] ?? '') : value;
}

export function formValues(form: FormBody): IntakeFormValues {
  const text: Record<string, string> = {};
  for (const field of INTAKE_FORM_FIELDS) {
    if (field === 'categories' || field.startsWith('consent.') || field === 'website') continue;
    text[field] = single(form[field]);
  }
  const categories = form.categories;
  return {
    text,
    categories: categories === undefined ? [] : Array.isArray(categories) ? categories : [categories],
    dataProcessing: form['consent.dataProcessing'] === 'true',
    partnerSharing: single(form['consent.partnerSharing']) || 'none',
  };
}

/** An empty form: nothing typed, partner sharing "none". */
export function emptyFormValues(): IntakeFormValues {
  return formValues({});
}

/** `contact.phone` → `contact-phone`: the id of the field's input, `error-<id>` that of its message. */
export function fieldId(field: string): string {
  return field.replace(/[^A-Za-z0-9_-]/g, '-');
}
