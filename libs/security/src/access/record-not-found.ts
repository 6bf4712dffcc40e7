import { DomainError } from '@mc/errors';

/**
 * A record that does not exist or is out of the actor's scope (the API answers 404, the same for
 * both, so a caller cannot learn that a record they may not see exists; the scope rules are in
 * @mc/access). Its code names the entity: `step.not-found`, `queue-probe.not-found`.
 */
export class RecordNotFoundError extends DomainError {
  readonly kind = 'not-found' as const;
  readonly code: `${string}.not-found`;

  constructor(readonly entity: string) {
    super(`${entity} not found`);
    this.code = `${entity.toLowerCase().replace(/\s+/g, '-')}.not-found`;
  }
}
