import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { ROLES, USER_LOCALES, type Role, type User, type UserLocale } from '@mc/security';

export class LoginDto {
  @ApiProperty({ example: 'caseworker@example.org' })
  @IsEmail({ require_tld: false })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ minLength: 1, maxLength: 1024 })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password!: string;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty() active!: boolean;
  @ApiProperty({ enum: USER_LOCALES, description: 'Language of the user’s notifications' }) locale!: UserLocale;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastLoginAt!: string | null;

  static from(user: User): UserDto {
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      active: user.active,
      locale: user.locale,
      version: user.version,
      createdAt: user.createdAt.toISOString(),
      lastLoginAt: user.lastLoginAt ? user.lastLoginAt.toISOString() : null,
    };
  }
}

/** What a user may change of their own account. */
export class UpdateMeDto {
  @ApiProperty({ enum: USER_LOCALES, description: 'Language of your notifications' })
  @IsIn(USER_LOCALES)
  locale!: UserLocale;
}

export class LoginResponseDto {
  @ApiProperty({ description: 'Opaque bearer token; send as `Authorization: Bearer <token>`' }) token!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ type: UserDto }) user!: UserDto;
}
