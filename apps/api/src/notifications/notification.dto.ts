import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsUUID } from 'class-validator';
import { NOTIFICATION_CHANNELS, type NotificationChannel, type NotificationView } from '@mc/notifications';
import { PageQueryDto } from '../http/pagination.dto.js';

export class NotificationListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only notifications not read yet' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

export class NotificationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    example: 'reminder.due',
    description: 'What the notification is about: `reminder.due`, `step.overdue`, `test`, ...',
  })
  kind!: string;
  @ApiProperty({
    example: 'MC-2026-00042: labour court claim due 2026-05-04',
    description: "Rendered in the caller's language (`locale` of the user: en, ru or uk)",
  })
  title!: string;
  @ApiProperty({ description: "Rendered in the caller's language" }) body!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) complaintId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) stepId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) readAt!: string | null;

  static from(notification: NotificationView): NotificationDto {
    return {
      id: notification.id,
      kind: notification.kind,
      title: notification.title,
      body: notification.body,
      complaintId: notification.complaintId,
      stepId: notification.stepId,
      createdAt: notification.createdAt.toISOString(),
      readAt: notification.readAt ? notification.readAt.toISOString() : null,
    };
  }
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto] }) items!: NotificationDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class SendTestNotificationDto {
  @ApiProperty({ format: 'uuid', description: 'The user to notify' })
  @IsUUID()
  userId!: string;
}

export class TestNotificationDto {
  @ApiProperty({ type: NotificationDto }) notification!: NotificationDto;
  @ApiProperty({
    enum: NOTIFICATION_CHANNELS,
    isArray: true,
    description: 'Outside channels a delivery was queued on (the in-app copy always exists)',
  })
  channels!: NotificationChannel[];
}
