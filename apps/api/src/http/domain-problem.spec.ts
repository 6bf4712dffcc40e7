import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  GoneException,
  InternalServerErrorException,
  NotFoundException,
  PayloadTooLargeException,
  PreconditionFailedException,
  UnauthorizedException,
  UnprocessableEntityException,
  UnsupportedMediaTypeException,
  type ArgumentsHost,
  type HttpException,
} from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { ComplaintError } from '@mc/complaints';
import { codedErrors, DomainError, type DomainErrorKind, type DomainErrorOptions } from '@mc/errors';
import { EscalationError, IMMIGRATION_RISK_WARNING, ImmigrationRiskNotConfirmedError } from '@mc/escalations';
import { RecordNotFoundError, SecurityError } from '@mc/security';
import { WorkerError } from '@mc/migrants';
import { DOMAIN_ERROR_STATUS } from './domain-problem.js';
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

/** One error of every kind, for the tests below. */
class AnyKindError extends DomainError {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    options?: DomainErrorOptions,
  ) {
    super(message, options);
  }
  readonly code = 'test.any-kind';
}

/** What the libraries threw before (the HTTP exception of each kind), with the same message. */
const HTTP_EQUIVALENT: Record<DomainErrorKind, (body: string | Record<string, unknown>) => HttpException> = {
  invalid: (b) => new BadRequestException(b),
  unprocessable: (b) => new UnprocessableEntityException(b),
  'not-found': (b) => new NotFoundException(b),
  conflict: (b) => new ConflictException(b),
  gone: (b) => new GoneException(b),
  unauthenticated: (b) => new UnauthorizedException(b),
  forbidden: (b) => new ForbiddenException(b),
  precondition: (b) => new PreconditionFailedException(b),
  'too-large': (b) => new PayloadTooLargeException(b),
  'unsupported-type': (b) => new UnsupportedMediaTypeException(b),
  integrity: (b) => new InternalServerErrorException(b),
};

const KINDS = Object.keys(HTTP_EQUIVALENT) as DomainErrorKind[];

describe('DomainError → problem+json', () => {
  it('maps each kind to its status', () => {
    expect(DOMAIN_ERROR_STATUS).toEqual({
      invalid: 400,
      unprocessable: 422,
      'not-found': 404,
      conflict: 409,
      gone: 410,
      unauthenticated: 401,
      forbidden: 403,
      precondition: 412,
      'too-large': 413,
      'unsupported-type': 415,
      integrity: 500,
    });
    for (const kind of KINDS) {
      const sent = render(new AnyKindError(kind, 'Something about the record'));
      expect(sent.status).toBe(DOMAIN_ERROR_STATUS[kind]);
      expect(sent.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    }
  });

  it('renders the body the HTTP exception of the same kind rendered, message only', () => {
    for (const kind of KINDS) {
      const before = render(HTTP_EQUIVALENT[kind]('The cursor is not valid'));
      const after = render(new AnyKindError(kind, 'The cursor is not valid'));
      expect(after).toEqual(before);
      expect(after.body).toEqual({
        type: 'about:blank',
        title: before.body!.title,
        status: DOMAIN_ERROR_STATUS[kind],
        detail: 'The cursor is not valid',
        instance: '/api/v1/x',
      });
    }
  });

  it('renders details as extension members and fields as `errors`, in the old order', () => {
    const before = render(
      new ConflictException({ message: 'A done step cannot become open', allowed: ['failed'], currentVersion: 3 }),
    );
    const after = render(
      new AnyKindError('conflict', 'A done step cannot become open', {
        details: { allowed: ['failed'], currentVersion: 3 },
      }),
    );
    expect(after).toEqual(before);
    expect(JSON.stringify(after.body)).toBe(JSON.stringify(before.body));

    const fields = [{ field: 'dueAt', message: 'Out of range' }];
    const invalidBefore = render(new BadRequestException({ message: 'dueAt must be a date', errors: fields }));
    const invalidAfter = render(new AnyKindError('invalid', 'dueAt must be a date', { fields }));
    expect(JSON.stringify(invalidAfter.body)).toBe(JSON.stringify(invalidBefore.body));
    expect(invalidAfter.body).toMatchObject({ status: 400, detail: 'dueAt must be a date', errors: fields });
  });

  it('keeps its own problem type in the first place, as before', () => {
    const legacy = new UnprocessableEntityException({
      message: 'A labour inspectorate step for this complaint needs an explicit immigration-risk confirmation',
      type: 'urn:mc:problem:immigration-risk',
      warning: IMMIGRATION_RISK_WARNING,
      workersAtRisk: 2,
      errors: [{ field: 'confirmImmigrationRisk', message: 'Must be true for this complaint' }],
    });
    const error = new ImmigrationRiskNotConfirmedError(2);
    const after = render(error);
    expect(after.status).toBe(422);
    expect(Object.keys(after.body!)).toEqual([
      'type',
      'title',
      'status',
      'detail',
      'instance',
      'warning',
      'workersAtRisk',
      'errors',
    ]);
    expect(after.body).toMatchObject({ type: 'urn:mc:problem:immigration-risk', workersAtRisk: 2 });
    expect(after.body).toEqual(render(legacy).body);
  });

  it('never sends the code, the cause or the stack', () => {
    const cause = new Error('secret value from the database');
    const sent = render(new WorkerError('worker.integrity-failure', 'The record failed its check', { cause }));
    expect(sent.status).toBe(500);
    expect(sent.body).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'The record failed its check',
      instance: '/api/v1/x',
    });
  });
});

describe('library errors', () => {
  it('carry a stable code whose kind is fixed by the library’s table', () => {
    const stale = new EscalationError('step.stale-version', 'The step was changed by someone else', {
      details: { currentVersion: 4 },
    });
    expect(stale).toBeInstanceOf(DomainError);
    expect(stale).toBeInstanceOf(Error);
    expect(stale).toMatchObject({ code: 'step.stale-version', kind: 'conflict', name: 'EscalationError' });
    expect(stale.details).toEqual({ currentVersion: 4 });
    expect(new ImmigrationRiskNotConfirmedError(1)).toMatchObject({
      code: 'step.immigration-risk-not-confirmed',
      kind: 'unprocessable',
      name: 'ImmigrationRiskNotConfirmedError',
    });
    expect(new ComplaintError('attachment.erased', 'gone')).toMatchObject({ kind: 'gone' });
    expect(new WorkerError('worker.erased', 'erased')).toMatchObject({ kind: 'conflict' });
  });

  it('name the entity in a record-not-found code', () => {
    expect(new RecordNotFoundError('Step')).toMatchObject({ code: 'step.not-found', kind: 'not-found' });
    expect(new RecordNotFoundError('Queue probe')).toMatchObject({ code: 'queue-probe.not-found' });
    expect(render(new RecordNotFoundError('Step')).body).toEqual(render(new NotFoundException('Step not found')).body);
  });

  it('answer a refused route as the bare Nest exceptions did', () => {
    expect(render(new SecurityError('access.no-rule', 'Forbidden'))).toEqual(render(new ForbiddenException()));
    expect(render(new SecurityError('access.user-required', 'Unauthorized'))).toEqual(
      render(new UnauthorizedException()),
    );
  });

  it('let a library declare its own table', () => {
    class TestError extends codedErrors({ 'test.gone': 'gone', 'test.bad': 'invalid' }) {}
    expect(new TestError('test.gone', 'x').kind).toBe('gone');
    expect(new TestError('test.bad', 'x', { fields: [{ field: 'a', message: 'b' }] }).fields).toEqual([
      { field: 'a', message: 'b' },
    ]);
  });
});
