import { describe, expect, it } from 'vitest';
import { addressForLimits, referenceTracker } from './intake-throttling.js';

describe('addressForLimits', () => {
  it('counts an IPv4 address as itself, and an IPv4-mapped IPv6 address as the IPv4 one', () => {
    expect(addressForLimits('203.0.113.7')).toBe('203.0.113.7');
    expect(addressForLimits('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts an IPv6 address by its /64, however it is written', () => {
    const net = '2001:db8:85a3:42::/64';
    expect(addressForLimits('2001:db8:85a3:42::1')).toBe(net);
    expect(addressForLimits('2001:0db8:85a3:0042:ffff:1:2:3')).toBe(net);
    expect(addressForLimits('2001:DB8:85A3:42:0:0:0:9')).toBe(net);
    expect(addressForLimits('2001:db8:85a3:43::1')).not.toBe(net);
    expect(addressForLimits('::1')).toBe('0:0:0:0::/64');
  });

  it('has one bucket for a request without an address', () => {
    expect(addressForLimits(undefined)).toBe('unknown');
    expect(addressForLimits('')).toBe('unknown');
  });
});

describe('referenceTracker', () => {
  it('reads the reference as the page does: path first, else the first value of the form field', () => {
    expect(referenceTracker({ params: { reference: ' mc-1999-00001 ' } })).toBe('reference-MC-1999-00001');
    expect(referenceTracker({ body: { reference: ['MC-1999-00002', 'x'] } })).toBe('reference-MC-1999-00002');
    expect(referenceTracker({ body: {} })).toBe('reference-');
  });
});
