import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsCalendarDate } from './complaint-validators.js';

const date = (description: string) =>
  ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2026-03-13', description });

/** The trigger dates of statutory deadlines. In a PATCH, `null` clears a date. */
export class KeyDatesDto {
  @date('The worker received the dismissal notice')
  @IsOptional()
  @IsCalendarDate()
  dismissalNoticeReceived?: string | null;

  @date('A fixed-term contract ended')
  @IsOptional()
  @IsCalendarDate()
  fixedTermEnd?: string | null;

  @date('A wage was due')
  @IsOptional()
  @IsCalendarDate()
  wageDue?: string | null;

  @date('The facts became known')
  @IsOptional()
  @IsCalendarDate()
  factsKnown?: string | null;

  @date('The discrimination became known')
  @IsOptional()
  @IsCalendarDate()
  discriminationKnown?: string | null;

  @date('The AGG claim was asserted in writing')
  @IsOptional()
  @IsCalendarDate()
  aggClaimAsserted?: string | null;
}
