import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { FieldEncryptionService } from '@mc/security';
import { MigrantWorker } from './migrant-worker.entity.js';
import { isErased } from './worker-cipher.service.js';

/**
 * A worker's data key for what other libraries keep of the person under it: their documents
 * (complaint attachments). One key per person is what makes erasure real: destroying it (the
 * wrapped key in `migrant_workers`) makes every such file unreadable, in backups too.
 */
@Injectable()
export class WorkerKeysService {
  constructor(private readonly encryption: FieldEncryptionService) {}

  /**
   * Runs `use` with the worker's plain data key, wiped afterwards; `erased` when the person was
   * erased (the key is gone) and `missing` when there is no such worker.
   */
  async withKey<T>(
    manager: EntityManager,
    workerId: string,
    use: (key: Buffer) => Promise<T> | T,
  ): Promise<{ kind: 'ok'; value: T } | { kind: 'erased' } | { kind: 'missing' }> {
    const row = await manager.getRepository(MigrantWorker).findOne({
      where: { id: workerId },
      select: { id: true, erasedAt: true, dataKeyWrapped: true, dataKeyMasterId: true },
    });
    if (!row) return { kind: 'missing' };
    if (isErased(row)) return { kind: 'erased' };
    const key = this.encryption.openDataKey({
      wrapped: row.dataKeyWrapped!,
      masterKeyId: row.dataKeyMasterId!,
      ownerId: row.id,
    });
    try {
      return { kind: 'ok', value: await use(key) };
    } finally {
      key.fill(0);
    }
  }
}
