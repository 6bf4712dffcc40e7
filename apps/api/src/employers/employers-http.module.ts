import { Module } from '@nestjs/common';
import { ComplaintsModule } from '@mc/complaints';
import { EmployersModule } from '@mc/employers';
import { EmployersController } from './employers.controller.js';

/** HTTP routes of /employers. */
@Module({
  imports: [EmployersModule, ComplaintsModule],
  controllers: [EmployersController],
})
export class EmployersHttpModule {}
