import { Global, Module } from '@nestjs/common';
import { PgNotifications } from './pg-notifications';

/** LISTEN/NOTIFY between the vault's processes (cache invalidation, job wake-ups). */
@Global()
@Module({ providers: [PgNotifications], exports: [PgNotifications] })
export class NotificationsModule {}
