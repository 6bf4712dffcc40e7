import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import {
  MAX_REMINDER_OFFSETS,
  REMINDER_OFFSET_PATTERN,
  REMINDER_STATUSES,
  STEP_STATUSES,
  STEP_TYPES,
  type ReminderStatus,
  type StepReminderView,
  type StepStatus,
  type StepType,
  type StepView,
  type UpcomingStep,
} from '@mc/escalations';
import { PageQueryDto } from '../http/pagination.dto.js';

/** An instant as api.md wants it: RFC 3339 with a time and a zone (`2026-12-01T09:00:00Z`). */
function IsRfc3339Instant(): PropertyDecorator {
  const message = 'dueAt must be an RFC 3339 instant with a time zone, e.g. 2026-12-01T09:00:00Z';
  return applyDecorators(
    IsISO8601({ strict: true, strictSeparator: true }, { message }),
    Matches(/T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/, { message }),
  );
}

/**
 * `reminderOffsets` of create and update: absent keeps the default (or the current list); null is
 * not a list. The service checks the lengths (at most a year, no two alike).
 */
function ReminderOffsetsField(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      type: [String],
      example: ['P7D', 'P1D', 'PT0S'],
      description:
        'ISO 8601 durations before dueAt (weeks, days, hours, minutes, seconds): default ["P7D","P2D","PT0S"], ' +
        'for a legal deadline ["P14D","P7D","P2D","P1D"]',
    }),
    ValidateIf((_, v) => v !== undefined),
    IsArray(),
    ArrayMaxSize(MAX_REMINDER_OFFSETS),
    IsString({ each: true }),
    Matches(REMINDER_OFFSET_PATTERN, {
      each: true,
      message: 'each reminder offset must be an ISO 8601 duration such as P7D or PT0S',
    }),
  );
}

export class CreateStepDto {
  @ApiProperty({ enum: STEP_TYPES })
  @IsIn(STEP_TYPES)
  type!: StepType;

  @ApiPropertyOptional({ maxLength: 500, description: 'Stored encrypted' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  title?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'An internal target; not with deadlineRuleId' })
  @IsOptional()
  @IsRfc3339Instant()
  dueAt?: string;

