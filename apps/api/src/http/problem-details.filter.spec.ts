import { ConflictException, type ArgumentsHost } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { ImmigrationRiskNotConfirmedException } from '@mc/escalations';
import { ProblemDetailsFilter } from './problem-details.filter.js';

/** Runs the filter on `exception` and returns what it sent. */
function render(exception: unknown) {
  const sent: { status?: number; headers: Record<string, string>; body?: Record<string, unknown> } = { headers: {} };
  const reply = {
    status(code: number) {
      sent.status = code;
      return reply;
    },
    header(name: string, value: string) {
      sent.headers[name] = value;
      return reply;
    },
    send(body: Record<string, unknown>) {
      sent.body = body;
      return reply;
    },
  };
  const host = {
    switchToHttp: () => ({ getResponse: () => reply, getRequest: () => ({ url: '/api/v1/x', id: 'req-1' }) }),
  } as unknown as ArgumentsHost;
  new ProblemDetailsFilter().catch(exception, host);
  return sent;
}

function queryFailed(code: string): QueryFailedError {
  const driverError = Object.assign(new Error('deadlock detected'), { code, detail: 'Process 1 waits for ShareLock' });
  return new QueryFailedError('UPDATE "complaints" SET ...', ['secret value'], driverError);
}

describe('ProblemDetailsFilter', () => {
  it('answers a deadlock or serialization failure with 503 and Retry-After, saying nothing of the query', () => {
    for (const code of ['40P01', '40001']) {
      const sent = render(queryFailed(code));
      expect(sent.status).toBe(503);
      expect(sent.headers['retry-after']).toBe('1');
      expect(sent.body).toMatchObject({ status: 503, type: 'urn:mc:problem:retry' });
      expect(JSON.stringify(sent.body)).not.toMatch(/secret|complaints|ShareLock/);
    }
  });

  it('answers any other database error with a plain 500', () => {
    const sent = render(queryFailed('23505'));
    expect(sent.status).toBe(500);
    expect(JSON.stringify(sent.body)).not.toMatch(/secret|complaints/);
  });

  it("keeps our own problem types and drops anyone else's", () => {
    const risk = render(new ImmigrationRiskNotConfirmedException(2));
    expect(risk.body).toMatchObject({ status: 422, type: 'urn:mc:problem:immigration-risk', workersAtRisk: 2 });
    const other = render(new ConflictException({ message: 'x', type: 'https://example.org/whatever' }));
    expect(other.body).toMatchObject({ status: 409, type: 'about:blank' });
  });
});
