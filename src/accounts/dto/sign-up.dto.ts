import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';
import { IsAcceptablePassword } from './password.validator';

export const trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
export const normalizeEmail = () => Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value));

export class SignUpDto {
  @ApiProperty({ example: 'Riverside Healing Arts' })
  @trim()
  @IsString()
  @Length(2, 120, { message: 'Practice name must be 2 to 120 characters.' })
  practiceName: string;

  @ApiProperty({ example: 'Dana Reyes' })
  @trim()
  @IsString()
  @Length(1, 120, { message: 'Your name must be 1 to 120 characters.' })
  ownerName: string;

  @ApiProperty({ example: 'dana@riverside.example' })
  @normalizeEmail()
  @MaxLength(254, { message: 'E-mail must be at most 254 characters.' })
  @IsEmail({}, { message: 'Enter a valid e-mail address, like name@example.com.' })
  @IsString({ message: 'Enter a valid e-mail address, like name@example.com.' })
  email: string;

  @ApiProperty({ minLength: 12, description: 'At least 12 characters, not a common password.' })
  @IsAcceptablePassword('email')
  password: string;
}

export class LogInDto {
  @ApiProperty()
  @normalizeEmail()
  @MaxLength(254, { message: 'E-mail must be at most 254 characters.' })
  @IsEmail({}, { message: 'Enter a valid e-mail address, like name@example.com.' })
  @IsString({ message: 'Enter a valid e-mail address, like name@example.com.' })
  email: string;

  @ApiProperty()
  @IsString({ message: 'Password is required.' })
  @Length(1, 256, { message: 'Password is required.' })
  password: string;
}
