import { Module } from '@nestjs/common';
import { OutboxRelayHandler } from './outbox-relay.handler.js';
import { OutboxRelayScheduler } from './outbox-relay.scheduler.js';

/** The outbox relay of the worker: its handler and its repeatable schedule. Needs the global QueueModule. */
@Module({ providers: [OutboxRelayHandler, OutboxRelayScheduler] })
export class OutboxWorkerModule {}
