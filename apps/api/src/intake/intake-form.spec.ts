import { describe, expect, it } from 'vitest';
import { validateIntake } from '@mc/intake';
import { fieldId, formToSubmission, formValues } from './intake-form.js';

const FORM = {
  language: 'ru',
  name: 'Иван',
  'contact.phone': '+49 151 2345678',
  'contact.email': '',
  'contact.telegram': '',
  countryOfWork: 'DE',
  city: '',
  employerName: 'ООО Стройка',
  employerCity: '',
  categories: ['unpaid_wages', 'unpaid_overtime'],
  description: 'Не заплатили за март.',
  'amountOwed.amount': '1 200,50',
  'amountOwed.currency': 'EUR',
  dismissalNoticeReceived: '2026-01-15',
  'consent.dataProcessing': 'true',
  'consent.partnerSharing': 'anonymised',
  website: '',
};

describe('formToSubmission', () => {
  it('maps the dotted form names onto the JSON shape, which then passes validateIntake', () => {
    const raw = formToSubmission(FORM);
    expect(raw).toMatchObject({
      language: 'ru',
      contact: { phone: '+49 151 2345678', email: '', telegram: '' },
      categories: ['unpaid_wages', 'unpaid_overtime'],
      amountOwed: { amount: '1 200,50', currency: 'EUR' },
      dismissalNoticeReceived: '2026-01-15',
      consent: { dataProcessing: true, partnerSharing: 'anonymised' },
    });
    const result = validateIntake(raw, '2026-02-01');
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.amountOwed).toEqual({ amount: '1200.50', currency: 'EUR' });
      expect(result.value.contact).toEqual({ phone: '+491512345678', email: null, telegram: null });
    }
  });

  it('has no amount owed when the amount is empty, whatever the currency select says', () => {
    const raw = formToSubmission({ ...FORM, 'amountOwed.amount': '  ' });
    expect(raw).not.toHaveProperty('amountOwed');
    expect(raw).not.toHaveProperty('amountOwed.currency');
  });

  it('drops an empty date, and takes one ticked box as a list of one', () => {
    const raw = formToSubmission({ ...FORM, dismissalNoticeReceived: '', categories: 'other' });
    expect(raw).not.toHaveProperty('dismissalNoticeReceived');
    expect(raw.categories).toEqual(['other']);
    expect(formToSubmission({ ...FORM, categories: undefined }).categories).toEqual([]);
  });

  it('agrees to data processing only with the box ticked', () => {
    const { ['consent.dataProcessing']: _unticked, ...rest } = FORM;
    expect(formToSubmission(rest).consent).toEqual({ dataProcessing: false, partnerSharing: 'anonymised' });
    expect(formToSubmission({ ...FORM, 'consent.dataProcessing': 'yes' }).consent).toMatchObject({
      dataProcessing: false,
    });
    const result = validateIntake(formToSubmission(rest), '2026-02-01');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toContainEqual({ field: 'consent.dataProcessing', code: 'consent_required' });
  });

  it('keeps the honeypot and passes unknown names on, for validateIntake to refuse', () => {
    const raw = formToSubmission({ ...FORM, website: 'http://spam', isAdmin: 'true' });
    expect(raw.website).toBe('http://spam');
    const result = validateIntake(raw, '2026-02-01');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toContainEqual({ field: 'isAdmin', code: 'unknown_field' });
  });

  it('keeps a field named __proto__ a field, refused like any unknown one', () => {
    const form = JSON.parse('{"__proto__": ["a", "b"]}') as Record<string, string[]>;
    const raw = formToSubmission({ ...FORM, ...form });
    expect(Object.getPrototypeOf(raw)).toBe(Object.prototype);
    const result = validateIntake(raw, '2026-02-01');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toContainEqual({ field: '__proto__', code: 'unknown_field' });
  });
});

describe('formValues', () => {
  it('keeps what was typed for the re-rendered form, never the honeypot', () => {
    const values = formValues({ ...FORM, website: 'spam', name: ['first', 'second'] });
    expect(values.text.name).toBe('first');
    expect(values.text['contact.phone']).toBe('+49 151 2345678');
    expect(values.text).not.toHaveProperty('website');
    expect(values.categories).toEqual(['unpaid_wages', 'unpaid_overtime']);
    expect(values.dataProcessing).toBe(true);
    expect(values.partnerSharing).toBe('anonymised');
    expect(formValues({}).partnerSharing).toBe('none');
  });

  it('names inputs and their messages after the field', () => {
    expect(fieldId('contact.phone')).toBe('contact-phone');
    expect(fieldId('consent.dataProcessing')).toBe('consent-dataProcessing');
  });
});
