import { describe, expect, it } from 'vitest';
import { formatComplaintReference, parseComplaintReference } from './complaint-reference.js';

describe('complaint references', () => {
  it('pads the sequence to five digits', () => {
    expect(formatComplaintReference(2026, 1)).toBe('MC-2026-00001');
    expect(formatComplaintReference(2026, 42)).toBe('MC-2026-00042');
    expect(formatComplaintReference(2026, 99_999)).toBe('MC-2026-99999');
  });

  it('grows past five digits instead of wrapping', () => {
    expect(formatComplaintReference(2026, 100_000)).toBe('MC-2026-100000');
  });

  it('refuses impossible parts', () => {
    expect(() => formatComplaintReference(2026, 0)).toThrow(RangeError);
    expect(() => formatComplaintReference(2026, 1.5)).toThrow(RangeError);
    expect(() => formatComplaintReference(26, 1)).toThrow(RangeError);
  });

  it('parses what it formats', () => {
    expect(parseComplaintReference('MC-2026-00042')).toEqual({ reference: 'MC-2026-00042', year: 2026, seq: 42 });
    expect(parseComplaintReference('MC-2026-123456')).toMatchObject({ seq: 123_456 });
  });

  it('rejects other spellings', () => {
    for (const value of ['mc-2026-00042', 'MC-2026-42', 'MC-26-00042', 'MC-2026-00000', 'MC-2026-00042 ', 'X']) {
      expect(parseComplaintReference(value)).toBeNull();
    }
  });
});
