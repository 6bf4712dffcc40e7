import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotificationsService } from '@mc/notifications';
import { Authenticated, CurrentRequestMeta, CurrentUser, Roles, type RequestMeta, type UserActor } from '@mc/security';
import { ApiProblemResponses } from '../http/api-problems.js';
import { NotificationTestService } from './notification-test.service.js';
import {
  NotificationDto,
  NotificationListQueryDto,
  NotificationPageDto,
  SendTestNotificationDto,
  TestNotificationDto,
} from './notification.dto.js';
import { ParseIdPipe } from '../http/parse-id.pipe.js';

/** The caller's own in-app notifications, and an admin's test message through every channel. */
@ApiTags('notifications')
@ApiBearerAuth()
@ApiProblemResponses(400, 401)
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly tests: NotificationTestService,
  ) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: "The caller's notifications, newest first" })
  @ApiOkResponse({ type: NotificationPageDto })
  async list(@Query() query: NotificationListQueryDto, @CurrentUser() actor: UserActor): Promise<NotificationPageDto> {
    const page = await this.notifications.list(actor.userId, {
      unreadOnly: query.unread === true,
      limit: query.limit,
      cursor: query.cursor,
    });
    return { items: page.items.map((n) => NotificationDto.from(n)), nextCursor: page.nextCursor };
  }

  @Post('test')
  @Roles('admin')
  @ApiOperation({
    summary: 'Send a test notification to a user',
    description: 'In-app and on every channel that reaches them.',
  })
  @ApiCreatedResponse({ type: TestNotificationDto })
  @ApiProblemResponses(403, { 404: 'No such user' })
  async sendTest(
    @Body() body: SendTestNotificationDto,
    @CurrentUser() actor: UserActor,
    @CurrentRequestMeta() meta: RequestMeta,
  ): Promise<TestNotificationDto> {
    const result = await this.tests.send(body.userId, actor, meta);
    return { notification: NotificationDto.from(result.notification), channels: result.channels };
  }

  @Post(':id/read')
  @Authenticated()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Mark one of your notifications read' })
  @ApiOkResponse({ type: NotificationDto })
  @ApiProblemResponses({ 404: 'No such notification of yours' })
  async markRead(
    @Param('id', new ParseIdPipe()) id: string,
    @CurrentUser() actor: UserActor,
  ): Promise<NotificationDto> {
    return NotificationDto.from(await this.notifications.markRead(actor.userId, id));
  }
}
