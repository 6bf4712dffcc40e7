/*
 * `COPY <table> (<columns>) FROM STDIN` for seeding (performance.md: seed with COPY, never one
 * INSERT per row), through pg-copy-streams. Rows are written in COPY's text format.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';

/** One value in COPY text format: `\N` for null, arrays as `{a,b}`, dates as ISO 8601. */
export function copyValue(value) {
  if (value === null || value === undefined) return '\\N';
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return '\\\\x' + value.toString('hex');
  if (Array.isArray(value))
    return copyText(`{${value.map((v) => `"${String(v).replace(/["\\]/g, '\\$&')}"`).join(',')}}`);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return copyText(String(value));
}

function copyText(text) {
  return text.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]);
}

/** COPY text lines of `rows`, in chunks of about 1 MB. */
function* lines(rows, columnCount) {
  let chunk = '';
  for (const row of rows) {
    if (row.length !== columnCount) throw new Error(`COPY row has ${row.length} values, expected ${columnCount}`);
    chunk += row.map(copyValue).join('\t') + '\n';
    if (chunk.length >= 1 << 20) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * Copies `rows` (an iterable of value arrays, in `columns` order) into `table`; resolves with the
 * number of rows copied. `clientOrPool` is a connected `pg.Client` or a `pg.Pool`.
 */
export async function copyRows(clientOrPool, table, columns, rows) {
  const quoted = columns.map((c) => `"${c}"`).join(', ');
  const isPool = typeof clientOrPool.connect === 'function' && typeof clientOrPool.totalCount === 'number';
  const client = isPool ? await clientOrPool.connect() : clientOrPool;
  try {
    const stream = client.query(copyFrom(`COPY "${table}" (${quoted}) FROM STDIN`));
    await pipeline(Readable.from(lines(rows, columns.length)), stream);
    return Number(stream.rowCount);
  } finally {
    if (isPool) client.release();
  }
}
