import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { MODALITIES } from '../../offerings/offering-content';
import { BlankAsMissing, ToBoolean, ToNumber, Trimmed } from '../../offerings/dto/transforms';
import { LICENSE_STATUSES } from '../entities/practitioner-profile.entity';

/** "English, Spanish" from a form, or ["English", "Spanish"] from the API. */
const ToList = () =>
  Transform(({ value }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((v) => v.trim())
          .filter(Boolean)
      : value,
  );
const AsArray = () => Transform(({ value }) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]));

export class PractitionerProfileDto {
  @ApiProperty({ example: 'Dr. Ana Ortiz' })
  @Trimmed()
  @IsString()
  @Length(1, 120, { message: 'must be 1 to 120 characters' })
  displayName: string;

  @ApiPropertyOptional({ example: 'DC, CCSP', description: 'As you write them' })
  @IsOptional()
  @Trimmed()
  @IsString()
  @MaxLength(120, { message: 'must be at most 120 characters' })
  credentials?: string;

  @ApiPropertyOptional({ enum: MODALITIES, isArray: true })
  @AsArray()
  @IsArray()
  @IsIn(MODALITIES, { each: true, message: 'must be among the listed kinds of care' })
  modalities: (typeof MODALITIES)[number][] = [];

  @ApiPropertyOptional({ minimum: 0, maximum: 80 })
  @IsOptional()
  @ToNumber()
  @IsInt({ message: 'must be a whole number of years' })
  @Min(0, { message: 'must be at least 0' })
  @Max(80, { message: 'must be at most 80' })
  yearsInPractice?: number;

  @ApiPropertyOptional({ type: [String], example: ['English', 'Spanish'] })
  @ToList()
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(12, { message: 'can list at most 12 languages' })
  @IsString({ each: true })
  @MaxLength(40, { each: true, message: 'each language must be at most 40 characters' })
  languages?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @Trimmed()
  @IsString()
  @MaxLength(2000, { message: 'must be at most 2000 characters' })
  approach?: string;

  @ApiPropertyOptional()
  @ToBoolean()
  @IsBoolean({ message: 'must be yes or no' })
  acceptsNewClients: boolean = false;

  @ApiProperty({ enum: LICENSE_STATUSES })
  @IsIn(LICENSE_STATUSES, { message: 'say whether you hold a license from a state board' })
  licenseStatus: (typeof LICENSE_STATUSES)[number];

  @ApiPropertyOptional({ example: 'Doctor of Chiropractic' })
  @IsOptional()
  @BlankAsMissing()
  @IsString()
  @MaxLength(120, { message: 'must be at most 120 characters' })
  licenseType?: string;

  @ApiPropertyOptional({ example: 'DC-012345' })
  @IsOptional()
  @BlankAsMissing()
  @IsString()
  @MaxLength(60, { message: 'must be at most 60 characters' })
  licenseNumber?: string;

  @ApiPropertyOptional({ example: 'Oregon Board of Chiropractic Examiners' })
  @IsOptional()
  @BlankAsMissing()
  @IsString()
  @MaxLength(160, { message: 'must be at most 160 characters' })
  licenseIssuer?: string;

  @ApiPropertyOptional({ description: 'When not licensed: training, certifications, membership bodies' })
  @IsOptional()
  @BlankAsMissing()
  @IsString()
  @MaxLength(2000, { message: 'must be at most 2000 characters' })
  unlicensedExplanation?: string;
}

export class PracticeProfileDto {
  @ApiProperty({ example: 'Riverside Healing Arts' })
  @Trimmed()
  @IsString()
  @Length(2, 120, { message: 'must be 2 to 120 characters' })
  name: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Trimmed()
  @IsString()
  @MaxLength(500, { message: 'must be at most 500 characters' })
  address?: string;

  @ApiPropertyOptional({ example: '+1 503 555 0100' })
  @IsOptional()
  @Trimmed()
  @IsString()
  @Matches(/^[0-9+()\-.\s]{0,40}$/, { message: 'must be a phone number: digits, spaces, + ( ) - .' })
  phone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @BlankAsMissing()
  @IsEmail({}, { message: 'must be an e-mail address like hello@example.org' })
  publicEmail?: string;

  @ApiPropertyOptional({ example: 'Mon–Thu 9–5, Fri 9–1' })
  @IsOptional()
  @Trimmed()
  @IsString()
  @MaxLength(1000, { message: 'must be at most 1000 characters' })
  openingHours?: string;

  @ApiProperty({ example: 'America/Los_Angeles' })
  @IsString({ message: 'must be a time zone such as America/Chicago' })
  timeZone: string;

  @ApiProperty({ example: 'en-US' })
  @IsString({ message: 'must be a locale such as en-US' })
  locale: string;

  @ApiProperty({ example: 'USD' })
  @IsString({ message: 'must be a currency code such as USD' })
  currency: string;
}
