import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { newId } from '@mc/database';
import { JobProducer } from '../job-producer.js';
import { MAX_PROBE_HOLD_MS, QueueProbe } from './queue-probe.entity.js';

export function probeJobId(probeId: string): string {
  return `probe-${probeId}`;
}

@Injectable()
export class QueueProbeService {
  constructor(
    @InjectRepository(QueueProbe) private readonly probes: Repository<QueueProbe>,
    private readonly producer: JobProducer,
  ) {}

  /**
   * Writes the probe row, then enqueues its job. If Redis refuses the job the row is removed again
   * and the error surfaces: an operator's probe must fail loudly, not sit `queued` forever.
   */
  async create(input: { holdMs?: number; requestedBy?: string | null }): Promise<QueueProbe> {
    const holdMs = input.holdMs ?? 0;
    if (!Number.isInteger(holdMs) || holdMs < 0 || holdMs > MAX_PROBE_HOLD_MS) {
      throw new RangeError(`holdMs must be an integer from 0 to ${MAX_PROBE_HOLD_MS}`);
    }
    const probe = this.probes.create({
      id: newId(),
      status: 'queued',
      holdMs,
      requestedBy: input.requestedBy ?? null,
      createdAt: new Date(),
      processedAt: null,
    });
    await this.probes.insert(probe);
    try {
      await this.producer.enqueue('queue.probe', { probeId: probe.id }, { jobId: probeJobId(probe.id) });
    } catch (error) {
      await this.probes.delete({ id: probe.id }).catch(() => undefined);
      throw error;
    }
    return probe;
  }

  find(id: string): Promise<QueueProbe | null> {
    return this.probes.findOneBy({ id });
  }

  /** Marks a queued probe done; false when it was already done (a repeated run changes nothing). */
  async markDone(id: string): Promise<boolean> {
    const result = await this.probes
      .createQueryBuilder()
      .update(QueueProbe)
      .set({ status: 'done', processedAt: () => 'now()' })
      .where('id = :id AND status = :queued', { id, queued: 'queued' })
      .execute();
    return (result.affected ?? 0) > 0;
  }
}
