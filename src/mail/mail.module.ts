import { Global, Module } from '@nestjs/common';
import { ClientMail } from './client-mail.service';
import { MailSender } from './mail-sender';
import { MailService } from './mail.service';
import { OutboxController } from './outbox.controller';
import { OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';

/** Global, like audit: any use case queues its e-mail through ClientMail, inside its own transaction. */
@Global()
@Module({
  controllers: [OutboxController],
  providers: [OutboxRepository, MailService, ClientMail, MailSender, OutboxService],
  exports: [MailService, ClientMail, MailSender],
})
export class MailModule {}
