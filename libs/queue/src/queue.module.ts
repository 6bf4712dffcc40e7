import { Global, Module, type DynamicModule, type Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@mc/config';
import { AfterCommit } from './after-commit.js';
import { DeadLetter } from './dead-letters/dead-letter.entity.js';
import { DeadLetterService } from './dead-letters/dead-letter.service.js';
import { REGISTERED_QUEUES, type QueueName } from './job-catalogue.js';
import { JobDispatcher } from './job-dispatcher.js';
import { JobProducer, QUEUES_BY_NAME } from './job-producer.js';
import { OutboxMessage } from './outbox/outbox-message.entity.js';
import { OutboxNudger } from './outbox/outbox-nudger.js';
import { OutboxRelay } from './outbox/outbox-relay.js';
import { OutboxService } from './outbox/outbox.service.js';
import { QueueProbe } from './probes/queue-probe.entity.js';
import { QueueProbeService } from './probes/queue-probe.service.js';
import { DEFAULT_JOB_OPTIONS, queueConnectionOptions, type QueueRole } from './queue-options.js';
import { RedisPolicyCheck } from './redis-policy.js';

export interface QueueModuleOptions {
  /** `worker` also provides the job dispatcher (and its start-up check) and waits out Redis outages. */
  role?: QueueRole;
}

/**
 * BullMQ for one process: the shared connection, every queue of the catalogue, the typed producer,
 * the after-commit hooks, the outbox (writer, relay, commit nudge), dead letters and the queue probe. Global: import
 * `QueueModule.forRoot()` once, in the root module.
 */
@Global()
@Module({})
export class QueueModule {
  static forRoot(options: QueueModuleOptions = {}): DynamicModule {
    const role = options.role ?? 'producer';
    const queues = BullModule.registerQueue(
      ...REGISTERED_QUEUES.map((name) => ({ name, defaultJobOptions: { ...DEFAULT_JOB_OPTIONS } })),
    );
    const queuesByName: Provider = {
      provide: QUEUES_BY_NAME,
      // The factory form of `@InjectQueue(name)`, one per registered queue.
      inject: REGISTERED_QUEUES.map((name) => getQueueToken(name)),
      useFactory: (...instances: Queue[]) =>
        new Map<QueueName, Queue>(REGISTERED_QUEUES.map((name, index) => [name, instances[index]!])),
    };
    const workerProviders: Provider[] = role === 'worker' ? [JobDispatcher] : [];
    return {
      module: QueueModule,
      imports: [
        BullModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => queueConnectionOptions(config, role),
        }),
        queues,
        TypeOrmModule.forFeature([DeadLetter, QueueProbe, OutboxMessage]),
        ...(role === 'worker' ? [DiscoveryModule] : []),
      ],
      providers: [
        AfterCommit,
        queuesByName,
        JobProducer,
        DeadLetterService,
        QueueProbeService,
        OutboxNudger,
        OutboxService,
        OutboxRelay,
        RedisPolicyCheck,
        ...workerProviders,
      ],
      exports: [
        AfterCommit,
        queues,
        QUEUES_BY_NAME,
        JobProducer,
        DeadLetterService,
        QueueProbeService,
        OutboxService,
        OutboxRelay,
        ...workerProviders,
      ],
    };
  }
}
