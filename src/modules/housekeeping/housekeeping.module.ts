import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { PruneSweep } from './prune.sweep';

/** The scheduled prune of operational tables (webhook outbox, auth failure counters); each owner says what may go. */
@Module({ imports: [WebhooksModule, AuthModule], providers: [PruneSweep] })
export class HousekeepingModule {}
