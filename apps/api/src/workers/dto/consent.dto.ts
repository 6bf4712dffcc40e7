import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, Equals, IsArray, IsIn, IsOptional, ValidateIf } from 'class-validator';
import { CONTACT_CHANNELS, SHARING_LEVELS, type ContactChannel, type SharingLevel } from '@mc/migrants';
import { MESSAGES } from './worker-validation.js';

export class ConsentDto {
  @ApiProperty({
    enum: [true],
    description: 'Must be true: the worker agreed to the processing of their data (consent text version is recorded)',
  })
  @Equals(true, { message: MESSAGES.dataProcessing })
  dataProcessing!: true;

  @ApiPropertyOptional({
    enum: SHARING_LEVELS,
    default: 'none',
    description: 'The most the worker allows to be shared with partner initiatives',
  })
  @IsOptional()
  @IsIn(SHARING_LEVELS)
  partnerSharing?: SharingLevel;

  @ApiPropertyOptional({
    enum: CONTACT_CHANNELS,
    isArray: true,
    default: [],
    description: 'Channels the worker agreed to be contacted on; each needs the matching contact field',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(CONTACT_CHANNELS.length)
  @ArrayUnique()
  @IsIn(CONTACT_CHANNELS, { each: true })
  contactChannels?: ContactChannel[];
}

/** PATCH: the consent fields given replace the stored ones and record a new consent (time, text version). */
export class UpdateConsentDto {
  @ApiPropertyOptional({ enum: [true], description: 'If given, must be true' })
  @ValidateIf((o: UpdateConsentDto) => o.dataProcessing !== undefined)
  @Equals(true, { message: MESSAGES.dataProcessing })
  dataProcessing?: true;

  @ApiPropertyOptional({ enum: SHARING_LEVELS })
  @ValidateIf((o: UpdateConsentDto) => o.partnerSharing !== undefined)
  @IsIn(SHARING_LEVELS)
  partnerSharing?: SharingLevel;

  @ApiPropertyOptional({ enum: CONTACT_CHANNELS, isArray: true, description: 'Replaces the list' })
  @ValidateIf((o: UpdateConsentDto) => o.contactChannels !== undefined)
  @IsArray()
  @ArrayMaxSize(CONTACT_CHANNELS.length)
  @ArrayUnique()
  @IsIn(CONTACT_CHANNELS, { each: true })
  contactChannels?: ContactChannel[];
}
