import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SecurityModule } from '@mc/security';
import { MigrantWorker } from './migrant-worker.entity.js';
import { WorkerCipherService } from './worker-cipher.service.js';
import { WorkerKeysService } from './worker-keys.service.js';
import { WorkersService } from './workers.service.js';

/** Migrant workers: encrypted person records, scope, search and duplicate warnings. */
@Module({
  imports: [TypeOrmModule.forFeature([MigrantWorker]), SecurityModule],
  providers: [WorkersService, WorkerCipherService, WorkerKeysService],
  exports: [WorkersService, WorkerKeysService],
})
export class WorkersModule {}
