import { Module } from '@nestjs/common';
import { QueueProbeController } from './queue-probe.controller.js';

/** Queue operations over HTTP. Needs `QueueModule.forRoot()` (global) in the root module. */
@Module({
  controllers: [QueueProbeController],
})
export class QueuesHttpModule {}
