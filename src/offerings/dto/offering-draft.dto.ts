import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  ALTERNATIVE_KINDS,
  CADENCE_PERIODS,
  HOME_PRACTICE_PERIODS,
  IF_NOTHING_CHANGES,
  MODALITIES,
  PRODUCT_POLICIES,
  TIME_UNITS,
} from '../offering-content';
import { BlankAsMissing, ToBoolean, ToNumber, Trimmed } from './transforms';

/** Every field may be missing in a draft; what is present must be right. Completeness is checked at publishing. */
const text = (max: number) => [IsOptional(), Trimmed(), IsString(), MaxLength(max, { message: `must be at most ${max} characters` })];
const whole = (min: number, max: number, what = 'a whole number') => [
  IsOptional(),
  ToNumber(),
  IsInt({ message: `must be ${what}` }),
  Min(min, { message: `must be at least ${min}` }),
  Max(max, { message: `must be at most ${max}` }),
];
const apply =
  (decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) =>
    decorators.forEach((d) => d(target, key));

export const MAX_MINOR = 100_000_000; // 1,000,000.00 in a two-digit currency: a guard against typos

export class TrialPeriodDto {
  @ApiPropertyOptional({ minimum: 1 })
  @apply(whole(1, 730))
  length?: number;

  @ApiPropertyOptional({ enum: TIME_UNITS })
  @IsOptional()
  @IsIn(TIME_UNITS, { message: 'must be days, weeks or months' })
  unit?: (typeof TIME_UNITS)[number];

  @ApiPropertyOptional()
  @apply(text(2000))
  expectedChanges?: string;

  @ApiPropertyOptional({ enum: IF_NOTHING_CHANGES, isArray: true })
  @IsOptional()
  @IsArray()
  @IsIn(IF_NOTHING_CHANGES, { each: true, message: 'must be reassess, change_course or refer' })
  ifNothingChanges?: (typeof IF_NOTHING_CHANGES)[number][];

  @ApiPropertyOptional()
  @apply(text(2000))
  ifNothingChangesNote?: string;
}

export class CarePhaseDto {
  @ApiPropertyOptional({ example: 'Intensive' })
  @apply(text(80))
  name?: string;

  @ApiPropertyOptional({ minimum: 1, description: 'Visits in each period' })
  @apply(whole(1, 14, 'a whole number of visits'))
  visits?: number;

  @ApiPropertyOptional({ minimum: 1, description: 'The period: every N weeks or months' })
  @apply(whole(1, 52))
  every?: number;

  @ApiPropertyOptional({ enum: CADENCE_PERIODS })
  @IsOptional()
  @IsIn(CADENCE_PERIODS, { message: 'must be week or month' })
  per?: (typeof CADENCE_PERIODS)[number];

  @ApiPropertyOptional({ nullable: true, description: 'Null: the phase goes on (last phase only)' })
  @IsOptional()
  @ToNumber()
  @ValidateIf((_, v) => v !== null)
  @Min(1, { message: 'must be at least 1 week' })
  @Max(520, { message: 'must be at most 520 weeks' })
  @IsInt({ message: 'must be a whole number of weeks' })
  lengthWeeks?: number | null;

  @ApiPropertyOptional({ minimum: 1 })
  @apply(whole(1, 600, 'a whole number of minutes'))
  minutesPerVisit?: number;

  @ApiPropertyOptional({ minimum: 0 })
  @apply(whole(0, 600, 'a whole number of minutes'))
  homePracticeMinutes?: number;

  @ApiPropertyOptional({ enum: HOME_PRACTICE_PERIODS })
  @IsOptional()
  @IsIn(HOME_PRACTICE_PERIODS, { message: 'must be day or week' })
  homePracticePer?: (typeof HOME_PRACTICE_PERIODS)[number];

  @ApiPropertyOptional()
  @apply(text(1000))
  description?: string;

