import { createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import { deriveSubkey } from './subkeys.js';

/**
 * The request hash of an `Idempotency-Key` row: HMAC-SHA256 over the method, the path and the
 * body's raw bytes, under a key derived from the master key with HKDF under its own `info`. An
 * unkeyed hash of a body lets anyone with a database dump confirm a guess ("is this name with this
 * phone on file?") by hashing it; without the key the hash only says whether two requests were
 * the same bytes. Raw bytes, not a canonical form: nothing to canonicalize can throw, and a retry
 * is by definition the same bytes sent again.
 *
 * Rotating the master key changes every hash: a retry across a rotation is taken for another
 * body (422) until its key expires (24 h), which is the safe side.
 */
export class RequestHasher {
  readonly #key: Buffer;

  constructor(masterKey: Buffer) {
    this.#key = deriveSubkey(masterKey, 'idempotencyRequest');
  }

  /** 64 hex chars. The method and path are length-prefixed so no two (method, path, body) triples share an input. */
  hash(method: string, path: string, body: Uint8Array): string {
    const head = Buffer.from(`${method}\n${path}\n`, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(head.length);
    return createHmac('sha256', this.#key).update(length).update(head).update(body).digest('hex');
  }

  /**
   * A caller without an account, named in the key's scope by an HMAC of their address: an
   * unkeyed hash of an IPv4 address is undone by trying all four billion.
   */
  anonymousCaller(ip: string): string {
    return createHmac('sha256', this.#key).update('anonymous-caller\n').update(ip, 'utf8').digest('hex').slice(0, 32);
  }

  toJSON(): string {
    return 'RequestHasher';
  }

  [inspect.custom](): string {
    return 'RequestHasher {}';
  }
}
