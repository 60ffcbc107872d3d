import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EntityManager } from 'typeorm';
import type { AuthContext } from '../accounts/auth-context';
import type { Practice } from '../accounts/entities/practice.entity';
import type { StaffUser } from '../accounts/entities/staff-user.entity';
import { PracticesRepository } from '../accounts/repositories/practices.repository';
import { UsersRepository } from '../accounts/repositories/users.repository';
import { DomainError, FieldErrors, notFound } from '../common/errors/domain-error';
import { summarize, toFieldErrors } from '../common/errors/validation';
import { Transactions } from '../database/transaction';
import { cleanImage } from '../media/image-processing';
import { ImagesRepository } from '../media/images.repository';
import { isCurrency } from '../offerings/money';
import { PracticeProfileDto, PractitionerProfileDto } from './dto/profile.dto';
import type { PractitionerProfile } from './entities/practitioner-profile.entity';
import { licensingProblems } from './licensing';
import { isKnownLocale, isTimeZone } from './locale';
import { ProfilesRepository } from './profiles.repository';

export interface Upload {
  buffer: Buffer;
  mimetype?: string;
  originalname?: string;
}

/** Validates input against a DTO class, naming every field that is wrong. */
export function parse<T extends object>(cls: new () => T, input: unknown, extra: (dto: T) => FieldErrors = () => ({})): T {
  const dto = plainToInstance(cls, input ?? {});
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  const fields = { ...toFieldErrors(errors), ...(errors.length === 0 ? extra(dto) : {}) };
  if (Object.keys(fields).length > 0) throw new DomainError('VALIDATION_FAILED', summarize(fields), fields);
  return dto;
}

/**
 * Practitioner and practice profiles. A practitioner edits their own; the owner edits anyone's
 * and the practice's. Someone else's profile, or another practice's, answers 404.
 */
@Injectable()
export class ProfilesService {
  constructor(
    private readonly tx: Transactions,
    private readonly profiles: ProfilesRepository,
    private readonly users: UsersRepository,
    private readonly practices: PracticesRepository,
    private readonly images: ImagesRepository,
  ) {}

  async profile(auth: AuthContext, userId: string): Promise<{ user: StaffUser; profile: PractitionerProfile | null }> {
    return this.tx.run(async (tx) => {
      const user = await this.editableMember(tx, auth, userId);
      return { user, profile: await this.profiles.find(tx, auth.practiceId, userId) };
    });
  }

  async saveProfile(auth: AuthContext, userId: string, input: unknown): Promise<void> {
    await this.tx.run(async (tx) => {
      await this.editableMember(tx, auth, userId);
      const dto = parse(PractitionerProfileDto, input, licensingProblems);
      const licensed = dto.licenseStatus === 'licensed';
      await this.profiles.save(tx, {
        practiceId: auth.practiceId,
        userId,
        displayName: dto.displayName,
        credentials: dto.credentials ?? '',
        modalities: [...new Set(dto.modalities)],
        yearsInPractice: dto.yearsInPractice ?? null,
        languages: dto.languages ?? [],
        approach: dto.approach ?? '',
        acceptsNewClients: dto.acceptsNewClients,
        licenseStatus: dto.licenseStatus,
        // Only what the chosen status needs is kept, so a page can never show a stale license.
        licenseType: licensed ? dto.licenseType! : null,
        licenseNumber: licensed ? dto.licenseNumber! : null,
        licenseIssuer: licensed ? dto.licenseIssuer! : null,
        unlicensedExplanation: licensed ? null : dto.unlicensedExplanation!,
      });
    });
  }

