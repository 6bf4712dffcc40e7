import { Module } from '@nestjs/common';
import { DeadlinesModule } from '@mc/deadlines';
import { DeadlinesController } from './deadlines.controller.js';

/** HTTP routes of /deadlines. */
@Module({
  imports: [DeadlinesModule],
  controllers: [DeadlinesController],
})
export class DeadlinesHttpModule {}
