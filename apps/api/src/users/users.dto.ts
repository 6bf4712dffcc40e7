import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, MaxLength, Min, MinLength } from 'class-validator';
import { MIN_PASSWORD_LENGTH, ROLES, USER_LOCALES, type Role, type UserLocale } from '@mc/security';
import { UserDto } from '../auth/auth.dto.js';

export class CreateUserDto {
  @ApiProperty() @IsEmail({ require_tld: false }) @MaxLength(254) email!: string;
  @ApiProperty({ minLength: 1, maxLength: 120 }) @IsString() @MinLength(1) @MaxLength(120) displayName!: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role!: Role;
  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH, maxLength: 1024 })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(1024)
  password!: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(120) displayName?: string;
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?: Role;
  @ApiPropertyOptional({ minLength: MIN_PASSWORD_LENGTH })
  @IsOptional()
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(1024)
  password?: string;
  @ApiPropertyOptional({ enum: USER_LOCALES, description: 'Language of the user’s notifications' })
  @IsOptional()
  @IsIn(USER_LOCALES)
  locale?: UserLocale;
  @ApiPropertyOptional({ description: 'false deactivates the user and revokes every session' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
  @ApiPropertyOptional({ description: 'Expected version (or send If-Match)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class UserListDto {
  @ApiProperty({ type: [UserDto] }) items!: UserDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