  /** Replaces the photo with a cleaned copy; the profile must exist first (it carries the name). */
  async setPhoto(auth: AuthContext, userId: string, upload: Upload | undefined): Promise<void> {
    await this.tx.run(async (tx) => this.editableMember(tx, auth, userId)); // 404 before reading the file
    const clean = await cleanImage(
      upload?.buffer ?? Buffer.alloc(0),
      { mimetype: upload?.mimetype, filename: upload?.originalname },
      'photo',
    );
    await this.tx.run(async (tx) => {
      await this.editableMember(tx, auth, userId);
      const profile = await this.profiles.find(tx, auth.practiceId, userId);
      if (!profile)
        throw new DomainError('PROFILE_MISSING', 'Save the profile first, then add a photo.', {
          photo: 'Save the profile first, then add a photo.',
        });
      const image = await this.images.insert(tx, auth.practiceId, clean);
      await this.profiles.setPhoto(tx, auth.practiceId, userId, image.id);
      if (profile.photoImageId) await this.images.delete(tx, auth.practiceId, profile.photoImageId);
    });
  }

  async removePhoto(auth: AuthContext, userId: string): Promise<void> {
    await this.tx.run(async (tx) => {
      await this.editableMember(tx, auth, userId);
      const profile = await this.profiles.find(tx, auth.practiceId, userId);
      if (!profile?.photoImageId) return;
      await this.profiles.setPhoto(tx, auth.practiceId, userId, null);
      await this.images.delete(tx, auth.practiceId, profile.photoImageId);
    });
  }

  async practice(auth: AuthContext): Promise<Practice> {
    return this.tx.run(async (tx) => (await this.practices.findById(tx, auth.practiceId))!);
  }

  async savePractice(auth: AuthContext, input: unknown): Promise<void> {
    const dto = parse(PracticeProfileDto, input, practiceProblems);
    await this.tx.run((tx) =>
      this.practices.updateProfile(tx, auth.practiceId, {
        name: dto.name,
        address: dto.address ?? '',
        phone: dto.phone ?? '',
        publicEmail: dto.publicEmail ?? '',
        openingHours: dto.openingHours ?? '',
        timeZone: dto.timeZone,
        locale: Intl.getCanonicalLocales(dto.locale)[0],
        currency: dto.currency,
      }),
    );
  }

  async setLogo(auth: AuthContext, upload: Upload | undefined): Promise<void> {
    const clean = await cleanImage(
      upload?.buffer ?? Buffer.alloc(0),
      { mimetype: upload?.mimetype, filename: upload?.originalname },
      'logo',
    );
    await this.tx.run(async (tx) => {
      const practice = (await this.practices.findById(tx, auth.practiceId))!;
      const image = await this.images.insert(tx, auth.practiceId, clean);
      await this.practices.setLogo(tx, auth.practiceId, image.id);
      if (practice.logoImageId) await this.images.delete(tx, auth.practiceId, practice.logoImageId);
    });
  }

  async removeLogo(auth: AuthContext): Promise<void> {
    await this.tx.run(async (tx) => {
      const practice = (await this.practices.findById(tx, auth.practiceId))!;
      if (!practice.logoImageId) return;
      await this.practices.setLogo(tx, auth.practiceId, null);
      await this.images.delete(tx, auth.practiceId, practice.logoImageId);
    });
  }

  /** The members whose profile this person may edit: themselves, or anyone who provides care when they are the owner. */
  private async editableMember(tx: EntityManager, auth: AuthContext, userId: string): Promise<StaffUser> {
    const user = await this.users.findInPractice(tx, auth.practiceId, userId);
    const allowed = user && user.role !== 'front_desk' && (user.id === auth.userId || auth.role === 'owner');
    if (!allowed) throw notFound('That profile');
    return user;
  }
}

function practiceProblems(dto: PracticeProfileDto): FieldErrors {
  const problems: FieldErrors = {};
  if (!isTimeZone(dto.timeZone)) problems.timeZone = 'is not a time zone Ayni knows; use a name such as America/Chicago or Europe/Madrid';
  if (!isKnownLocale(dto.locale)) problems.locale = 'is not a locale Ayni knows; use a tag such as en-US or es-MX';
  if (!isCurrency(dto.currency)) problems.currency = 'is not an ISO 4217 currency code';
  return problems;
}
