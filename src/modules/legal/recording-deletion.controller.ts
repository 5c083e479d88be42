import { Controller, Delete, HttpCode, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermission } from '../../common/access/access.decorators';
import type { Principal } from '../../common/access/permissions';
import { Returns } from '../../common/contract/contract.decorators';
import { AppException } from '../../common/errors/app.exception';
import { RecordingSummary } from '../recordings/recording.contract';
import { RecordingService, summary } from '../recordings/recording.service';
import { actorOf, DeletionService } from './deletion.service';

@ApiTags('recordings')
@Controller('v1/recordings')
export class RecordingDeletionController {
  constructor(
    private readonly deletion: DeletionService,
    private readonly recordings: RecordingService,
  ) {}

  @Delete(':id')
  @HttpCode(200)
  @RequirePermission(
    'recording.delete',
    'Crypto-shred a recording (its keys and objects) with a signed deletion certificate; the row stays as a tombstone',
    ['RECORDING_NOT_FOUND', 'RECORDING_ON_HOLD', 'RECORDING_IN_PROGRESS'],
  )
  @Returns(200, RecordingSummary, { description: 'the tombstone (status deleted)' })
  async delete(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    const out = await this.deletion.delete(p.tenantId, id, 'manual', actorOf(p), `deleted by ${p.role} ${p.id}`);
    if (out.outcome === 'blocked')
      throw new AppException('RECORDING_ON_HOLD', 'Recording is under legal hold and cannot be deleted');
    if (out.outcome === 'in-progress') {
      throw new AppException(
        'RECORDING_IN_PROGRESS',
        'Recording is still being processed; delete it once it is available, rejected or failed',
      );
    }
    return summary(await this.recordings.get(p, id));
  }
}
