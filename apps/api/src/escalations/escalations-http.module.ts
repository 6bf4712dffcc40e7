import { Module } from '@nestjs/common';
import { EscalationsModule } from '@mc/escalations';
import { StepsController } from './steps.controller.js';
import { UpcomingController } from './upcoming.controller.js';

/** HTTP routes of escalation steps, playbooks and `/deadlines/upcoming`. */
@Module({
  imports: [EscalationsModule],
  controllers: [StepsController, UpcomingController],
})
export class EscalationsHttpModule {}
