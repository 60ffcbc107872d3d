import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length, MaxLength } from 'class-validator';

const CODE = 'Enter the 6-digit code from your authenticator app, or one of your recovery codes.';

export class MfaCodeDto {
  @ApiProperty({ example: '123456', description: 'The 6-digit code from the authenticator app, or a recovery code (xxxx-xxxx-xxxx-xxxx).' })
  @IsString({ message: CODE })
  @MaxLength(64, { message: CODE })
  code: string;
}

export class ReauthDto {
  @ApiProperty()
  @IsString({ message: 'Enter your password.' })
  @Length(1, 256, { message: 'Enter your password.' })
  password: string;

  @ApiPropertyOptional({ description: 'Required when two-step log-in is on: a code from the app, or a recovery code.' })
  @IsOptional()
  @IsString({ message: CODE })
  @MaxLength(64, { message: CODE })
  code?: string;
}

export class MfaPolicyDto {
  @ApiProperty({ description: 'Whether owners and practitioners must use two-step log-in (front desk may choose).' })
  @IsBoolean({ message: 'must be true or false' })
  mfaRequired: boolean;
}
