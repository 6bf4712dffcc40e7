import { Module } from '@nestjs/common';
import { DeadlineCalculator } from './deadline-calculator.js';
import { DeadlineCalendarBook, defaultCalendarBook } from './deadline-calendars.js';
import { defaultRuleBook, DeadlineRuleBook } from './deadline-rules.js';

/**
 * Provides the rule book, the calendar book (which holiday list each place counts with, for the
 * rule listing) and one shared calculator using both (its holiday cache lives as long as the app).
 */
@Module({
  providers: [
    { provide: DeadlineRuleBook, useValue: defaultRuleBook },
    { provide: DeadlineCalendarBook, useValue: defaultCalendarBook },
    {
      provide: DeadlineCalculator,
      useFactory: (rules: DeadlineRuleBook, calendars: DeadlineCalendarBook) =>
        new DeadlineCalculator(rules, undefined, calendars),
      inject: [DeadlineRuleBook, DeadlineCalendarBook],
    },
  ],
  exports: [DeadlineRuleBook, DeadlineCalendarBook, DeadlineCalculator],
})
export class DeadlinesModule {}
