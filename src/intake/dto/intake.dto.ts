import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LANGUAGE_CODES as MAIL_LANGUAGE_CODES } from '../../i18n/languages';
import { IsEmail, IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { BlankAsMissing, ToNumber, Trimmed } from '../../offerings/dto/transforms';
import { MAX_LINK_DAYS } from '../intake-links';
import { INTAKE_STATUSES, type IntakeStatus } from '../intake-status';

/** How long a client's link works. */
export class NewLinkDto {
  @ApiPropertyOptional({ default: 14, minimum: 1, maximum: MAX_LINK_DAYS })
  @IsOptional()
  @ToNumber()
  @Min(1, { message: 'must be at least 1 day' })
  @Max(MAX_LINK_DAYS, { message: `must be at most ${MAX_LINK_DAYS} days` })
  @IsInt({ message: 'must be a whole number of days' })
  expiresInDays?: number;
}

/** Staff invite a client to intake. Works for the page form and the API alike. */
export class InviteClientDto extends NewLinkDto {
  @ApiProperty({ example: 'Maya Ortiz' })
  @Trimmed()
  @IsString()
  @IsNotEmpty({ message: 'is required' })
  @MaxLength(120, { message: 'must be at most 120 characters' })
  name: string;

  @ApiPropertyOptional({ example: 'maya@example.com' })
  @BlankAsMissing()
  @IsOptional()
  @IsEmail({}, { message: 'must be an e-mail address like name@example.com' })
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: '+1 555 0100' })
  @BlankAsMissing()
  @IsOptional()
  @Matches(/^[0-9+()\-.\s]{4,40}$/, { message: 'must be a phone number: digits, spaces, + ( ) - .' })
  phone?: string;

  @ApiPropertyOptional({ enum: MAIL_LANGUAGE_CODES, description: 'The language of the client’s e-mails; English when left out.' })
  @BlankAsMissing()
  @IsOptional()
  @IsIn(MAIL_LANGUAGE_CODES, { message: `must be one of ${MAIL_LANGUAGE_CODES.join(', ')}` })
  language?: string;

  @ApiPropertyOptional({ description: 'Ties the intake to one of the practice’s offerings.' })
  @BlankAsMissing()
  @IsOptional()
  @IsUUID('all', { message: 'must be one of the practice’s offerings' })
  offeringId?: string;
}

export class SaveAnswersDto {
  @ApiProperty({ description: 'The revision this change is based on (from the last read or save).' })
  @Min(0)
  @IsInt({ message: 'must be the whole-number revision from your last read or save' })
  revision: number;

  @ApiProperty({
    description: 'Question id → answer. null or "" clears an answer; questions not named keep theirs.',
    example: { 'story.text': 'My back has hurt since…', 'baseline.sleep': 4 },
  })
  @IsObject({ message: 'must be an object of question id → answer' })
  answers: Record<string, unknown>;
}

export class SubmitAnswersDto {
  @ApiPropertyOptional({ description: 'When given, the submission is refused if the draft changed since.' })
  @IsOptional()
  @Min(0)
  @IsInt({ message: 'must be the whole-number revision from your last read or save' })
  revision?: number;

  @ApiPropertyOptional({ description: 'Last answers to save with the submission.' })
  @IsOptional()
  @IsObject({ message: 'must be an object of question id → answer' })
  answers?: Record<string, unknown>;
}

export class InboxQueryDto {
  /** As the inbox service takes it. */
  toFilter() {
    return { status: this.status, search: this.q, offeringId: this.offering, page: this.page, after: this.after };
  }

  @IsOptional()
  @BlankAsMissing()
  @IsIn(INTAKE_STATUSES, { message: `must be one of ${INTAKE_STATUSES.join(', ')}` })
  status?: IntakeStatus;

  @IsOptional()
  @BlankAsMissing()
  @IsString()
  @MaxLength(120, { message: 'must be at most 120 characters' })
  q?: string;

  @IsOptional()
  @BlankAsMissing()
  @IsUUID('all', { message: 'must be one of the practice’s offerings' })
  offering?: string;

  @IsOptional()
  @ToNumber()
  @Min(1)
  @Max(100000)
  @IsInt({ message: 'must be a page number' })
  page?: number;

  /** The `next` of the page before (keyset pagination: as fast deep in the list as on page 1). */
  @IsOptional()
  @BlankAsMissing()
  @IsString()
  @MaxLength(100, { message: 'is not a page of this list' })
  after?: string;
}
