import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { MAX_PROBE_HOLD_MS, QUEUE_PROBE_STATUSES, type QueueProbe, type QueueProbeStatus } from '@mc/queue';

export class CreateQueueProbeDto {
  @ApiPropertyOptional({
    minimum: 0,
    maximum: MAX_PROBE_HOLD_MS,
    default: 0,
    description: 'How long the worker holds the job before finishing it, in ms (for shutdown drills)',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_PROBE_HOLD_MS)
  holdMs?: number;
}

export class QueueProbeAcceptedDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: QUEUE_PROBE_STATUSES }) status!: QueueProbeStatus;
}

export class QueueProbeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: QUEUE_PROBE_STATUSES }) status!: QueueProbeStatus;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) processedAt!: string | null;

  static from(probe: QueueProbe): QueueProbeDto {
    return {
      id: probe.id,
      status: probe.status,
      createdAt: probe.createdAt.toISOString(),
      processedAt: probe.processedAt ? probe.processedAt.toISOString() : null,
    };
  }
}
