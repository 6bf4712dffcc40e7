import { Writable, pipeline, type Readable, type Transform } from 'node:stream';

/**
 * `source` piped through `transforms`, as one readable: an error anywhere (or the reader giving
 * up) destroys every stream of the chain, and the reader sees the first error.
 */
export function chain(source: Readable, ...transforms: Transform[]): Readable {
  if (transforms.length === 0) return source;
  // The callback is required by the API; errors reach the reader through the last stream.
  return pipeline([source, ...transforms], () => {}) as unknown as Readable;
}

/** A sink that counts and drops what it is given. */
export function byteCounter(): Writable & { readonly bytes: number } {
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      callback();
    },
  });
  return Object.defineProperty(sink, 'bytes', { get: () => bytes }) as Writable & { readonly bytes: number };
}
