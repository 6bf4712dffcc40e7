/** Languages a user can read the tracker's messages in (notifications are rendered in it). */
export const USER_LOCALES = ['en', 'ru', 'uk'] as const;
export type UserLocale = (typeof USER_LOCALES)[number];
export const DEFAULT_USER_LOCALE: UserLocale = 'en';
