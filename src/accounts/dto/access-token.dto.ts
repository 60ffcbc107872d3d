import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, Length, Max, Min } from 'class-validator';
import { ToNumber } from '../../offerings/dto/transforms';
import { type Role, ROLES } from '../permissions';
import { MAX_EXPIRY_DAYS } from '../tokens/access-tokens';
import { trim } from './sign-up.dto';

const NAME = 'Name the token (1 to 80 characters), for example after the integration that will use it.';
const EXPIRY = `Choose how long the token works: 1 to ${MAX_EXPIRY_DAYS} days.`;

/** One DTO for the form and the JSON API; the role ceiling (at most the caller's own) is the service's rule. */
export class CreateAccessTokenDto {
  @ApiProperty({ example: 'Bookkeeping sync', maxLength: 80 })
  @trim()
  @Length(1, 80, { message: NAME })
  @IsString({ message: NAME })
  name: string;

  @ApiProperty({ enum: ROLES, description: 'What requests made with the token may do: your own role or a lower one.' })
  @IsIn(ROLES, { message: 'Choose the role the token has: owner, practitioner or front_desk (at most your own).' })
  role: Role;

  @ApiProperty({ minimum: 1, maximum: MAX_EXPIRY_DAYS, example: 90, description: 'Days until the token stops working.' })
  @ToNumber()
  @Min(1, { message: EXPIRY })
  @Max(MAX_EXPIRY_DAYS, { message: EXPIRY })
  @IsInt({ message: EXPIRY })
  expiresInDays: number;
}
