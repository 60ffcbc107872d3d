import { Invitation } from '../accounts/entities/invitation.entity';
import { RateLimitEvent } from '../accounts/entities/rate-limit-event.entity';
import { Practice } from '../accounts/entities/practice.entity';
import { Session } from '../accounts/entities/session.entity';
import { StaffUser } from '../accounts/entities/staff-user.entity';
import { MfaRecoveryCode } from '../accounts/entities/mfa-recovery-code.entity';
import { AccessToken } from '../accounts/entities/access-token.entity';
import { OfferingVersion } from '../offerings/entities/offering-version.entity';
import { Offering } from '../offerings/entities/offering.entity';
import { Image } from '../media/image.entity';
import { PractitionerProfile } from '../profiles/entities/practitioner-profile.entity';
import { PdfDocument } from '../pdf/pdf-document.entity';
import { PdfRender } from '../pdf/pdf-render.entity';
import { Client } from '../clients/client.entity';
import { IntakeTemplate } from '../intake/entities/intake-template.entity';
import { IntakeTemplateVersion } from '../intake/entities/intake-template-version.entity';
import { Intake } from '../intake/entities/intake.entity';
import { IntakeSubmission } from '../intake/entities/intake-submission.entity';
import { AuditEvent } from '../audit/audit-event.entity';
import { Reflection } from '../alignment/entities/reflection.entity';
import { ReflectionEntry } from '../alignment/entities/reflection-entry.entity';
import { AlignmentCheck } from '../alignment/entities/alignment-check.entity';
import { FindingComment } from '../alignment/entities/finding-comment.entity';
import { Agreement } from '../agreements/entities/agreement.entity';
import { AgreementSignature } from '../agreements/entities/agreement-signature.entity';
import { AgreementComment } from '../agreements/entities/agreement-comment.entity';
import { AgreementDocument } from '../agreements/entities/agreement-document.entity';
import { AgreementScan } from '../agreements/entities/agreement-scan.entity';
import { PrintedItem } from '../print-queue/printed-item.entity';
import { Review } from '../reviews/review.entity';
import { OutboxMessage } from '../mail/outbox-message.entity';
import { EncryptionKeyCheck } from '../crypto/encryption-key.entity';
import { WebhookEndpoint } from '../webhooks/entities/webhook-endpoint.entity';
import { WebhookDelivery } from '../webhooks/entities/webhook-delivery.entity';
import { WebhookAttempt } from '../webhooks/entities/webhook-attempt.entity';

export const ENTITIES = [
  Practice,
  StaffUser,
  Invitation,
  Session,
  RateLimitEvent,
  MfaRecoveryCode,
  AccessToken,
  Offering,
  OfferingVersion,
  Image,
  PractitionerProfile,
  PdfDocument,
  PdfRender,
  Client,
  IntakeTemplate,
  IntakeTemplateVersion,
  Intake,
  IntakeSubmission,
  AuditEvent,
  Reflection,
  ReflectionEntry,
  AlignmentCheck,
  FindingComment,
  Agreement,
  AgreementSignature,
  AgreementComment,
  AgreementDocument,
  PrintedItem,
  AgreementScan,
  OutboxMessage,
  Review,
  EncryptionKeyCheck,
  WebhookEndpoint,
  WebhookDelivery,
  WebhookAttempt,
];
