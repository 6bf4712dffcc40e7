import { EscalationStep } from './escalation-step.entity.js';
import { Reminder } from './reminder.entity.js';

/** Entities of this library, for TypeORM and the migration CLI's data source. */
export const escalationEntities = [EscalationStep, Reminder];
