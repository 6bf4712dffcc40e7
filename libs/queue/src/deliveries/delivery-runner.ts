import { Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';

/** Why a send failed, as a short code that is safe to store and log (no addresses, no texts). */
export interface SendFailure {
  code: string;
  /** false when retrying cannot help (the other side refused the message or the recipient for good). */
  retryable: boolean;
}

/** Codes end up in `last_error` and logs: keep them to letters, digits and `_`. */
export function failureCode(prefix: string, detail: string | number | undefined): string {
  const clean = String(detail ?? 'error')
    .replace(/[^A-Za-z0-9_]/g, '_')
    .slice(0, 40);
  return `${prefix}_${clean || 'error'}`;
}

/** A send that failed and will be retried; the message holds ids and a code only (it lands in dead_letters). */
export class DeliveryFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeliveryFailedError';
  }
}

/** Whether BullMQ will give up after this attempt (`attemptsMade` counts the earlier failures). */
export function isLastAttempt(job: Pick<Job, 'attemptsMade' | 'opts'>): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

/** One delivery row as its kind reads it at send time. Only a `pending` one is sent. */
export interface DeliveryTarget {
  readonly deliveryId: string;
  readonly status: string;
}

/**
 * One kind of outgoing delivery (an e-mail, a Telegram message, later a partner's webhook): where
 * its rows are, where each goes and how to send it. Every state write must be guarded by
 * `pending`, so that a repeated or late job never moves a finished delivery.
 */
export interface DeliveryKind<T extends DeliveryTarget> {
  /** `email`, `telegram`, `webhook`: in logs, error messages and the `<kind>_not_configured` code. */
  readonly kind: string;
  /** What the job's id names (`notification`), and its log field (`notificationId`). */
  readonly subject: { readonly name: string; readonly logField: string };
  /** The delivery of the job's subject, or null when there is none (and never will be). */
  find(subjectId: string): Promise<T | null>;
  /** Where this delivery goes, or why it goes nowhere (`user_inactive`): then it is skipped. */
  destinationOf(target: T): { address: string } | { skip: string };
  /** Whether this process has what sending needs (a server, a token). */
  isConfigured(): boolean;
  send(target: T, address: string): Promise<void>;
  classify(error: unknown): SendFailure;
  markSkipped(target: T, reason: string): Promise<unknown>;
  recordFailure(target: T, code: string, final: boolean): Promise<unknown>;
  markSent(target: T): Promise<unknown>;
}

/**
 * One delivery job, of any kind: read the row, check its state, send, record the outcome. Only a
 * `pending` delivery is sent, and every state write is guarded by `pending`, so running a job twice
 * sends once. A failure is recorded as a code and rethrown so BullMQ retries with the job's
 * backoff; when retrying cannot help (or this was the last attempt) the delivery becomes `failed`.
 */
@Injectable()
export class DeliveryRunner {
  private readonly logger = new Logger(DeliveryRunner.name);

  async run<T extends DeliveryTarget>(job: Job, subjectId: string, delivery: DeliveryKind<T>): Promise<void> {
    const { kind, subject } = delivery;
    const target = await delivery.find(subjectId);
    // The delivery row commits with the outbox row that caused this job: it will never appear.
    if (!target) throw new UnrecoverableError(`No ${kind} delivery for ${subject.name} ${subjectId}`);
    const ids = { [subject.logField]: subjectId, deliveryId: target.deliveryId, channel: kind, jobId: job.id };
    if (target.status !== 'pending') {
      this.logger.log({ ...ids, status: target.status }, 'delivery already finished');
      return;
    }
    const destination = delivery.destinationOf(target);
    if ('skip' in destination) {
      await delivery.markSkipped(target, destination.skip);
      this.logger.log({ ...ids, outcome: 'skipped', reason: destination.skip }, 'delivery skipped');
      return;
    }
    if (!delivery.isConfigured()) {
      // The API queued it with the channel configured; this worker lacks the setting.
      await delivery.recordFailure(target, `${kind}_not_configured`, true);
      throw new UnrecoverableError(`${kind} delivery ${target.deliveryId}: channel not configured on this worker`);
    }

    try {
      await delivery.send(target, destination.address);
    } catch (error) {
      const failure = delivery.classify(error);
      const final = !failure.retryable || isLastAttempt(job);
      await delivery.recordFailure(target, failure.code, final);
      this.logger.warn(
        { ...ids, outcome: final ? 'failed' : 'retry', code: failure.code, attempt: job.attemptsMade + 1 },
        'delivery attempt failed',
      );
      const message = `${kind} delivery ${target.deliveryId} failed: ${failure.code}`;
      throw failure.retryable ? new DeliveryFailedError(message) : new UnrecoverableError(message);
    }
    await delivery.markSent(target);
    this.logger.log({ ...ids, outcome: 'sent', attempt: job.attemptsMade + 1 }, 'delivery sent');
  }
}
