import { v7 as uuidv7, validate, version } from 'uuid';

/** New primary key: UUID v7, so ids sort by creation time and index well. */
export function newId(): string {
  return uuidv7();
}

export function isUuid(value: string): boolean {
  return validate(value) && [1, 4, 7].includes(version(value));
}
