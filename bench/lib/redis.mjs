import { Redis } from 'ioredis';

/**
 * Deletes every key that starts with `prefix` (SCAN + UNLINK, in pages). Only the bench's own
 * prefix is ever passed here: the Redis server is shared, so nothing else may be touched.
 */
export async function deleteKeysWithPrefix(redisUrl, prefix) {
  if (!/^mc-bench-[0-9a-f]{8,}/.test(prefix)) throw new Error(`refusing to delete keys outside a bench prefix`);
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}
