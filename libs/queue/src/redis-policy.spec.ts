import { describe, expect, it } from 'vitest';
import { checkRedisEvictionPolicy } from './redis-policy.js';

function fakeLogger() {
  const lines: string[] = [];
  return { lines, warn: (message: string) => lines.push(message) };
}

describe('Redis eviction policy check', () => {
  it('stays quiet when the policy is noeviction', async () => {
    const logger = fakeLogger();
    const result = await checkRedisEvictionPolicy({ call: async () => ['maxmemory-policy', 'noeviction'] }, logger);
    expect(result).toBe('ok');
    expect(logger.lines).toEqual([]);
  });

  it('warns loudly, over several lines, when Redis may evict keys', async () => {
    const logger = fakeLogger();
    const result = await checkRedisEvictionPolicy({ call: async () => ['maxmemory-policy', 'allkeys-lru'] }, logger);
    expect(result).toBe('evicting');
    expect(logger.lines.length).toBeGreaterThanOrEqual(3);
    expect(logger.lines.join('\n')).toContain('"allkeys-lru", not "noeviction"');
  });

  it('warns without throwing when CONFIG is not allowed', async () => {
    const logger = fakeLogger();
    const result = await checkRedisEvictionPolicy(
      { call: async () => Promise.reject(new Error("ERR unknown command 'CONFIG'")) },
      logger,
    );
    expect(result).toBe('unknown');
    expect(logger.lines.join('\n')).toContain("unknown command 'CONFIG'");
  });
});
