import { Module } from '@nestjs/common';

/** HTTP routes of /employers. */
@Module({})
export class EmployersHttpModule {}
