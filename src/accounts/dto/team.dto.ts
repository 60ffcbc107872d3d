import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { INVITABLE_ROLES, type InvitableRole } from '../permissions';
import { IsAcceptablePassword } from './password.validator';
import { normalizeEmail, trim } from './sign-up.dto';

export class InviteDto {
  @ApiProperty({ example: 'sam@riverside.example' })
  @normalizeEmail()
  @MaxLength(254, { message: 'E-mail must be at most 254 characters.' })
  @IsEmail({}, { message: 'Enter a valid e-mail address, like name@example.com.' })
  @IsString({ message: 'Enter a valid e-mail address, like name@example.com.' })
  email: string;

  @ApiPropertyOptional({ example: 'Sam Okafor' })
  @IsOptional()
  @trim()
  @IsString()
  @MaxLength(120, { message: 'Name must be at most 120 characters.' })
  name?: string;

  @ApiProperty({ enum: INVITABLE_ROLES })
  @IsIn(INVITABLE_ROLES, { message: 'Role must be practitioner or front desk.' })
  role: InvitableRole;
}

export class AcceptInvitationDto {
  @ApiProperty({ example: 'Sam Okafor' })
  @trim()
  @IsString()
  @Length(1, 120, { message: 'Your name must be 1 to 120 characters.' })
  name: string;

  @ApiProperty({ minLength: 12, description: 'At least 12 characters, not a common password.' })
  @IsAcceptablePassword()
  password: string;
}
