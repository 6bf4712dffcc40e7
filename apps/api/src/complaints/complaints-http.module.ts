import { Module } from '@nestjs/common';

/** HTTP routes of /complaints. */
@Module({})
export class ComplaintsHttpModule {}
