import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REMINDER_OFFSETS,
  InvalidReminderOffsetError,
  LEGAL_REMINDER_OFFSETS,
  MAX_REMINDER_OFFSET_MS,
  MAX_REMINDER_OFFSETS,
  normaliseReminderOffsets,
  reminderOffsetMs,
} from './reminder-offsets.js';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

describe('reminderOffsetMs', () => {
  it.each<[string, number]>([
    ['P7D', 7 * DAY],
    ['P2D', 2 * DAY],
    ['PT0S', 0],
    ['PT2H', 2 * HOUR],
    ['P1W', 7 * DAY],
    ['P1DT12H', DAY + 12 * HOUR],
    ['PT30M', 30 * 60 * 1000],
    ['PT90S', 90 * 1000],
    ['P2WT1H', 14 * DAY + HOUR],
    ['P366D', MAX_REMINDER_OFFSET_MS],
  ])('%s is %d ms', (offset, ms) => {
    expect(reminderOffsetMs(offset)).toBe(ms);
  });

  it.each([
    ['P1M', 'months have no fixed length'],
    ['P1Y', 'years have no fixed length'],
    ['P1Y2D', 'a year part'],
    ['', 'empty'],
    ['P', 'no parts'],
    ['PT', 'a time designator without parts'],
    ['P1DT', 'a dangling time designator'],
    ['7D', 'no P'],
    ['p7d', 'lower case'],
    ['-P1D', 'negative'],
    ['P-1D', 'negative part'],
    ['P1.5D', 'fractions'],
    ['PT1H2', 'trailing digits'],
    [' P7D', 'surrounding space'],
    ['P7D ', 'trailing space'],
    ['P367D', 'more than a year'],
    ['P53W', 'more than a year in weeks'],
    ['PT8800H', 'more than a year in hours'],
    ['PT99999999999999999999S', 'a huge number'],
  ])('refuses %j (%s)', (offset) => {
    expect(() => reminderOffsetMs(offset)).toThrow(InvalidReminderOffsetError);
  });

  it('refuses values that are not strings', () => {
    expect(() => reminderOffsetMs(7 as unknown as string)).toThrow(InvalidReminderOffsetError);
    expect(() => reminderOffsetMs(null as unknown as string)).toThrow(InvalidReminderOffsetError);
  });
});

describe('normaliseReminderOffsets', () => {
  it('sorts the earliest reminder (largest offset) first', () => {
    expect(normaliseReminderOffsets(['PT0S', 'P7D', 'PT2H', 'P2D', 'P1W1D'])).toEqual([
      'P1W1D',
      'P7D',
      'P2D',
      'PT2H',
      'PT0S',
    ]);
  });

  it('keeps the defaults as they are (already in order)', () => {
    expect(normaliseReminderOffsets(DEFAULT_REMINDER_OFFSETS)).toEqual(['P7D', 'P2D', 'PT0S']);
    expect(normaliseReminderOffsets(LEGAL_REMINDER_OFFSETS)).toEqual(['P14D', 'P7D', 'P2D', 'P1D']);
  });

  it('accepts an empty list (no reminders)', () => {
    expect(normaliseReminderOffsets([])).toEqual([]);
  });

  it.each([[['P1D', 'PT24H']], [['P7D', 'P1W']], [['PT0S', 'PT0M']], [['P2D', 'P2D']], [['P1DT12H', 'PT36H']]])(
    'refuses offsets of equal length %j',
    (offsets) => {
      expect(() => normaliseReminderOffsets(offsets)).toThrow(/coincide/);
    },
  );

  it(`accepts ${MAX_REMINDER_OFFSETS} offsets and refuses more`, () => {
    const ten = Array.from({ length: MAX_REMINDER_OFFSETS }, (_, i) => `P${i + 1}D`);
    expect(normaliseReminderOffsets(ten)).toHaveLength(MAX_REMINDER_OFFSETS);
    expect(normaliseReminderOffsets(ten)[0]).toBe('P10D');
    expect(() => normaliseReminderOffsets([...ten, 'PT0S'])).toThrow(InvalidReminderOffsetError);
  });

  it('refuses a list with one invalid offset', () => {
    expect(() => normaliseReminderOffsets(['P7D', 'P1M'])).toThrow(InvalidReminderOffsetError);
  });

  it('does not change its input', () => {
    const input = ['PT0S', 'P7D'];
    normaliseReminderOffsets(input);
    expect(input).toEqual(['PT0S', 'P7D']);
  });
});
