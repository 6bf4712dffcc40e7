import { Module } from '@nestjs/common';
import { DeadlineCalculator } from './deadline-calculator.js';
import { defaultRuleBook, DeadlineRuleBook } from './deadline-rules.js';

/** Provides the rule book and one shared calculator (its holiday cache lives as long as the app). */
@Module({
  providers: [
    { provide: DeadlineRuleBook, useValue: defaultRuleBook },
    {
      provide: DeadlineCalculator,
      useFactory: (rules: DeadlineRuleBook) => new DeadlineCalculator(rules),
      inject: [DeadlineRuleBook],
    },
  ],
  exports: [DeadlineRuleBook, DeadlineCalculator],
})
export class DeadlinesModule {}
