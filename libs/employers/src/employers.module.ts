import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SecurityModule } from '@mc/security';
import { EmployerAddressCipher } from './employer-address.cipher.js';
import { EmployerAlias } from './employer-alias.entity.js';
import { EmployerMergeService } from './employer-merge.service.js';
import { EmployerSearchService } from './employer-search.service.js';
import { Employer } from './employer.entity.js';
import { EmployersService } from './employers.service.js';

/** Employers: records, fuzzy search, duplicate detection and merging. Other libraries use EmployersService. */
@Module({
  imports: [TypeOrmModule.forFeature([Employer, EmployerAlias]), SecurityModule],
  providers: [EmployersService, EmployerSearchService, EmployerMergeService, EmployerAddressCipher],
  exports: [EmployersService],
})
export class EmployersModule {}
