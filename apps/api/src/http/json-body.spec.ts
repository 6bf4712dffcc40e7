import { describe, expect, it } from 'vitest';
import { hasIllFormedString, JSON_MAX_DEPTH, nestsDeeperThan } from './json-body.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('nestsDeeperThan', () => {
  it('counts arrays and objects together, up to the limit inclusive', () => {
    const atLimit = '[{"a":'.repeat(JSON_MAX_DEPTH / 2) + '1' + '}]'.repeat(JSON_MAX_DEPTH / 2);
    expect(nestsDeeperThan(bytes(atLimit), JSON_MAX_DEPTH)).toBe(false);
    expect(nestsDeeperThan(bytes(`[${atLimit}]`), JSON_MAX_DEPTH)).toBe(true);
  });

  it('stops at the first level too deep, whatever follows', () => {
    expect(nestsDeeperThan(bytes('['.repeat(10_000)), 32)).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes and backslashes included', () => {
    const deepText = JSON.stringify({ a: '['.repeat(100), b: '\\"[[[', c: '\\', d: '{'.repeat(100) });
    expect(nestsDeeperThan(bytes(deepText), 2)).toBe(false);
    expect(nestsDeeperThan(bytes('{"a":"\\\\"}'), 1)).toBe(false);
    expect(nestsDeeperThan(bytes('{"a":"\\\\",[[]]}'), 2)).toBe(true);
  });

  it('is not fooled by multi-byte UTF-8', () => {
    expect(nestsDeeperThan(bytes(JSON.stringify({ name: 'Тарас [😀] 中文' })), 1)).toBe(false);
  });
});

describe('hasIllFormedString', () => {
  it('finds a lone surrogate in a value or a key, at any depth', () => {
    expect(hasIllFormedString(JSON.parse('{"a":["ok","\\ud83d"]}'))).toBe(true);
    expect(hasIllFormedString(JSON.parse('{"\\udc00":1}'))).toBe(true);
    expect(hasIllFormedString(JSON.parse('"x\\ude00"'))).toBe(true);
  });

  it('accepts pairs and ordinary values', () => {
    expect(hasIllFormedString(JSON.parse('{"a":"\\ud83d\\ude00","b":[1,null,true,{"c":"Тарас"}]}'))).toBe(false);
    expect(hasIllFormedString(null)).toBe(false);
  });
});
