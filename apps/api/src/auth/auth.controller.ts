import { Body, Controller, Get, HttpCode, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import {
  Authenticated,
  AuthService,
  CurrentRequestMeta,
  CurrentUser,
  Public,
  UsersService,
  type RequestMeta,
  type UserActor,
} from '@mc/security';
import { ApiProblemResponses } from '../http/api-problems.js';
import { LoginDto, LoginResponseDto, UpdateMeDto, UserDto } from './auth.dto.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @UseGuards(ThrottlerGuard)
  // Public: no bearer token is needed (an empty security requirement says so).
  @ApiOperation({ summary: 'Sign in with email and password', security: [] })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiProblemResponses(400, {
    401: 'Wrong email or password (the same answer for an unknown email)',
    429: 'Too many attempts from this address or for this account',
  })
  async login(@Body() body: LoginDto, @CurrentRequestMeta() meta: RequestMeta): Promise<LoginResponseDto> {
    const result = await this.auth.login(body.email, body.password, meta);
    return { token: result.token, expiresAt: result.expiresAt.toISOString(), user: UserDto.from(result.user) };
  }

  @Post('logout')
  @HttpCode(204)
  @Authenticated()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Sign out: revoke this token' })
  @ApiNoContentResponse({ description: 'The token is revoked' })
  @ApiProblemResponses(401)
  async logout(@CurrentUser() actor: UserActor, @CurrentRequestMeta() meta: RequestMeta): Promise<void> {
    await this.auth.logout(actor, meta);
  }

  @Get('me')
  @Authenticated()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiOkResponse({ type: UserDto })
  @ApiProblemResponses(401)
  async me(@CurrentUser() actor: UserActor): Promise<UserDto> {
    return UserDto.from(await this.users.get(actor.userId));
  }

  @Patch('me')
  @Authenticated()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change your own settings: the language of your notifications' })
  @ApiOkResponse({ type: UserDto })
  @ApiProblemResponses(400, 401)
  async updateMe(
    @Body() body: UpdateMeDto,
    @CurrentUser() actor: UserActor,
    @CurrentRequestMeta() meta: RequestMeta,
  ): Promise<UserDto> {
    return UserDto.from(await this.users.update(actor.userId, { locale: body.locale }, actor, meta));
  }
}
