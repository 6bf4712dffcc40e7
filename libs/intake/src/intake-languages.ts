/**
 * The languages of the intake and status pages. The first six are required (api.md); Kyrgyz,
 * Uzbek, Tajik and Romanian are spoken by many of the people the collective works with.
 * English is the fallback: a message missing in a language is shown in English, never as a key.
 */
export const INTAKE_LANGUAGES = ['ru', 'uk', 'en', 'de', 'fr', 'pl', 'ky', 'uz', 'tg', 'ro'] as const;
export type IntakeLanguage = (typeof INTAKE_LANGUAGES)[number];
export const FALLBACK_INTAKE_LANGUAGE: IntakeLanguage = 'en';

export function isIntakeLanguage(value: unknown): value is IntakeLanguage {
  return typeof value === 'string' && (INTAKE_LANGUAGES as readonly string[]).includes(value);
}
