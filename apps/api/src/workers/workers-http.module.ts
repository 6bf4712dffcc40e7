import { Module } from '@nestjs/common';

/** HTTP routes of /workers. */
@Module({})
export class WorkersHttpModule {}
