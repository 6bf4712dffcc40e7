export * from './after-commit.js';
export * from './dead-letters/dead-letter.entity.js';
export * from './dead-letters/dead-letter.service.js';
export * from './deliveries/delivery-runner.js';
export * from './job-catalogue.js';
export * from './job-dispatcher.js';
export * from './job-handler.js';
export * from './job-producer.js';
export * from './outbox/outbox-message.entity.js';
export * from './outbox/outbox-nudger.js';
export * from './outbox/outbox-relay.js';
export * from './outbox/outbox.service.js';
export * from './probes/queue-probe.entity.js';
export * from './probes/queue-probe.service.js';
export * from './queue-metrics.js';
export * from './queue-options.js';
export * from './queue.module.js';
export * from './redis-policy.js';

import { DeadLetter } from './dead-letters/dead-letter.entity.js';
import { OutboxMessage } from './outbox/outbox-message.entity.js';
import { QueueProbe } from './probes/queue-probe.entity.js';

/** Entities of this library, for the migration CLI's data source. */
export const queueEntities = [DeadLetter, QueueProbe, OutboxMessage];
