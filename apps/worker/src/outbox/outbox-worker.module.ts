import { Module } from '@nestjs/common';
import { OutboxRelayHandler } from './outbox-relay.handler.js';

/** The outbox relay of the worker (its schedule is in schedules/repeatable-schedules.ts). Needs the global QueueModule. */
@Module({ providers: [OutboxRelayHandler] })
export class OutboxWorkerModule {}
