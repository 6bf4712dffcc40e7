import { Module } from '@nestjs/common';
import { EmployersModule } from '@mc/employers';
import { EmployersController } from './employers.controller.js';

/** HTTP routes of /employers. */
@Module({
  imports: [EmployersModule],
  controllers: [EmployersController],
})
export class EmployersHttpModule {}
