import { Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  DataSource,
  EntityManager,
  EntitySubscriberInterface,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';

/**
 * Work that may only start once a transaction has committed (a job for a row a rollback would take
 * back). `run` gets every value added for it during that transaction, in order, once; it must
 * only start its work (in the background) and not wait for it, since the committing caller does.
 */
export interface AfterCommitHook<T> {
  /** For the log, when `run` throws. */
  readonly name: string;
  run(values: readonly T[]): void;
}

/** Hooks of a transaction waiting for its commit, kept on its QueryRunner. */
const PENDING_KEY = 'mc.afterCommit.pending';

type Pending = Map<AfterCommitHook<unknown>, unknown[]>;

/**
 * The one after-commit mechanism: collects values for hooks on the QueryRunner of a transaction
 * and runs each hook once, after the outermost COMMIT; a rollback drops them. Used by the outbox
 * (nudge the relay) and the reminders (add their delayed jobs).
 */
@Injectable()
export class AfterCommit implements EntitySubscriberInterface, OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(AfterCommit.name);

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  onModuleInit(): void {
    if (!this.db.subscribers.includes(this)) this.db.subscribers.push(this);
  }

  beforeApplicationShutdown(): void {
    const index = this.db.subscribers.indexOf(this);
    if (index >= 0) this.db.subscribers.splice(index, 1);
  }

  /**
   * Runs `hook` with `value` once the transaction of `manager` commits; outside a transaction
   * (autocommitted already) it runs at once.
   */
  add<T>(manager: EntityManager | undefined, hook: AfterCommitHook<T>, value: T): void {
    const runner = manager?.queryRunner;
    if (!runner?.isTransactionActive) {
      this.run(hook as AfterCommitHook<unknown>, [value]);
      return;
    }
    const pending = (runner.data[PENDING_KEY] ??= new Map()) as Pending;
    const values = pending.get(hook as AfterCommitHook<unknown>);
    if (values) values.push(value);
    else pending.set(hook as AfterCommitHook<unknown>, [value]);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const runner = event.queryRunner;
    // A released savepoint commits nothing yet: wait for the outermost COMMIT.
    if (!runner.data?.[PENDING_KEY] || runner.isTransactionActive) return;
    const pending = runner.data[PENDING_KEY] as Pending;
    delete runner.data[PENDING_KEY];
    for (const [hook, values] of pending) this.run(hook, values);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    const runner = event.queryRunner;
    if (runner.data?.[PENDING_KEY] && !runner.isTransactionActive) delete runner.data[PENDING_KEY];
  }

  private run(hook: AfterCommitHook<unknown>, values: unknown[]): void {
    try {
      hook.run(values);
    } catch (error) {
      // The transaction has committed: its caller must not see an error for work that follows it.
      this.logger.error({ err: error, hook: hook.name }, 'after-commit hook failed');
    }
  }
}
