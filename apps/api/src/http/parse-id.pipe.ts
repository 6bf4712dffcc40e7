import { Injectable, ParseUUIDPipe, type ArgumentMetadata } from '@nestjs/common';

/**
 * A record id in a path: a UUID (else 400), in lower case. Postgres answers ids in lower case,
 * so an id kept as the client spelled it (`01A2…`) would miss every map, comparison and audit
 * filter keyed by the stored form.
 */
@Injectable()
export class ParseIdPipe extends ParseUUIDPipe {
  override async transform(value: string, metadata: ArgumentMetadata): Promise<string> {
    const id: unknown = await super.transform(value, metadata);
    return String(id).toLowerCase();
  }
}
