import { CreateAccounts1795873064686 } from '../../migrations/1795873064686-CreateAccounts';
import { CreateOfferings1795874490112 } from '../../migrations/1795874490112-CreateOfferings';
import { GeneraliseRateLimits1795875000000 } from '../../migrations/1795875000000-GeneraliseRateLimits';
import { CreatePdfDocuments1795876801143 } from '../../migrations/1795876801143-CreatePdfDocuments';
import { CreateProfiles1795875655982 } from '../../migrations/1795875655982-CreateProfiles';
import { CreateIntake1795883576422 } from '../../migrations/1795883576422-CreateIntake';
import { CreateAlignment1795885483814 } from '../../migrations/1795885483814-CreateAlignment';
import { CreateAgreements1795887338751 } from '../../migrations/1795887338751-CreateAgreements';
import { CreatePrintQueue1795888096876 } from '../../migrations/1795888096876-CreatePrintQueue';
import { CreateReviews1795891000000 } from '../../migrations/1795891000000-CreateReviews';
import { AddClientLanguage1795892000000 } from '../../migrations/1795892000000-AddClientLanguage';
import { ChainAuditEvents1795893000000 } from '../../migrations/1795893000000-ChainAuditEvents';
import { CreateAgreementScans1795888487589 } from '../../migrations/1795888487589-CreateAgreementScans';
import { CreateOutbox1795890000000 } from '../../migrations/1795890000000-CreateOutbox';
import { AddMfa1795894000000 } from '../../migrations/1795894000000-AddMfa';
import { AddEncryptionKeys1795895000000 } from '../../migrations/1795895000000-AddEncryptionKeys';
import { CreateAccessTokens1795896000000 } from '../../migrations/1795896000000-CreateAccessTokens';
import { AddClientErasure1795897000000 } from '../../migrations/1795897000000-AddClientErasure';
import { CreateJobQueue1795898000000 } from '../../migrations/1795898000000-CreateJobQueue';
import { ScaleIndexes1795898100000 } from '../../migrations/1795898100000-ScaleIndexes';
import { CreateWebhooks1795898200000 } from '../../migrations/1795898200000-CreateWebhooks';

/** Every migration, in order. Listed explicitly so the app, the CLI and Jest load the same files. */
export const MIGRATIONS: Function[] = [
  CreateAccounts1795873064686,
  CreateOfferings1795874490112,
  GeneraliseRateLimits1795875000000,
  CreateProfiles1795875655982,
  CreatePdfDocuments1795876801143,
  CreateIntake1795883576422,
  CreateAlignment1795885483814,
  CreateAgreements1795887338751,
  CreatePrintQueue1795888096876,
  CreateAgreementScans1795888487589,
  CreateOutbox1795890000000,
  CreateReviews1795891000000,
  AddClientLanguage1795892000000,
  ChainAuditEvents1795893000000,
  AddMfa1795894000000,
  AddEncryptionKeys1795895000000,
  CreateAccessTokens1795896000000,
  AddClientErasure1795897000000,
  CreateJobQueue1795898000000,
  ScaleIndexes1795898100000,
  CreateWebhooks1795898200000,
];
