import { Global, Module } from '@nestjs/common';
import { AuditTrailService } from './audit-trail.service';
import { AuditPagesController } from './audit.pages.controller';
import { AuditService } from './audit.service';

/** Global: any feature records its events through the one AuditService. The owner reads them on /audit. */
@Global()
@Module({ controllers: [AuditPagesController], providers: [AuditService, AuditTrailService], exports: [AuditService] })
export class AuditModule {}