  @ApiPropertyOptional({
    example: 'de.kschg.4',
    description: "A legal deadline: the due date follows from the complaint's key date (GET /deadlines/rules)",
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  deadlineRuleId?: string;

  @ReminderOffsetsField()
  reminderOffsets?: string[];

  @ApiPropertyOptional({ format: 'uuid', description: 'An active caseworker, coordinator or admin' })
  @IsOptional()
  @IsUUID()
  assigneeId?: string;

  @ApiPropertyOptional({
    description: 'Required (true) for a labour_inspectorate step when a worker is undocumented or of unknown status',
  })
  @IsOptional()
  @IsBoolean()
  confirmImmigrationRisk?: boolean;
}

export class UpdateStepDto {
  @ApiPropertyOptional({ enum: STEP_STATUSES, description: 'done, skipped and failed cancel pending reminders' })
  // Absent is fine, null is not a status (IsOptional would let null through to the service).
  @ValidateIf((_, v) => v !== undefined)
  @IsIn(STEP_STATUSES)
  status?: StepStatus;

  @ApiPropertyOptional({ maxLength: 500, nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  title?: string | null;

  @ApiPropertyOptional({ maxLength: 5000, nullable: true, description: 'Stored encrypted' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  outcome?: string | null;

  @ApiPropertyOptional({
    format: 'date-time',
    nullable: true,
    description: 'Internal targets only (422 on a legal step)',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsRfc3339Instant()
  dueAt?: string | null;

  @ReminderOffsetsField()
  reminderOffsets?: string[];

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  assigneeId?: string | null;

  @ApiPropertyOptional({ description: 'Expected version (or send If-Match)' })
  @ValidateIf((_, v) => v !== undefined)
  @IsInt()
  @Min(1)
  version?: number;
}

export class ApplyPlaybookDto {
  @ApiPropertyOptional({ description: 'Confirms the immigration-risk warning of the playbook’s inspectorate step' })
  @IsOptional()
  @IsBoolean()
  confirmImmigrationRisk?: boolean;
}

export class StepReminderDto {
  @ApiProperty({ example: 'P7D' }) offset!: string;
  @ApiProperty({ format: 'date-time' }) fireAt!: string;
  @ApiProperty({ enum: REMINDER_STATUSES }) status!: ReminderStatus;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) sentAt!: string | null;

  static from(r: StepReminderView): StepReminderDto {
    return {
      offset: r.offset,
      fireAt: r.fireAt.toISOString(),
      status: r.status,
      sentAt: r.sentAt?.toISOString() ?? null,
    };
  }
}

export class StepDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) complaintId!: string;
  @ApiProperty() position!: number;
  @ApiProperty({ enum: STEP_TYPES }) type!: StepType;
  @ApiProperty({ enum: STEP_STATUSES }) status!: StepStatus;
  @ApiProperty({ nullable: true, type: String }) title!: string | null;
  @ApiProperty({ nullable: true, type: String }) outcome!: string | null;
  @ApiProperty({ description: 'A statutory deadline (true) or an internal target (false)' }) legal!: boolean;
  @ApiProperty({ nullable: true, type: String }) deadlineRuleId!: string | null;
  @ApiProperty({ nullable: true, type: Number }) deadlineRuleVersion!: number | null;
  @ApiProperty({ nullable: true, type: String, format: 'date', description: 'Last day of a legal deadline' })
  dueDate!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) dueAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) overdueAt!: string | null;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'The key date the complaint lacks for this rule' })
  awaitingKeyDate!: string | null;
  @ApiProperty({ type: [String] }) reminderOffsets!: string[];
  @ApiProperty({ type: [StepReminderDto] }) reminders!: StepReminderDto[];
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) assigneeId!: string | null;
  @ApiProperty({ nullable: true, type: String }) playbook!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) immigrationRiskConfirmedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) immigrationRiskConfirmedBy!: string | null;
  @ApiProperty({ nullable: true, type: String }) disclaimer!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) completedAt!: string | null;
  @ApiProperty() version!: number;

  static from(s: StepView): StepDto {
    return {
      ...s,
      dueAt: s.dueAt?.toISOString() ?? null,
      overdueAt: s.overdueAt?.toISOString() ?? null,
      reminders: s.reminders.map((r) => StepReminderDto.from(r)),
      immigrationRiskConfirmedAt: s.immigrationRiskConfirmedAt?.toISOString() ?? null,
      createdAt: s.createdAt.toISOString(),
      updatedAt: s.updatedAt.toISOString(),
      completedAt: s.completedAt?.toISOString() ?? null,
    };
  }
}

export class StepListDto {
  @ApiProperty({ type: [StepDto] }) items!: StepDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Cursor of the next page, null on the last' })
  nextCursor!: string | null;
}

export class PlaybookResultDto {
  @ApiProperty({ type: [StepDto] }) steps!: StepDto[];
}

export class UpcomingQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    example: 'P14D',
    description: 'Window ahead, ISO 8601 days or weeks (P1D to P366D); default P14D',
  })
  @IsOptional()
  @Matches(/^P(\d{1,3}D|\d{1,2}W)$/, { message: 'within must be an ISO 8601 duration in days or weeks, e.g. P14D' })
  within?: string;

  @ApiPropertyOptional({ description: 'Only my steps (default true); false: all steps of complaints I may see' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  mine?: boolean;
}

export class UpcomingStepDto {
  @ApiProperty({ format: 'uuid' }) stepId!: string;
  @ApiProperty({ format: 'uuid' }) complaintId!: string;
  @ApiProperty({ example: 'MC-2026-00042' }) reference!: string;
  @ApiProperty({ enum: STEP_TYPES }) type!: StepType;
  @ApiProperty({ enum: STEP_STATUSES }) status!: StepStatus;
  @ApiProperty() legal!: boolean;
  @ApiProperty({ nullable: true, type: String }) deadlineRuleId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) dueDate!: string | null;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) assigneeId!: string | null;

  static from(s: UpcomingStep): UpcomingStepDto {
    return { ...s, dueAt: s.dueAt.toISOString() };
  }
}

export class UpcomingListDto {
  @ApiProperty({ type: [UpcomingStepDto], description: 'Overdue and due within the window, soonest first' })
  items!: UpcomingStepDto[];

  @ApiProperty({ nullable: true, type: String, description: 'Cursor of the next page, null on the last' })
  nextCursor!: string | null;
}
