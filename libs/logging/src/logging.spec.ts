import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { scrubError, serializeLogError } from './error-serializer.js';
import { logFormatFor, processLoggerParams, setProcessLogLabel } from './process-logger.js';
import { redactContactDetails, redactDatabaseMessage } from './redaction.js';
import { requestLogLevel, serializeRequest, type LoggedRequest } from './request-serializers.js';

/** What TypeORM throws for a failed INSERT: message, SQL, bound values and the driver's error. */
function queryFailed(message: string, code: string): Error {
  const error = new Error(message) as Error & Record<string, unknown>;
  error.name = 'QueryFailedError';
  error.query = 'INSERT INTO "users"("email", "password_hash") VALUES ($1, $2)';
  error.parameters = ['volunteer@example.org', '$argon2id$v=19$m=19456,t=2,p=1$abc'];
  error.driverError = { code, detail: 'Key (email)=(volunteer@example.org) already exists.' };
  error.detail = 'Key (email)=(volunteer@example.org) already exists.';
  return error;
}

describe('serializeLogError', () => {
  it('keeps the type, message, code and SQL of a failed query, never its values or detail', () => {
    const out = JSON.stringify(
      serializeLogError(queryFailed('duplicate key value violates unique constraint', '23505')),
    );
    expect(JSON.parse(out)).toMatchObject({
      type: 'QueryFailedError',
      message: 'duplicate key value violates unique constraint',
      code: '23505',
      query: expect.stringContaining('INSERT INTO "users"'),
    });
    expect(out).not.toContain('volunteer@example.org');
    expect(out).not.toContain('argon2');
  });

  it('removes the value Postgres quotes in a data exception, also from the stack', () => {
    const out = serializeLogError(queryFailed('invalid input syntax for type uuid: "Iryna Petrenko"', '22P02')) as {
      message: string;
      stack: string;
    };
    expect(out.message).toBe('invalid input syntax for type uuid: "…"');
    expect(out.stack).not.toContain('Petrenko');
    expect(out.stack.split('\n')[0]).toBe('QueryFailedError: invalid input syntax for type uuid: "…"');
  });

  it('follows causes a few levels deep and leaves non-errors alone', () => {
    const outer = new Error('could not store', { cause: queryFailed('boom', '40P01') });
    expect(serializeLogError(outer)).toMatchObject({ message: 'could not store', cause: { code: '40P01' } });
    expect(serializeLogError('plain text')).toBe('plain text');
  });
});

describe('redactDatabaseMessage', () => {
  it('redacts quoted values of class 22 only; constraint names of other classes stay', () => {
    expect(redactDatabaseMessage('value too long for type character varying(2): "Kyiv"', '22001')).toBe(
      'value too long for type character varying(2): "…"',
    );
    expect(redactDatabaseMessage('violates unique constraint "uq_users_email"', '23505')).toBe(
      'violates unique constraint "uq_users_email"',
    );
  });
});

describe('contact details in free text', () => {
  it('become placeholders: an SMTP rejection, a phone number as people write it', () => {
    expect(redactContactDetails('550 5.1.1 <olena.k@example.org>: Recipient address rejected')).toBe(
      '550 5.1.1 <<email>>: Recipient address rejected',
    );
    expect(redactContactDetails('chat of +380 (50) 123-45-67 not found')).toBe('chat of <phone> not found');
    // Ids, counts and times stay: they are what an operator needs.
    const plain = 'job 01a23cf3-0d6a-7347-b6d8-0560f534db79 failed after 5 attempts at 2026-12-03T17:28:11Z';
    expect(redactContactDetails(plain)).toBe(plain);
  });
});

describe('scrubError', () => {
  it('rewrites message and stack in place, keeping the class and the code', () => {
    class UnrecoverableError extends Error {
      override name = 'UnrecoverableError';
    }
    const error = Object.assign(new UnrecoverableError('invalid input syntax for type uuid: "Iryna Petrenko"'), {
      code: '22P02',
    });
    const scrubbed = scrubError(error);
    expect(scrubbed).toBe(error);
    expect(scrubbed).toBeInstanceOf(UnrecoverableError);
    expect(scrubbed.message).toBe('invalid input syntax for type uuid: "…"');
    expect(scrubbed.stack).not.toContain('Iryna');
    expect(scrubbed.stack!.split('\n')[0]).toBe('UnrecoverableError: invalid input syntax for type uuid: "…"');
    expect(scrubbed.stack).toMatch(/\n\s+at /);
  });

  it('turns a thrown non-error into an Error without repeating what was thrown', () => {
    expect(scrubError({ phone: '+491512345678' }).message).toBe('non-error thrown');
    expect(scrubError('mail to a@b.de failed').message).toBe('mail to <email> failed');
  });
});

describe('request lines', () => {
  const req = (url: string) =>
    ({
      id: 'r1',
      method: 'GET',
      url,
      originalUrl: url,
      headers: { authorization: 'Bearer mcs_x', cookie: 'a=b' },
    }) as unknown as LoggedRequest;
  const res = (statusCode: number) => ({ statusCode }) as ServerResponse;

  it('hold method, path and ids only: no headers, no query string', () => {
    expect(serializeRequest(req('/api/v1/workers?q=Petrenko'))).toEqual({
      id: 'r1',
      method: 'GET',
      url: '/api/v1/workers',
    });
    const withClientId = Object.assign(req('/x'), { clientRequestId: 'trace-123456' });
    expect(serializeRequest(withClientId)).toEqual({
      id: 'r1',
      clientRequestId: 'trace-123456',
      method: 'GET',
      url: '/x',
    });
  });

  it('log 5xx at error, 4xx at warn, a successful probe at debug', () => {
    const r = req('/api/v1/workers') as IncomingMessage;
    expect(requestLogLevel(r, res(500), undefined)).toBe('error');
    expect(requestLogLevel(r, res(401), undefined)).toBe('warn');
    expect(requestLogLevel(r, res(200), undefined)).toBe('info');
    expect(requestLogLevel(req('/health') as IncomingMessage, res(200), undefined)).toBe('debug');
    expect(requestLogLevel(req('/health') as IncomingMessage, res(503), undefined)).toBe('error');
  });
});

describe('the process logger', () => {
  it('is pretty at a terminal outside production, JSON otherwise', () => {
    expect(logFormatFor({ nodeEnv: 'development' }, true)).toBe('pretty');
    expect(logFormatFor({ nodeEnv: 'production' }, true)).toBe('json');
    expect(logFormatFor({ nodeEnv: 'development' }, false)).toBe('json');
  });

  it('has one configuration per process: the same one twice, a different one is an error', () => {
    const config = { logLevel: 'info', nodeEnv: 'development' as const };
    setProcessLogLabel('mc-api+worker');
    const first = processLoggerParams(config, 'json');
    expect(processLoggerParams(config, 'json')).toBe(first);
    expect(() => processLoggerParams({ ...config, logLevel: 'debug' }, 'json')).toThrow(/already configured/);
    expect(() => setProcessLogLabel('mc-worker')).toThrow(/already configured as mc-api\+worker/);
    const options = first.pinoHttp as { base: Record<string, unknown>; redact: { paths: string[] } };
    expect(options.base.process).toBe('mc-api+worker');
    expect(options.redact.paths).toEqual(expect.arrayContaining(['authorization', '*.parameters']));
  });
});
