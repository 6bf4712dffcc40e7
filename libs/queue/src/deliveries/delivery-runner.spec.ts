import { UnrecoverableError, type Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { DeliveryFailedError, DeliveryRunner, type DeliveryKind, type DeliveryTarget } from './delivery-runner.js';

interface Row extends DeliveryTarget {
  url: string | null;
}

/** A webhook-like kind over one in-memory row, recording its state writes. */
function kindOf(row: Row | null, send: () => Promise<void> = async () => undefined, configured = true) {
  const writes: string[] = [];
  const kind: DeliveryKind<Row> = {
    kind: 'webhook',
    subject: { name: 'delivery', logField: 'webhookDeliveryId' },
    find: async () => row,
    destinationOf: (target) => (target.url ? { address: target.url } : { skip: 'no_endpoint' }),
    isConfigured: () => configured,
    send: () => send(),
    classify: (error) => ({ code: 'http_error', retryable: !(error instanceof TypeError) }),
    markSkipped: async (_target, reason) => writes.push(`skipped ${reason}`),
    recordFailure: async (_target, code, final) => writes.push(`failure ${code} ${final}`),
    markSent: async () => writes.push('sent'),
  };
  return { kind, writes };
}

const job = (attemptsMade = 0, attempts = 5) => ({ id: 'j1', attemptsMade, opts: { attempts } }) as unknown as Job;
const pending = (url: string | null = 'https://partner.example/hook'): Row => ({
  deliveryId: 'd1',
  status: 'pending',
  url,
});

describe('DeliveryRunner (any delivery kind)', () => {
  const runner = new DeliveryRunner();

  it('sends a pending delivery once and records it sent; a finished one is left alone', async () => {
    const { kind, writes } = kindOf(pending());
    await runner.run(job(), 's1', kind);
    expect(writes).toEqual(['sent']);
    const done = kindOf({ ...pending(), status: 'sent' });
    await runner.run(job(), 's1', done.kind);
    expect(done.writes).toEqual([]);
  });

  it('skips a delivery with nowhere to go, and refuses for good one whose row does not exist', async () => {
    const { kind, writes } = kindOf(pending(null));
    await runner.run(job(), 's1', kind);
    expect(writes).toEqual(['skipped no_endpoint']);
    await expect(runner.run(job(), 's1', kindOf(null).kind)).rejects.toThrow(UnrecoverableError);
    await expect(runner.run(job(), 's1', kindOf(null).kind)).rejects.toThrow('No webhook delivery for delivery s1');
  });

  it('retries a retryable failure, and marks it failed on the last attempt or when retrying cannot help', async () => {
    const failing = kindOf(pending(), () => Promise.reject(new Error('503')));
    await expect(runner.run(job(0), 's1', failing.kind)).rejects.toThrow(DeliveryFailedError);
    await expect(runner.run(job(4), 's1', failing.kind)).rejects.toThrow('webhook delivery d1 failed: http_error');
    expect(failing.writes).toEqual(['failure http_error false', 'failure http_error true']);
    const refused = kindOf(pending(), () => Promise.reject(new TypeError('bad')));
    await expect(runner.run(job(0), 's1', refused.kind)).rejects.toThrow(UnrecoverableError);
    expect(refused.writes).toEqual(['failure http_error true']);
  });

  it('fails for good, with a code, on a worker without the setting', async () => {
    const { kind, writes } = kindOf(pending(), undefined, false);
    await expect(runner.run(job(), 's1', kind)).rejects.toThrow(UnrecoverableError);
    expect(writes).toEqual(['failure webhook_not_configured true']);
  });
});
