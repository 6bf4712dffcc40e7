import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ComplaintStepFilters } from '@mc/complaints';
import { complaintHasOverdueStepSql } from './step-predicates.js';

/** Gives the complaint list its `?overdue=` predicate, which only this library can write. */
@Injectable()
export class OverdueComplaintFilter implements OnModuleInit {
  constructor(private readonly filters: ComplaintStepFilters) {}

  onModuleInit(): void {
    this.filters.provideOverdue(complaintHasOverdueStepSql);
  }
}
