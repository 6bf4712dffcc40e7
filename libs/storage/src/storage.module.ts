import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@mc/config';
import { EncryptedStorage } from './encrypted-storage.js';
import { LocalDiskStorage } from './local-disk-storage.js';
import { STORAGE } from './storage-repository.js';

/**
 * The file store: `STORAGE` (a {@link StorageRepository}, on disk under `STORAGE_DIR`; an
 * S3-compatible one would be chosen here by configuration) and {@link EncryptedStorage} over it.
 */
@Module({
  providers: [
    {
      provide: STORAGE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new LocalDiskStorage(config.storageDir),
    },
    EncryptedStorage,
  ],
  exports: [STORAGE, EncryptedStorage],
})
export class StorageModule {}