  @ApiPropertyOptional({ minimum: 0, description: 'Minor units (cents)' })
  @apply(whole(0, MAX_MINOR, 'an amount of money'))
  feePerVisitMinor?: number;

  @ApiPropertyOptional({ type: [String], example: ['98941'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Matches(/^[A-Za-z0-9.-]{1,20}$/, { each: true, message: 'must be codes such as 98941 or 97140' })
  serviceCodes?: string[];
}

export class FeePackageDto {
  @ApiPropertyOptional()
  @apply(text(80))
  name?: string;

  @ApiPropertyOptional()
  @apply(whole(1, 200, 'a whole number of visits'))
  visits?: number;

  @ApiPropertyOptional()
  @apply(whole(0, MAX_MINOR, 'an amount of money'))
  priceMinor?: number;

  @ApiPropertyOptional()
  @apply(text(500))
  description?: string;
}

export class SlidingScaleDto {
  @ApiPropertyOptional({ minimum: 0, maximum: 100 })
  @apply(whole(0, 100, 'a whole percentage'))
  minPercent?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 100 })
  @apply(whole(1, 100, 'a whole percentage'))
  maxPercent?: number;

  @ApiPropertyOptional()
  @apply(text(1000))
  howDecided?: string;
}

export class FeesDto {
  @ApiPropertyOptional({ example: 'USD' })
  @IsOptional()
  @Trimmed()
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'must be a three-letter currency code such as USD' })
  currency?: string;

  @ApiPropertyOptional({ type: [FeePackageDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @IsObject({ each: true, message: 'must be a list of entries' })
  @Type(() => FeePackageDto)
  packages?: FeePackageDto[];

  @ApiPropertyOptional({ type: SlidingScaleDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @IsObject({ message: 'must be a group of fields' })
  @Type(() => SlidingScaleDto)
  slidingScale?: SlidingScaleDto | null;

  @ApiPropertyOptional()
  @apply(text(2000))
  fairExchangeNote?: string;

  @ApiPropertyOptional()
  @apply(text(2000))
  included?: string;

  @ApiPropertyOptional()
  @apply(text(2000))
  notIncluded?: string;

  @ApiPropertyOptional()
  @apply(text(2000))
  cancellationPolicy?: string;
}

export class ProductItemDto {
  @ApiPropertyOptional()
  @apply(text(120))
  name?: string;

  @ApiPropertyOptional({ enum: ['product', 'test'] })
  @IsOptional()
  @IsIn(['product', 'test'], { message: 'must be product or test' })
  kind?: 'product' | 'test';

  @ApiPropertyOptional()
  @apply(whole(0, MAX_MINOR, 'an amount of money'))
  priceMinor?: number;

  @ApiPropertyOptional()
  @apply(text(1000))
  why?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @ToBoolean()
  @IsBoolean({ message: 'must be true or false' })
  required?: boolean;
}

export class ProductsDto {
  @ApiPropertyOptional({ enum: PRODUCT_POLICIES })
  @IsOptional()
  @IsIn(PRODUCT_POLICIES, { message: 'must be none, optional or required' })
  policy?: (typeof PRODUCT_POLICIES)[number];

  @ApiPropertyOptional({ type: [ProductItemDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @IsObject({ each: true, message: 'must be a list of entries' })
  @Type(() => ProductItemDto)
  items?: ProductItemDto[];
}

export class AlternativeDto {
  @ApiPropertyOptional({ enum: ALTERNATIVE_KINDS })
  @IsOptional()
  @IsIn(ALTERNATIVE_KINDS, { message: 'must be other_approach, other_modality, referral or watchful_waiting' })
  kind?: (typeof ALTERNATIVE_KINDS)[number];

  @ApiPropertyOptional()
  @apply(text(120))
  title?: string;

  @ApiPropertyOptional()
  @apply(text(1000))
  description?: string;

  @ApiPropertyOptional()
  @apply(text(1000))
  whenBetter?: string;
}

export class EstimateDataDto {
  @ApiPropertyOptional({ example: '1234567893' })
  @IsOptional()
  @Trimmed()
  @IsString()
  @Matches(/^\d{10}$/, { message: 'must be a 10-digit NPI' })
  npi?: string;

  @ApiPropertyOptional({ example: '12-3456789' })
  @IsOptional()
  @Trimmed()
  @IsString()
  @Matches(/^\d{2}-?\d{7}$/, { message: 'must be a 9-digit TIN such as 12-3456789' })
  tin?: string;

  @ApiPropertyOptional()
  @apply(text(300))
  serviceLocation?: string;
}

export class OfferingDraftDto {
  @ApiPropertyOptional({ example: 'Chiropractic care for low back pain' })
  @apply(text(120))
  title?: string;

  @ApiPropertyOptional({ enum: MODALITIES })
  @IsOptional()
  @IsIn(MODALITIES, { message: 'must be one of the listed modalities' })
  modality?: (typeof MODALITIES)[number];

  @ApiPropertyOptional({ type: [String], description: 'Ids of the team members who provide it' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true, message: 'must be ids of team members' })
  practitionerIds?: string[];

  @ApiPropertyOptional()
  @apply(text(1000))
  summary?: string;

  @ApiPropertyOptional()
  @apply(text(5000))
  howWeWork?: string;

  @ApiPropertyOptional({ type: TrialPeriodDto })
  @IsOptional()
  @ValidateNested()
  @IsObject({ message: 'must be a group of fields' })
  @Type(() => TrialPeriodDto)
  trialPeriod?: TrialPeriodDto;

  @ApiPropertyOptional({ type: [CarePhaseDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(8, { message: 'can have at most 8 phases' })
  @ValidateNested({ each: true })
  @IsObject({ each: true, message: 'must be a list of entries' })
  @Type(() => CarePhaseDto)
  careArc?: CarePhaseDto[];

  @ApiPropertyOptional({ type: FeesDto })
  @IsOptional()
  @ValidateNested()
  @IsObject({ message: 'must be a group of fields' })
  @Type(() => FeesDto)
  fees?: FeesDto;

  @ApiPropertyOptional({ type: ProductsDto })
  @IsOptional()
  @ValidateNested()
  @IsObject({ message: 'must be a group of fields' })
  @Type(() => ProductsDto)
  products?: ProductsDto;

  @ApiPropertyOptional({ type: [AlternativeDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @IsObject({ each: true, message: 'must be a list of entries' })
  @Type(() => AlternativeDto)
  alternatives?: AlternativeDto[];

  @ApiPropertyOptional({ type: EstimateDataDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @IsObject({ message: 'must be a group of fields' })
  @Type(() => EstimateDataDto)
  estimate?: EstimateDataDto | null;
}

export class SaveDraftDto {
  @ApiProperty({ description: 'The draft revision this edit started from; a stale one is refused with 409.' })
  @ToNumber()
  @Min(0, { message: 'must be the draft revision you loaded' })
  @Max(2147483647, { message: 'must be the draft revision you loaded' })
  @IsInt({ message: 'must be the draft revision you loaded' })
  revision: number;

  @ApiProperty({ type: OfferingDraftDto })
  @ValidateNested()
  @IsObject({ message: 'must be a group of fields' })
  @Type(() => OfferingDraftDto)
  draft: OfferingDraftDto;
}

export class CreateOfferingDto {
  @ApiProperty({ example: 'Chiropractic care for low back pain' })
  @Trimmed()
  @IsString()
  @MaxLength(120, { message: 'must be at most 120 characters' })
  @Matches(/\S/, { message: 'is required' })
  title: string;

  @ApiPropertyOptional({ description: 'Public address part; made from the title when omitted' })
  @IsOptional()
  @BlankAsMissing()
  @IsString()
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'must be lower-case letters, digits and single hyphens' })
  @MaxLength(80)
  slug?: string;
}
