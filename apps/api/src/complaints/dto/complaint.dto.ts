import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_OUTCOMES,
  COMPLAINT_PRIORITIES,
  COMPLAINT_SOURCES,
  COMPLAINT_STATUSES,
  NOTE_VISIBILITIES,
  type AttachmentView,
  type ComplaintCategory,
  type ComplaintDeadlineView,
  type ComplaintOutcome,
  type ComplaintPriority,
  type ComplaintSource,
  type ComplaintStatus,
  type ComplaintView,
  type NoteView,
  type NoteVisibility,
} from '@mc/complaints';
import type { TimelineEvent } from '@mc/complaints';
import { DEADLINE_TRIGGERS } from '@mc/deadlines';
import type { DuplicateHint, DuplicateHintReason } from '@mc/intake';
import { KeyDatesDto } from './key-dates.dto.js';
import { MoneyDto } from './money.dto.js';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export class ComplaintClockDto {
  @ApiProperty() paused!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) pausedAt!: string | null;
  @ApiProperty({ description: 'Seconds of finished pauses' }) pausedSeconds!: number;
}

/** One day the end of a stored deadline's period rolled past, and why. */
export class ComplaintDeadlineRolledOverDayDto {
  @ApiProperty({ format: 'date', example: '2027-05-05' }) date!: string;
  @ApiProperty({
    example: '5 May, Algemene termijnenwet art. 3',
    description: '`Saturday`, `Sunday`, or the holiday and the list it comes from',
  })
  reason!: string;
}

/**
 * A statutory deadline that follows from the key dates, the country of work and the region,
 * stored with the rule and holiday-list versions it was computed with (a new version of either
 * recomputes it, and the timeline says so).
 */
export class ComplaintDeadlineDto {
  @ApiProperty({ example: 'de.kschg.4' }) ruleId!: string;
  @ApiProperty({ example: 1, description: 'The rule version the deadline was computed with' }) ruleVersion!: number;
  @ApiProperty({ enum: DEADLINE_TRIGGERS, example: 'dismissal_notice_received' }) trigger!: string;
  @ApiProperty({ format: 'date', example: '2026-03-13', description: 'The trigger event (not counted)' })
  eventDate!: string;
  @ApiProperty({ example: 'P3W', description: 'ISO 8601 period applied' }) period!: string;
  @ApiProperty({ format: 'date', example: '2026-04-07' }) dueDate!: string;
  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    example: '2026-04-03',
    description: 'The end of the period before it rolled past a weekend or public holiday; null when it did not roll',
  })
  rolledFrom!: string | null;
  @ApiProperty({
    type: [ComplaintDeadlineRolledOverDayDto],
    description: 'Each day the end rolled past, in order, with its reason; empty when it did not roll',
  })
  rolledOver!: ComplaintDeadlineRolledOverDayDto[];
  @ApiProperty({
    type: String,
    nullable: true,
    example:
      'rolled over Wed 5 May (5 May, Algemene termijnenwet art. 3), Thu 6 May (Ascension Day, Algemene termijnenwet art. 3) to Fri 7 May 2027',
    description: '`rolledOver` in one line, for people; null when it did not roll',
  })
  rolledOverText!: string | null;
  @ApiProperty({
    example: 'DE-NW',
    description: 'Holiday calendar used; the country code when only national holidays counted',
  })
  calendar!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'nl.atw.3@1',
    description:
      'The holiday list version the date was computed with; null for deadlines stored before lists were versioned',
  })
  calendarVersionKey!: string | null;
  @ApiProperty({ example: '§4 KSchG; §§187, 188, 193 BGB' }) source!: string;
  @ApiProperty({ description: 'A planning aid: a lawyer or counselling centre must confirm the deadline' })
  disclaimer!: string;

  static from(deadline: ComplaintDeadlineView): ComplaintDeadlineDto {
    return {
      ruleId: deadline.ruleId,
      ruleVersion: deadline.ruleVersion,
      trigger: deadline.trigger,
      eventDate: deadline.eventDate,
      period: deadline.period,
      dueDate: deadline.dueDate,
      rolledFrom: deadline.rolledFrom,
      rolledOver: deadline.rolledOver.map(({ date, reason }) => ({ date, reason })),
      rolledOverText: deadline.rolledOverText,
      calendar: deadline.calendar,
      calendarVersionKey: deadline.calendarVersionKey,
      source: deadline.source,
      disclaimer: deadline.disclaimer,
    };
  }
}

export class DuplicateHintDto {
  @ApiProperty({ format: 'uuid' }) complaintId!: string;
  @ApiProperty({ example: 'MC-2026-00041' }) reference!: string;
  @ApiProperty({
    enum: ['phone', 'email', 'telegram', 'same_employer'],
    isArray: true,
    description: 'Same contact of a worker (exact, by blind index), or the same employer within 30 days',
  })
  reasons!: DuplicateHintReason[];
}

