import { Body, Controller, Get, Headers, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentRequestMeta, CurrentUser, Roles, UsersService, type RequestMeta, type UserActor } from '@mc/security';
import { UserDto } from '../auth/auth.dto.js';
import { ApiProblemResponses } from '../http/api-problems.js';
import { expectedVersion } from '../http/if-match.js';
import { PageQueryDto } from '../http/pagination.dto.js';
import { CreateUserDto, UpdateUserDto, UserListDto } from './users.dto.js';
import { ParseIdPipe } from '../http/parse-id.pipe.js';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@ApiProblemResponses(400, 401, 403)
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiOperation({ summary: 'Create a user' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiProblemResponses({ 409: 'The email is taken' })
  async create(
    @Body() body: CreateUserDto,
    @CurrentUser() actor: UserActor,
    @CurrentRequestMeta() meta: RequestMeta,
  ): Promise<UserDto> {
    return UserDto.from(await this.users.create(body, actor, meta));
  }

  @Get()
  @ApiOperation({ summary: 'List users' })
  @ApiOkResponse({ type: UserListDto })
  async list(@Query() query: PageQueryDto): Promise<UserListDto> {
    const page = await this.users.list(query.limit, query.cursor);
    return { items: page.items.map((u) => UserDto.from(u)), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One user' })
  @ApiOkResponse({ type: UserDto })
  @ApiProblemResponses(404)
  async get(@Param('id', new ParseIdPipe()) id: string): Promise<UserDto> {
    return UserDto.from(await this.users.get(id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a user; `active: false` deactivates and revokes their sessions' })
  @ApiOkResponse({ type: UserDto })
  @ApiProblemResponses(404, { 409: 'Stale version (If-Match or body version)' })
  async update(
    @Param('id', new ParseIdPipe()) id: string,
    @Body() body: UpdateUserDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() actor: UserActor,
    @CurrentRequestMeta() meta: RequestMeta,
  ): Promise<UserDto> {
    const { version, ...patch } = body;
    return UserDto.from(await this.users.update(id, patch, actor, meta, expectedVersion(ifMatch, version)));
  }
}
