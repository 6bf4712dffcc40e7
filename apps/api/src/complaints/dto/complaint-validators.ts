import { ValidateBy, type ValidationArguments, type ValidationOptions } from 'class-validator';

export const CALENDAR_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
/** ISO 3166-2 subdivision such as `DE-NW` or `FR-75C`. */
export const REGION_PATTERN = /^[A-Z]{2}-[A-Z0-9]{1,3}$/;
/** Up to 12 digits before the point and 2 after: what numeric(14,2) holds exactly. */
export const MONEY_AMOUNT_PATTERN = /^\d{1,12}(\.\d{1,2})?$/;

/** `YYYY-MM-DD` naming a day that exists (2026-02-30 does not). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = CALENDAR_DATE_PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1900 || year > 2999) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value) => isCalendarDate(value),
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'date'} must be a real calendar date as YYYY-MM-DD`,
      },
    },
    options,
  );
}

/** This date is not before the date in `otherProperty` (when both are dates). */
export function IsNotBefore(otherProperty: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNotBefore',
      constraints: [otherProperty],
      validator: {
        validate: (value, args) => {
          const other = (args?.object as Record<string, unknown> | undefined)?.[otherProperty];
          if (!isCalendarDate(value) || !isCalendarDate(other)) return true;
          return value >= other;
        },
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'date'} must not be before ${otherProperty}`,
      },
    },
    options,
  );
}

/** An ISO 3166-2 region whose country part is the value of `countryProperty` (when that is given). */
export function IsRegionOf(countryProperty: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isRegionOf',
      constraints: [countryProperty],
      validator: {
        validate: (value, args) => {
          if (typeof value !== 'string' || !REGION_PATTERN.test(value)) return false;
          const country = (args?.object as Record<string, unknown> | undefined)?.[countryProperty];
          return typeof country !== 'string' || value.slice(0, 2) === country;
        },
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'region'} must be an ISO 3166-2 code (e.g. DE-NW) within ${countryProperty}`,
      },
    },
    options,
  );
}

/** Lower-cases UUIDs so that the same id in two spellings counts once. */
export function lowerCaseIds({ value }: { value: unknown }): unknown {
  return Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.toLowerCase() : v)) : value;
}
