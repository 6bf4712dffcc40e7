import { BadRequestException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';

/**
 * How deeply arrays and objects may nest in a JSON body. Our deepest DTO is 3 levels; 32 leaves
 * headroom while keeping JSON.parse, class-transformer and class-validator (all recursive) far
 * from their stack limits: a 20 KB body of 10,000 nested arrays made class-transformer throw a 500.
 */
export const JSON_MAX_DEPTH = 32;

/** A request whose JSON body was read by `registerJsonBodyParser`: the bytes as received. */
export interface RequestWithRawBody {
  rawBody?: Buffer;
}

const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * True when `bytes` nest arrays/objects deeper than `maxDepth`, counted on the raw bytes before any
 * parsing (brackets inside strings, escaped quotes included, do not count). UTF-8 continuation
 * bytes are all ≥ 0x80, so they never look like a bracket, quote or backslash. Invalid JSON is
 * left to the parser: this only bounds the recursion it would do.
 */
export function nestsDeeperThan(bytes: Uint8Array, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
      if (++depth > maxDepth) return true;
    } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) {
      depth--;
    }
  }
  return false;
}

/** A lone UTF-16 surrogate: in `u` mode a proper pair is one code point and does not match. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * True when some string or key of a parsed body holds a lone surrogate (`"\ud83d"`): such a string
 * cannot be encoded as UTF-8, so it could not be stored, hashed or sent back faithfully. Only for
 * values whose depth `nestsDeeperThan` already bounded.
 */
export function hasIllFormedString(value: unknown): boolean {
  if (typeof value === 'string') return LONE_SURROGATE.test(value);
  if (Array.isArray(value)) return value.some(hasIllFormedString);
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (LONE_SURROGATE.test(key) || hasIllFormedString(item)) return true;
    }
  }
  return false;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Replaces the JSON parser of Fastify (via Nest's `useBodyParser`) with one that keeps the raw
 * bytes (`request.rawBody`, what an Idempotency-Key's request hash is taken over) and answers 400
 * problem+json, before any DTO code runs, for a body that nests deeper than `JSON_MAX_DEPTH`, is
 * not UTF-8, or holds a lone surrogate. Parsing itself stays Fastify's (secure-json-parse, with
 * `__proto__` and `constructor.prototype` refused), so its errors keep their messages.
 */
export function registerJsonBodyParser(app: NestFastifyApplication, bodyLimit: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser('application/json', { bodyLimit }, (request, body, done) => {
    const bytes = body as Buffer;
    (request as FastifyRequest & RequestWithRawBody).rawBody = bytes;
    if (nestsDeeperThan(bytes, JSON_MAX_DEPTH)) {
      done(new BadRequestException(`The JSON body nests arrays or objects deeper than ${JSON_MAX_DEPTH} levels`));
      return;
    }
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      done(new BadRequestException('The JSON body is not valid UTF-8'));
      return;
    }
    void parseJson(request as FastifyRequest, text, (error, value) => {
      if (error) done(error);
      else if (hasIllFormedString(value)) {
        done(new BadRequestException('The JSON body has a string with a lone surrogate (\\ud800–\\udfff unpaired)'));
      } else done(null, value);
    });
  });
}
