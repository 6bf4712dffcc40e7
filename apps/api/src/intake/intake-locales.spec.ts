import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { COMPLAINT_CATEGORIES } from '@mc/complaints';
import {
  INTAKE_COUNTRIES,
  INTAKE_ERROR_CODES,
  INTAKE_LANGUAGES,
  intakeMessages,
  loadLocaleFile,
  PARTNER_SHARING_CHOICES,
  STATUS_LABEL_KEYS,
  type IntakeMessageValues,
} from '@mc/intake';

/** Every argument of a message, with a value of the kind it is formatted as. */
function sampleValues(elements: MessageFormatElement[], into: IntakeMessageValues = {}): IntakeMessageValues {
  for (const element of elements) {
    if (element.type === TYPE.argument) into[element.value] ??= 'x';
    if (element.type === TYPE.number || element.type === TYPE.plural) into[element.value] = 3;
    if (element.type === TYPE.date || element.type === TYPE.time)
      into[element.value] = new Date('2026-03-02T10:00:00Z');
    if (element.type === TYPE.plural || element.type === TYPE.select) {
      for (const option of Object.values(element.options)) sampleValues(option.value, into);
    }
    if (element.type === TYPE.tag) sampleValues(element.children, into);
  }
  return into;
}

const english = loadLocaleFile('en');

describe('intake locale files', () => {
  it('English has a text for every category, country, error, status label, sharing choice and language', () => {
    const needed = [
      ...COMPLAINT_CATEGORIES.map((c) => `categories.${c}`),
      ...INTAKE_COUNTRIES.map((c) => `countries.${c}`),
      ...INTAKE_ERROR_CODES.map((c) => `errors.${c}`),
      ...STATUS_LABEL_KEYS.map((k) => `status.${k}`),
      ...PARTNER_SHARING_CHOICES.map((c) => `consent.partnerSharing.${c}`),
      ...INTAKE_LANGUAGES.map((l) => `languages.${l}`),
    ];
    expect(needed.filter((id) => !Object.hasOwn(english, id))).toEqual([]);
  });

  it.each(INTAKE_LANGUAGES)('%s has every key of en.json and no other', (language) => {
    const own = loadLocaleFile(language);
    expect(Object.keys(english).filter((id) => !Object.hasOwn(own, id))).toEqual([]);
    expect(Object.keys(own).filter((id) => !Object.hasOwn(english, id))).toEqual([]);
  });

  it.each(INTAKE_LANGUAGES)(
    'every %s message parses as ICU, uses the arguments English uses, and formats',
    (language) => {
      const own = loadLocaleFile(language);
      const messages = intakeMessages(language);
      for (const [id, text] of Object.entries(own)) {
        const values = sampleValues(parse(text));
        const englishValues = sampleValues(parse(english[id]!));
        expect(Object.keys(values).sort(), `${language} ${id}`).toEqual(Object.keys(englishValues).sort());
        const formatted = messages.t(id, values);
        expect(formatted.trim(), `${language} ${id}`).not.toBe('');
        expect(formatted, `${language} ${id}`).not.toMatch(/[{}]/);
      }
    },
  );

  it('uses each language’s plural forms', () => {
    expect(intakeMessages('ru').t('problem.tooMany', { minutes: 5 })).toContain('5 минут.');
    expect(intakeMessages('ru').t('problem.tooMany', { minutes: 2 })).toContain('2 минуты.');
    expect(intakeMessages('uk').t('problem.tooMany', { minutes: 1 })).toContain('1 хвилину.');
    expect(intakeMessages('pl').t('problem.tooMany', { minutes: 22 })).toContain('22 minuty.');
    expect(intakeMessages('en').t('form.errorSummary', { count: 1 })).toBe('Please fix 1 thing below');
  });
});
