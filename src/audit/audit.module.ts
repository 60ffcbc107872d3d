import { Global, Module } from '@nestjs/common';
import { AuditService } from './audit.service';

/** Global: any feature records its events through the one AuditService. */
@Global()
@Module({ providers: [AuditService], exports: [AuditService] })
export class AuditModule {}