export class ComplaintDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'MC-2026-00001' }) reference!: string;
  @ApiProperty({ enum: COMPLAINT_STATUSES }) status!: ComplaintStatus;
  @ApiProperty({ enum: COMPLAINT_OUTCOMES, nullable: true }) outcome!: ComplaintOutcome | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why the complaint has its status (reject, reopen)' })
  statusReason!: string | null;
  @ApiProperty({ enum: COMPLAINT_CATEGORIES, isArray: true }) categories!: ComplaintCategory[];
  @ApiProperty() summary!: string;
  @ApiProperty({ type: String, nullable: true }) facts!: string | null;
  @ApiProperty({ type: [String], format: 'uuid' }) workerIds!: string[];
  @ApiProperty({ format: 'uuid' }) employerId!: string;
  @ApiProperty({ type: [String], format: 'uuid' }) intermediaryEmployerIds!: string[];
  @ApiProperty({ example: 'DE' }) countryOfWork!: string;
  @ApiProperty({ type: String, nullable: true, example: 'DE-NW' }) region!: string | null;
  @ApiProperty({ type: String, nullable: true }) city!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) employmentStart!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) employmentEnd!: string | null;
  @ApiProperty({ type: KeyDatesDto }) keyDates!: KeyDatesDto;
  @ApiProperty({ type: MoneyDto, nullable: true }) amountClaimed!: MoneyDto | null;
  @ApiProperty({ type: MoneyDto, nullable: true }) amountRecovered!: MoneyDto | null;
  @ApiProperty() workersAffected!: number;
  @ApiProperty({ enum: COMPLAINT_PRIORITIES }) priority!: ComplaintPriority;
  @ApiProperty({ enum: COMPLAINT_SOURCES }) source!: ComplaintSource;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) assigneeId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) createdBy!: string | null;
  @ApiProperty({ type: ComplaintClockDto }) clock!: ComplaintClockDto;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) resolvedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({
    type: [ComplaintDeadlineDto],
    description: 'Statutory deadlines computed from keyDates, employmentEnd, countryOfWork and region; soonest first',
  })
  deadlines!: ComplaintDeadlineDto[];
  @ApiPropertyOptional({
    type: [DuplicateHintDto],
    description:
      'Triage hints, on complaints migrants filed themselves (intake page, bot) while new or in triage: other ' +
      'complaints you may open with the same worker contact, or against the same employer within 30 days',
  })
  duplicateHints?: DuplicateHintDto[];

  static from(view: ComplaintView, duplicateHints?: DuplicateHint[]): ComplaintDto {
    return {
      id: view.id,
      reference: view.reference,
      status: view.status,
      outcome: view.outcome,
      statusReason: view.statusReason,
      categories: view.categories,
      summary: view.summary,
      facts: view.facts,
      workerIds: view.workerIds,
      employerId: view.employerId,
      intermediaryEmployerIds: view.intermediaryEmployerIds,
      countryOfWork: view.countryOfWork,
      region: view.region,
      city: view.city,
      employmentStart: view.employmentStart,
      employmentEnd: view.employmentEnd,
      keyDates: { ...view.keyDates },
      amountClaimed: MoneyDto.from(view.amountClaimed),
      amountRecovered: MoneyDto.from(view.amountRecovered),
      workersAffected: view.workersAffected,
      priority: view.priority,
      source: view.source,
      assigneeId: view.assigneeId,
      createdBy: view.createdBy,
      clock: { paused: view.clock.paused, pausedAt: iso(view.clock.pausedAt), pausedSeconds: view.clock.pausedSeconds },
      createdAt: view.createdAt.toISOString(),
      updatedAt: view.updatedAt.toISOString(),
      resolvedAt: iso(view.resolvedAt),
      closedAt: iso(view.closedAt),
      version: view.version,
      deadlines: view.deadlines.map((deadline) => ComplaintDeadlineDto.from(deadline)),
      ...(duplicateHints !== undefined ? { duplicateHints } : {}),
    };
  }
}

export class ComplaintListDto {
  @ApiProperty({ type: [ComplaintDto] }) items!: ComplaintDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class NoteDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) complaintId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) authorId!: string | null;
  @ApiProperty({ enum: NOTE_VISIBILITIES }) visibility!: NoteVisibility;
  @ApiProperty({ description: 'A message the worker sent from the public status page (no author; visibility worker)' })
  fromWorker!: boolean;
  @ApiProperty() body!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(note: NoteView): NoteDto {
    return { ...note, createdAt: note.createdAt.toISOString() };
  }
}

export class NoteListDto {
  @ApiProperty({ type: [NoteDto] }) items!: NoteDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class TimelineEventDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'Position in the complaint history' }) seq!: number;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ enum: ['user', 'system', 'public', 'partner', 'bot'] }) actorType!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) actorId!: string | null;
  @ApiProperty({ example: 'status.changed' }) type!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Ids, field names and statuses only' })
  data!: Record<string, unknown>;

  static from(event: TimelineEvent): TimelineEventDto {
    return {
      id: event.id,
      seq: Number(event.seq),
      at: event.at.toISOString(),
      actorType: event.actorType,
      actorId: event.actorId,
      type: event.type,
      data: event.data,
    };
  }
}

export class TimelineDto {
  @ApiProperty({ type: [TimelineEventDto] }) items!: TimelineEventDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class AttachmentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) complaintId!: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: "Whose document it is; it is encrypted under that worker's key (null: uploaded before owners)",
  })
  workerId!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Null when the worker it belongs to was erased (the document can no longer be read)',
  })
  fileName!: string | null;
  @ApiProperty({ example: 'image/png', description: 'Sniffed from the content' }) contentType!: string;
  @ApiProperty() sizeBytes!: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) uploadedBy!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(attachment: AttachmentView): AttachmentDto {
    return { ...attachment, createdAt: attachment.createdAt.toISOString() };
  }
}

export class AttachmentListDto {
  @ApiProperty({ type: [AttachmentDto] }) items!: AttachmentDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
