import { Module } from '@nestjs/common';
import { WorkersModule } from '@mc/migrants';
import { WorkersController } from './workers.controller.js';

/** HTTP routes of /workers. */
@Module({
  imports: [WorkersModule],
  controllers: [WorkersController],
})
export class WorkersHttpModule {}
