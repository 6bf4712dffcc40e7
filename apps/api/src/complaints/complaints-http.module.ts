import { Module } from '@nestjs/common';
import { ComplaintsModule } from '@mc/complaints';
import { IntakeModule } from '@mc/intake';
import { ComplaintActionsController } from './complaint-actions.controller.js';
import { ComplaintAttachmentsController } from './complaint-attachments.controller.js';
import { ComplaintNotesController } from './complaint-notes.controller.js';
import { ComplaintsController } from './complaints.controller.js';

/** HTTP routes of /complaints. */
@Module({
  imports: [ComplaintsModule, IntakeModule],
  controllers: [
    ComplaintsController,
    ComplaintActionsController,
    ComplaintNotesController,
    ComplaintAttachmentsController,
  ],
})
export class ComplaintsHttpModule {}
