import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  DEADLINE_COUNTRIES,
  DEADLINE_TRIGGERS,
  type ComputedDeadline,
  type DeadlineCounting,
  type DeadlineRule,
  type DeadlineTrigger,
  type RolledOverDay,
} from '@mc/deadlines';

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
  @ApiProperty({ description: 'Whether a complaint may set its own period' }) periodOverridable!: boolean;
  @ApiProperty({ example: '§4 KSchG; §§187, 188, 193 BGB' }) source!: string;
  @ApiProperty({ format: 'date', example: '2004-01-01' }) validFrom!: string;
  @ApiPropertyOptional() note?: string;

  static from(rule: DeadlineRule): DeadlineRuleDto {
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
