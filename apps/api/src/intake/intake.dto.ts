import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { COMPLAINT_CATEGORIES, COMPLAINT_STATUSES } from '@mc/complaints';
import {
  INTAKE_COUNTRIES,
  INTAKE_CURRENCIES,
  INTAKE_LANGUAGES,
  INTAKE_LIMITS,
  PARTNER_SHARING_CHOICES,
  STATUS_LABEL_KEYS,
} from '@mc/intake';

/*
 * The public intake and status bodies, for the OpenAPI document. The intake body itself is
 * checked by `validateIntake` of @mc/intake (the same rules for the form and for JSON, with
 * messages in the person's language), not by class-validator.
 */

class IntakeContactDto {
  @ApiPropertyOptional({ example: '+49 151 2345678', maxLength: INTAKE_LIMITS.phone }) phone?: string;
  @ApiPropertyOptional({ example: 'ivan@example.org', maxLength: INTAKE_LIMITS.email }) email?: string;
  @ApiPropertyOptional({ example: '@ivan_petrov', maxLength: INTAKE_LIMITS.telegram }) telegram?: string;
}

class IntakeAmountDto {
  @ApiProperty({ example: '1200.50', description: 'A decimal number; `1 200,50` is read too' }) amount!: string;
  @ApiProperty({ enum: INTAKE_CURRENCIES }) currency!: string;
}

class IntakeConsentDto {
  @ApiProperty({ enum: [true], description: 'Must be true: the collective may keep and use the data' })
  dataProcessing!: boolean;
  @ApiProperty({ enum: PARTNER_SHARING_CHOICES }) partnerSharing!: string;
}

export class IntakeSubmissionDto {
  @ApiProperty({ enum: INTAKE_LANGUAGES, description: 'The language of the messages to the person' })
  language!: string;
  @ApiProperty({ maxLength: INTAKE_LIMITS.name }) name!: string;
  @ApiProperty({ type: IntakeContactDto, description: 'At least one of phone, email, telegram' })
  contact!: IntakeContactDto;
  @ApiProperty({ enum: INTAKE_COUNTRIES }) countryOfWork!: string;
  @ApiPropertyOptional({ maxLength: INTAKE_LIMITS.city }) city?: string;
  @ApiProperty({ maxLength: INTAKE_LIMITS.employerName, description: 'In any script' }) employerName!: string;
  @ApiPropertyOptional({ maxLength: INTAKE_LIMITS.employerCity }) employerCity?: string;
  @ApiProperty({ enum: COMPLAINT_CATEGORIES, isArray: true, minItems: 1 }) categories!: string[];
  @ApiProperty({ maxLength: INTAKE_LIMITS.description }) description!: string;
  @ApiPropertyOptional({ type: IntakeAmountDto }) amountOwed?: IntakeAmountDto;
  @ApiPropertyOptional({ format: 'date', example: '2026-03-02' }) dismissalNoticeReceived?: string;
  @ApiProperty({ type: IntakeConsentDto }) consent!: IntakeConsentDto;
  @ApiPropertyOptional({ description: 'Honeypot: leave empty (a filled one gets a receipt and nothing is stored)' })
  website?: string;
}

export class IntakeReceiptDto {
  @ApiProperty({ example: 'MC-2026-00042' }) reference!: string;
  @ApiProperty({ description: 'Shown once: with the reference it opens the status page', example: '7F3K-9QXD-…' })
  statusToken!: string;
  @ApiProperty({
    example: 'https://intake.example.org/status?lang=ru&reference=MC-2026-00042',
    description: 'The status page, without the token',
  })
  statusUrl!: string;
}

export class StatusMessageDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['worker', 'collective'] }) from!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ComplaintStatusDto {
  @ApiProperty({ example: 'MC-2026-00042' }) reference!: string;
  @ApiProperty({ enum: COMPLAINT_STATUSES }) status!: string;
  @ApiProperty({ description: `In the complaint's language; one of ${STATUS_LABEL_KEYS.join(', ')} in words` })
  statusLabel!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: [StatusMessageDto], description: 'Oldest first: worker-visible notes and the replies' })
  messages!: StatusMessageDto[];
}

export class StatusReplyDto {
  @ApiProperty({ minLength: 1, maxLength: 5000 })
  @IsString()
  message!: string;
}
