import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CONTACT_CHANNELS,
  RESIDENCE_STATUSES,
  SHARING_LEVELS,
  type ContactChannel,
  type PossibleDuplicate,
  type ResidenceStatus,
  type SharingLevel,
  type WorkerPage,
  type WorkerRecordView,
  type WorkerView,
  type WorkerWithDuplicates,
} from '@mc/migrants';

export class WorkerConsentDto {
  @ApiProperty() dataProcessing!: boolean;
  @ApiProperty({ enum: SHARING_LEVELS }) partnerSharing!: SharingLevel;
  @ApiProperty({ enum: CONTACT_CHANNELS, isArray: true }) contactChannels!: ContactChannel[];
  @ApiProperty({ description: 'Version of the consent text agreed to', example: '2026-11' }) version!: string;
  @ApiProperty({ format: 'date-time' }) givenAt!: string;
}

export class WorkerDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: [false], description: 'true only on the erased form `{ id, erased: true }`' })
  erased!: false;
  @ApiProperty() fullName!: string;
  @ApiProperty({ type: String, nullable: true }) fullNameLatin!: string | null;
  @ApiProperty({ example: 'uk' }) preferredLanguage!: string;
  @ApiProperty({ type: String, nullable: true, example: 'UA' }) nationality!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '+491512345678' }) phone!: string | null;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '@taras_sh' }) telegram!: string | null;
  @ApiProperty({ example: 'DE' }) countryOfWork!: string;
  @ApiProperty({ type: String, nullable: true }) city!: string | null;
  @ApiProperty({ enum: RESIDENCE_STATUSES }) residenceStatus!: ResidenceStatus;
  @ApiProperty({ type: WorkerConsentDto }) consent!: WorkerConsentDto;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ description: 'Send back as If-Match (or `version`) when changing the worker' }) version!: number;

  static from(view: WorkerView): WorkerDto {
    return {
      id: view.id,
      erased: false,
      fullName: view.fullName,
      fullNameLatin: view.fullNameLatin,
      preferredLanguage: view.preferredLanguage,
      nationality: view.nationality,
      phone: view.phone,
      email: view.email,
      telegram: view.telegram,
      countryOfWork: view.countryOfWork,
      city: view.city,
      residenceStatus: view.residenceStatus,
      consent: {
        dataProcessing: view.consent.dataProcessing,
        partnerSharing: view.consent.partnerSharing,
        contactChannels: view.consent.contactChannels,
        version: view.consent.version,
        givenAt: view.consent.givenAt.toISOString(),
      },
      createdAt: view.createdAt.toISOString(),
      updatedAt: view.updatedAt.toISOString(),
      version: view.version,
    };
  }
}

/** A worker whose identity was erased (crypto-shredded): only the id remains. */
export class ErasedWorkerDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: [true] }) erased!: true;
}

export function workerRecordDto(view: WorkerRecordView): WorkerDto | ErasedWorkerDto {
  return view.erased ? { id: view.id, erased: true } : WorkerDto.from(view);
}

export class WorkerPossibleDuplicateDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['phone', 'email', 'telegram'], isArray: true }) matchedOn!: ('phone' | 'email' | 'telegram')[];

  static from(duplicate: PossibleDuplicate): WorkerPossibleDuplicateDto {
    return { id: duplicate.id, matchedOn: [...duplicate.matchedOn] };
  }
}

/** Said to a caseworker when the same contact is on file for someone outside their cases. */
export const HIDDEN_DUPLICATE_WARNING =
  'A person with the same phone, e-mail or Telegram handle may already be on file in a case you cannot open. ' +
  'Ask a coordinator to check before you go on.';

export class WorkerWithDuplicatesDto extends WorkerDto {
  @ApiPropertyOptional({
    type: [WorkerPossibleDuplicateDto],
    description:
      'Other workers you may open with the same phone, email or Telegram handle (any spelling), ids only. ' +
      'Empty when none. Coordinators and admins see every such worker; a caseworker only those of their cases.',
  })
  possibleDuplicates!: WorkerPossibleDuplicateDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Set when the same contact is also on file for people you may not open (a caseworker; no ids are given): ' +
      'ask a coordinator. Null otherwise.',
  })
  duplicateWarning!: string | null;

  static fromResult(result: WorkerWithDuplicates): WorkerWithDuplicatesDto {
    return {
      ...WorkerDto.from(result.worker),
      possibleDuplicates: result.possibleDuplicates.map((d) => WorkerPossibleDuplicateDto.from(d)),
      duplicateWarning: result.hiddenDuplicates > 0 ? HIDDEN_DUPLICATE_WARNING : null,
    };
  }
}

export class WorkerPageDto {
  @ApiProperty({ type: [WorkerDto] }) items!: WorkerDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;

  static from(page: WorkerPage): WorkerPageDto {
    return { items: page.items.map((item) => WorkerDto.from(item)), nextCursor: page.nextCursor };
  }
}
