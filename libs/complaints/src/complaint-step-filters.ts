import { Injectable } from '@nestjs/common';

/**
 * Filters of the complaint list that ask about escalation steps (`?overdue=`). Steps belong to
 * @mc/escalations, which builds on this library, so it provides the predicate at start-up (as it
 * registers its change listener) and this library's SQL never names the steps table. The
 * predicate is over the list's complaint alias `c`.
 */
@Injectable()
export class ComplaintStepFilters {
  private hasOverdueStep: (() => string) | null = null;

  provideOverdue(predicate: () => string): void {
    this.hasOverdueStep = predicate;
  }

  overdueSql(overdue: boolean): string {
    if (!this.hasOverdueStep) throw new Error('The overdue filter needs the escalations module loaded');
    return `${overdue ? '' : 'NOT '}${this.hasOverdueStep()}`;
  }
}
