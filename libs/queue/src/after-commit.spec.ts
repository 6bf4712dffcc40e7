import type { DataSource, EntityManager, QueryRunner, TransactionCommitEvent } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { AfterCommit, type AfterCommitHook } from './after-commit.js';

function fakeTransaction(): { manager: EntityManager; runner: QueryRunner & { isTransactionActive: boolean } } {
  const runner = { data: {}, isTransactionActive: true } as QueryRunner & { isTransactionActive: boolean };
  return { manager: { queryRunner: runner } as EntityManager, runner };
}

function recorder(): AfterCommitHook<number> & { calls: number[][] } {
  const calls: number[][] = [];
  return { name: 'test', calls, run: (values) => calls.push([...values]) };
}

describe('AfterCommit', () => {
  const hooks = new AfterCommit({ subscribers: [] } as unknown as DataSource);
  const event = (runner: QueryRunner) => ({ queryRunner: runner }) as TransactionCommitEvent;

  it('runs a hook once after the outermost commit, with every value of the transaction', () => {
    const hook = recorder();
    const { manager, runner } = fakeTransaction();
    hooks.add(manager, hook, 1);
    hooks.add(manager, hook, 2);
    // A released savepoint: the transaction is still open.
    hooks.afterTransactionCommit(event(runner));
    expect(hook.calls).toEqual([]);
    runner.isTransactionActive = false;
    hooks.afterTransactionCommit(event(runner));
    hooks.afterTransactionCommit(event(runner));
    expect(hook.calls).toEqual([[1, 2]]);
  });

  it('drops the values of a rolled-back transaction', () => {
    const hook = recorder();
    const { manager, runner } = fakeTransaction();
    hooks.add(manager, hook, 1);
    runner.isTransactionActive = false;
    hooks.afterTransactionRollback(event(runner));
    hooks.afterTransactionCommit(event(runner));
    expect(hook.calls).toEqual([]);
  });

  it('runs at once outside a transaction, and never throws at the committing caller', () => {
    const hook = recorder();
    hooks.add(undefined, hook, 7);
    expect(hook.calls).toEqual([[7]]);
    const failing: AfterCommitHook<number> = {
      name: 'failing',
      run: () => {
        throw new Error('boom');
      },
    };
    expect(() => hooks.add(undefined, failing, 1)).not.toThrow();
  });
});
