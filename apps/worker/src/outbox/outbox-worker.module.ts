import { Module } from '@nestjs/common';
import { OutboxRelayHandler } from './outbox-relay.handler.js';

/** The outbox relay of the worker (its queue and schedule are in the job catalogue). Needs the global QueueModule. */
@Module({ providers: [OutboxRelayHandler] })
export class OutboxWorkerModule {}
