import { Injectable } from '@nestjs/common';
import { JsonLogger } from '../common/logger';
import { JobQueue } from '../jobs/job-queue';
import { ClientErasureService } from './client-erasure.service';

/** Once a day (job `retention.purge`), removes the agreements kept after an erasure whose retention has run out. */
@Injectable()
export class RetentionSchedule {
  constructor(erasure: ClientErasureService, logger: JsonLogger, jobs: JobQueue) {
    jobs.handle('retention.purge', async () => {
      const purged = await erasure.purgeDue();
      if (purged) logger.event('info', 'kept agreements removed at the end of retention', { clients: purged });
    });
  }
}
