import { complaintEntities } from '@mc/complaints';
import { employerEntities } from '@mc/employers';
import { escalationEntities } from '@mc/escalations';
import { intakeEntities } from '@mc/intake';
import { notificationEntities } from '@mc/notifications';
import { queueEntities } from '@mc/queue';
import { securityEntities } from '@mc/security';
import { workerEntities } from '@mc/migrants';

/** Every entity of the system: what the migration drift check compares with the schema. */
export const allEntities = [
  ...securityEntities,
  ...queueEntities,
  ...workerEntities,
  ...employerEntities,
  ...complaintEntities,
  ...escalationEntities,
  ...notificationEntities,
  ...intakeEntities,
];
