/**
 * A complaint that knows none of the dates that start statutory deadlines (its key dates and the
 * employment end), for tests that set only the dates they are about.
 */
export const NO_KEY_DATES = {
  dismissalNoticeReceived: null,
  fixedTermEnd: null,
  wageDue: null,
  factsKnown: null,
  discriminationKnown: null,
  aggClaimAsserted: null,
  employmentEnd: null,
} as const;
