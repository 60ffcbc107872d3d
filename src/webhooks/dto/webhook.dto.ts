import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { trim } from '../../accounts/dto/sign-up.dto';
import { MAX_URL_LENGTH } from '../webhook-address';
import { WEBHOOK_EVENTS, type WebhookEvent } from '../webhook-events';

const URL_MESSAGE = `Enter the receiver's full address (at most ${MAX_URL_LENGTH} characters), such as https://hooks.example.org/ayni.`;
const EVENTS_MESSAGE = `Choose at least one event: ${WEBHOOK_EVENTS.join(', ')}.`;
const DESCRIPTION_MESSAGE = 'A description is at most 200 characters.';
const ACTIVE_MESSAGE = 'Say whether the endpoint is on: true or false.';

/** A form sends one ticked box as a string and several as a list; JSON sends a list. */
const ToList = () => Transform(({ value }) => (typeof value === 'string' ? [value] : value));
/** A ticked box sends "on"; JSON sends true or false. */
const ToFlag = () =>
  Transform(({ value }) => {
    if (value === 'on' || value === 'true') return true;
    if (value === 'false') return false;
    return value;
  });

/** One DTO for the form and the JSON API; where the URL leads is the service's check (400 naming `url`). */
export class CreateWebhookDto {
  @ApiProperty({
    example: 'https://hooks.example.org/ayni',
    maxLength: MAX_URL_LENGTH,
    description: 'https:// only (http:// outside production).',
  })
  @trim()
  // The scheme here, so a form with several mistakes names them all at once; the rest is the service's.
  @Matches(/^https?:\/\//i, { message: 'must start with https://, such as https://hooks.example.org/ayni.' })
  @MaxLength(MAX_URL_LENGTH, { message: URL_MESSAGE })
  @IsString({ message: URL_MESSAGE })
  url: string;

  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true, example: ['intake.submitted', 'agreement.signed'] })
  @ToList()
  @IsIn(WEBHOOK_EVENTS, { each: true, message: EVENTS_MESSAGE })
  @ArrayMaxSize(WEBHOOK_EVENTS.length, { message: EVENTS_MESSAGE })
  @ArrayNotEmpty({ message: EVENTS_MESSAGE })
  @IsArray({ message: EVENTS_MESSAGE })
  events: WebhookEvent[];

  @ApiPropertyOptional({ maxLength: 200, example: 'Practice management sync' })
  @IsOptional()
  @trim()
  @MaxLength(200, { message: DESCRIPTION_MESSAGE })
  @IsString({ message: DESCRIPTION_MESSAGE })
  description?: string;
}

/** Only what is given changes. The URL cannot change: register another endpoint instead. */
export class UpdateWebhookDto {
  @ApiPropertyOptional({ enum: WEBHOOK_EVENTS, isArray: true })
  @IsOptional()
  @ToList()
  @IsIn(WEBHOOK_EVENTS, { each: true, message: EVENTS_MESSAGE })
  @ArrayMaxSize(WEBHOOK_EVENTS.length, { message: EVENTS_MESSAGE })
  @IsArray({ message: EVENTS_MESSAGE })
  events?: WebhookEvent[];

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @trim()
  @MaxLength(200, { message: DESCRIPTION_MESSAGE })
  @IsString({ message: DESCRIPTION_MESSAGE })
  description?: string;

  @ApiPropertyOptional({ description: 'false turns the endpoint off: nothing is sent to it, and deliveries still waiting are skipped.' })
  @IsOptional()
  @ToFlag()
  @IsBoolean({ message: ACTIVE_MESSAGE })
  active?: boolean;
}
