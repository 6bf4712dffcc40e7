import { BadRequestException } from '@nestjs/common';

/**
 * The version a client expects to change: `If-Match: "3"` (or W/"3"), or `version` in the body.
 * Both given and different: 400, the client is confused about what it read.
 */
export function expectedVersion(ifMatch: string | undefined, bodyVersion: number | undefined): number | undefined {
  let fromHeader: number | undefined;
  if (ifMatch !== undefined && ifMatch !== '') {
    const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(ifMatch.trim());
    if (!match) throw new BadRequestException('If-Match must be a version such as "3"');
    fromHeader = Number(match[1]);
  }
  if (fromHeader !== undefined && bodyVersion !== undefined && fromHeader !== bodyVersion) {
    throw new BadRequestException('If-Match and body version disagree');
  }
  return fromHeader ?? bodyVersion;
}
