import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { IdempotencyInterceptor } from './idempotency.interceptor.js';

export const IDEMPOTENT_METADATA = 'mc:idempotent';

/**
 * Marks a creating route as accepting `Idempotency-Key` (api.md): a retried request with the same
 * key and body gets the first response instead of creating a second record.
 */
export const Idempotent = () =>
  applyDecorators(
    SetMetadata(IDEMPOTENT_METADATA, true),
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        '1–200 printable characters. A repeat with the same key and body within 24 h returns the first response ' +
        '(header Idempotent-Replayed: true); same key with another body: 422; while the first still runs: 409.',
    }),
  );
