import { describe, expect, it } from 'vitest';
import { KEY_DATE_FIELDS } from './complaint-view.js';
import type { Complaint } from './complaint.entity.js';
import { planComplaintUpdate, type CurrentText } from './complaint-update-plan.js';

const stored = {
  categories: ['unpaid_wages', 'unlawful_dismissal'],
  countryOfWork: 'DE',
  region: 'DE-BE',
  city: null,
  employmentStart: '2025-01-01',
  employmentEnd: null,
  ...Object.fromEntries(KEY_DATE_FIELDS.map((field) => [field, null])),
  amountClaimed: '1200.00',
  amountClaimedCurrency: 'EUR',
  workersAffected: 2,
  priority: 'normal',
} as unknown as Complaint;

const texts: Record<'summary' | 'facts', string | null> = { summary: 'Wages unpaid since May', facts: null };

/** The stored plaintexts, remembering which were asked for (only those the patch names are decrypted). */
function reader(): { read: CurrentText; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    read: (field) => {
      asked.push(field);
      return texts[field];
    },
  };
}

describe('planComplaintUpdate', () => {
  it('names each changed field once and writes the same fields to the timeline and the audit row', () => {
    const plan = planComplaintUpdate(stored, { city: 'Berlin', priority: 'high' }, reader().read);
    expect(plan).toEqual({
      patch: { city: 'Berlin', priority: 'high' },
      text: {},
      timeline: [{ type: 'complaint.updated', data: { fields: ['city', 'priority'] } }],
      audit: { action: 'complaint.update', details: { fields: ['city', 'priority'] } },
      recomputeDeadlines: false,
    });
  });

  it('changes nothing when every value is already stored (null: no write, no version bump)', () => {
    const patch = {
      summary: 'Wages unpaid since May',
      facts: null,
      categories: ['unpaid_wages' as const, 'unlawful_dismissal' as const],
      region: 'DE-BE',
      city: null,
      amountClaimed: { amount: '1200', currency: 'EUR' },
      keyDates: { wageDue: null },
    };
    expect(planComplaintUpdate(stored, patch, reader().read)).toBeNull();
  });

  it('compares free text as plaintext and plans the new text for encryption', () => {
    const { read, asked } = reader();
    const plan = planComplaintUpdate(
      stored,
      { summary: 'Wages unpaid since April', facts: 'He kept the passports' },
      read,
    );
    expect(plan?.text).toEqual({ summary: 'Wages unpaid since April', facts: 'He kept the passports' });
    expect(plan?.patch).toEqual({});
    expect(plan?.audit.details).toEqual({ fields: ['summary', 'facts'] });
    expect(asked).toEqual(['summary', 'facts']);
  });

  it('reads no stored text when the patch names none', () => {
    const { read, asked } = reader();
    planComplaintUpdate(stored, { city: 'Berlin' }, read);
    expect(asked).toEqual([]);
  });

  it('clears facts with null', () => {
    const plan = planComplaintUpdate(stored, { facts: null }, () => 'old facts');
    expect(plan?.text).toEqual({ facts: null });
  });

  it('compares categories by content, in order', () => {
    expect(
      planComplaintUpdate(stored, { categories: ['unpaid_wages', 'unlawful_dismissal'] }, reader().read),
    ).toBeNull();
    const plan = planComplaintUpdate(stored, { categories: ['unlawful_dismissal', 'unpaid_wages'] }, reader().read);
    expect(plan?.patch).toEqual({ categories: ['unlawful_dismissal', 'unpaid_wages'] });
  });

  describe('amountClaimed', () => {
    it('treats 1200 and 1200.00 as the same amount', () => {
      expect(
        planComplaintUpdate(stored, { amountClaimed: { amount: '1200', currency: 'EUR' } }, reader().read),
      ).toBeNull();
    });

    it('names one field for a new currency only', () => {
      const plan = planComplaintUpdate(stored, { amountClaimed: { amount: '1200', currency: 'PLN' } }, reader().read);
      expect(plan?.patch).toEqual({ amountClaimedCurrency: 'PLN' });
      expect(plan?.audit.details).toEqual({ fields: ['amountClaimed'] });
    });

    it('names one field for amount and currency together', () => {
      const plan = planComplaintUpdate(stored, { amountClaimed: { amount: '900.50', currency: 'PLN' } }, reader().read);
      expect(plan?.patch).toEqual({ amountClaimed: '900.50', amountClaimedCurrency: 'PLN' });
      expect(plan?.audit.details).toEqual({ fields: ['amountClaimed'] });
    });

    it('clears amount and currency with null', () => {
      const plan = planComplaintUpdate(stored, { amountClaimed: null }, reader().read);
      expect(plan?.patch).toEqual({ amountClaimed: null, amountClaimedCurrency: null });
    });
  });

  describe('statutory deadlines', () => {
    const cases: Array<[string, Parameters<typeof planComplaintUpdate>[1], boolean]> = [
      ['countryOfWork', { countryOfWork: 'AT', region: null }, true],
      ['region', { region: 'DE-NW' }, true],
      ['employmentEnd', { employmentEnd: '2026-02-28' }, true],
      ['a key date', { keyDates: { dismissalNoticeReceived: '2026-02-20' } }, true],
      ['employmentStart', { employmentStart: '2024-06-01' }, false],
      ['city', { city: 'Köln' }, false],
      ['summary', { summary: 'New summary' }, false],
      ['workersAffected', { workersAffected: 3 }, false],
    ];
    for (const [what, patch, recompute] of cases) {
      it(`${recompute ? 'are' : 'are not'} recomputed when ${what} changes`, () => {
        expect(planComplaintUpdate(stored, patch, reader().read)?.recomputeDeadlines).toBe(recompute);
      });
    }

    it('names a key date as keyDates.<field>', () => {
      const plan = planComplaintUpdate(stored, { keyDates: { wageDue: '2026-01-15' } }, reader().read);
      expect(plan?.patch).toEqual({ wageDue: '2026-01-15' });
      expect(plan?.timeline[0]?.data).toEqual({ fields: ['keyDates.wageDue'] });
    });
  });

  it('lists fields in a fixed order whatever the order of the patch', () => {
    const plan = planComplaintUpdate(stored, { priority: 'urgent', city: 'Berlin', summary: 'x' }, reader().read);
    expect(plan?.audit.details).toEqual({ fields: ['summary', 'city', 'priority'] });
  });
});
