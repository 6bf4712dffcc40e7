import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  DEADLINE_COUNTRIES,
  DEADLINE_TRIGGERS,
  type ComputedDeadline,
  type DeadlineCounting,
  type DeadlineRule,
  type DeadlineTrigger,
  type RolledOverDay,
  type RuleCalendar,
} from '@mc/deadlines';

/** One holiday calendar a rule may be computed with, and the regions where it applies. */
export class DeadlineRuleCalendarDto {
  @ApiProperty({ example: 'nl.atw.3', description: 'The holiday list: a statute’s own, or `date-holidays`' })
  calendarId!: string;
  @ApiProperty({ example: 1, description: 'A change of the list is a new version' }) version!: number;
  @ApiProperty({ example: 'Algemene termijnenwet art. 3', description: 'As roll-over reasons name the list' })
  name!: string;
  @ApiProperty({ example: 'Algemene termijnenwet art. 3 lid 1 (Stb. 1964, 314)', description: 'Legal or data source' })
  source!: string;
  @ApiProperty({
    type: [String],
    nullable: true,
    example: ['FR-57', 'FR-67', 'FR-68'],
    description: 'The regions (ISO 3166-2) it applies to; null: the rest of the country, or all of it',
  })
  regions!: string[] | null;
  @ApiPropertyOptional({
    example: 'Art. 3 lid 2 (Good Friday) and days equated under art. 3 lid 3 are not counted.',
    description: 'What a caseworker must know about the list',
  })
  note?: string;

  static from(calendar: RuleCalendar): DeadlineRuleCalendarDto {
    const dto = Object.assign(new DeadlineRuleCalendarDto(), {
      calendarId: calendar.calendarId,
      version: calendar.version,
      name: calendar.name,
      source: calendar.source,
      // The book's list is readonly and shared; a copy so the DTO's mutable array never aliases it.
      regions: calendar.regions === null ? null : [...calendar.regions],
    });
    if (calendar.note !== undefined) dto.note = calendar.note;
    return dto;
  }
}

/** One day the end of the period rolled past. */
export class RolledOverDayDto {
  @ApiProperty({ format: 'date', example: '2027-05-05' }) date!: string;
  @ApiProperty({
    example: '5 May, Algemene termijnenwet art. 3',
    description: '`Saturday`, `Sunday`, or the holiday’s name and the list it comes from',
  })
  reason!: string;

  static from(day: RolledOverDay): RolledOverDayDto {
    return Object.assign(new RolledOverDayDto(), { date: day.date, reason: day.reason });
  }
}

export class DeadlineRuleDto {
  @ApiProperty({ example: 'de.kschg.4' }) id!: string;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ enum: DEADLINE_COUNTRIES, example: 'DE' }) country!: string;
  @ApiProperty({ example: 'contest a dismissal (Kündigungsschutzklage)' }) claim!: string;
  @ApiProperty({ enum: DEADLINE_TRIGGERS }) trigger!: DeadlineTrigger;
  @ApiProperty({ example: 'P3W', description: 'ISO 8601 duration' }) period!: string;
  @ApiProperty({ enum: ['calendar', 'from_year_end'] }) counting!: DeadlineCounting;
  @ApiProperty({ enum: ['next_working_day'] }) rollOver!: string;
  @ApiProperty({ enum: ['country+region'] }) calendar!: string;
  @ApiProperty({
    type: [DeadlineRuleCalendarDto],
    description:
      'The holiday calendars the rule counts with: first the one of the whole country (or of the rest of it), then regional ones',
  })
  calendars!: DeadlineRuleCalendarDto[];
  @ApiProperty({ description: 'Whether a complaint may set its own period' }) periodOverridable!: boolean;
  @ApiProperty({ example: '§4 KSchG; §§187, 188, 193 BGB' }) source!: string;
  @ApiProperty({ format: 'date', example: '2004-01-01' }) validFrom!: string;
  @ApiPropertyOptional() note?: string;

  /** @param calendars the rule's calendars, from `DeadlineCalendarBook.forRule` */
  static from(rule: DeadlineRule, calendars: readonly RuleCalendar[]): DeadlineRuleDto {
    const dto = new DeadlineRuleDto();
    Object.assign(dto, {
      id: rule.id,
      version: rule.version,
      country: rule.country,
      claim: rule.claim,
      trigger: rule.trigger,
      period: rule.period,
      counting: rule.counting,
      rollOver: rule.rollOver,
      calendar: rule.calendar,
      calendars: calendars.map((c) => DeadlineRuleCalendarDto.from(c)),
      periodOverridable: rule.periodOverridable,
      source: rule.source,
      validFrom: rule.validFrom,
    });
    if (rule.note !== undefined) dto.note = rule.note;
    return dto;
  }
}

export class DeadlineRuleListDto {
  @ApiProperty({ type: [DeadlineRuleDto] }) items!: DeadlineRuleDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Always null: the table is returned whole' })
  nextCursor!: null;
}

export class ComputedDeadlineDto {
  @ApiProperty({ example: 'de.kschg.4' }) ruleId!: string;
  @ApiProperty({ example: 1 }) ruleVersion!: number;
  @ApiProperty({ format: 'date', example: '2026-03-13' }) eventDate!: string;
  @ApiProperty({ example: 'P3W', description: 'The period applied (the rule’s or the override)' }) period!: string;
  @ApiProperty({ format: 'date', example: '2026-04-07' }) dueDate!: string;
  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    example: '2026-04-03',
    description: 'The end of the period before it rolled past a weekend or public holiday',
  })
  rolledFrom!: string | null;
  @ApiProperty({
    type: [RolledOverDayDto],
    example: [
      { date: '2026-04-03', reason: 'Good Friday, public holidays of DE-NW (date-holidays)' },
      { date: '2026-04-04', reason: 'Saturday' },
      { date: '2026-04-05', reason: 'Sunday' },
      { date: '2026-04-06', reason: 'Easter Monday, public holidays of DE-NW (date-holidays)' },
    ],
    description: 'Each day the end rolled past, in order, with its reason; empty when nothing moved',
  })
  rolledOver!: RolledOverDayDto[];
  @ApiProperty({
    example: 'DE-NW',
    description: 'Holiday calendar used; the country code when only national holidays counted',
  })
  calendar!: string;
  @ApiProperty({
    example: 'date-holidays',
    description: 'The holiday list of that place: a statute’s own (`nl.atw.3`, `fr.alsace-moselle`) or `date-holidays`',
  })
  calendarId!: string;
  @ApiProperty({ example: 1, description: 'The version of that list, kept with stored deadlines' })
  calendarVersion!: number;
  @ApiProperty({
    example: 'date-holidays 3.37.0: public holidays of the country and region of the place of work',
    description: 'The list’s legal or data source',
  })
  calendarSource!: string;
  @ApiProperty({ example: '§4 KSchG; §§187, 188, 193 BGB' }) source!: string;
  @ApiProperty() disclaimer!: string;

  static from(result: ComputedDeadline): ComputedDeadlineDto {
    return Object.assign(new ComputedDeadlineDto(), {
      ruleId: result.ruleId,
      ruleVersion: result.ruleVersion,
      eventDate: result.eventDate,
      period: result.period,
      dueDate: result.dueDate,
      rolledFrom: result.rolledFrom,
      rolledOver: result.rolledOver.map((day) => RolledOverDayDto.from(day)),
      calendar: result.calendar,
      calendarId: result.calendarId,
      calendarVersion: result.calendarVersion,
      calendarSource: result.calendarSource,
      source: result.source,
      disclaimer: result.disclaimer,
    });
  }
}
