import { ApiProperty } from '@nestjs/swagger';
import { IsISO4217CurrencyCode, IsString, Matches } from 'class-validator';
import type { Money } from '@mc/complaints';
import { MONEY_AMOUNT_PATTERN } from './complaint-validators.js';

/** Money as api.md defines it: a decimal string (never a float) and an ISO 4217 code. */
export class MoneyDto {
  @ApiProperty({ example: '1250.00', pattern: MONEY_AMOUNT_PATTERN.source })
  @IsString({ message: 'amount must be a decimal string such as "1250.00", not a number' })
  @Matches(MONEY_AMOUNT_PATTERN, { message: 'amount must have at most 12 digits before and 2 after the point' })
  amount!: string;

  @ApiProperty({ example: 'EUR', pattern: '^[A-Z]{3}$' })
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be three upper-case letters (ISO 4217)' })
  @IsISO4217CurrencyCode({ message: 'currency must be an ISO 4217 code' })
  currency!: string;

  static from(money: Money | null): MoneyDto | null {
    return money ? { amount: money.amount, currency: money.currency } : null;
  }
}
