import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { ERASURE_BASES, RETENTION_YEARS, type ErasureBasis } from './erasure-plan';

/** For the OpenAPI document: the service checks the body itself, after the client is found (404 before 400). */
export class EraseClientDto {
  @ApiProperty({ example: 'ERASE', description: 'The word ERASE: erasing cannot be undone.' })
  confirm: string;

  @ApiProperty({ enum: ERASURE_BASES, description: 'Why the data is erased; recorded in the audit trail.' })
  basis: ErasureBasis;
}

export class RetentionDto {
  @ApiProperty({
    minimum: RETENTION_YEARS.min,
    maximum: RETENTION_YEARS.max,
    example: RETENTION_YEARS.default,
    description: "Years a signed agreement is kept after care under it ended, once its client's data is erased.",
  })
  @IsInt({ message: `must be a whole number of years from ${RETENTION_YEARS.min} to ${RETENTION_YEARS.max}` })
  @Min(RETENTION_YEARS.min, { message: `must be a whole number of years from ${RETENTION_YEARS.min} to ${RETENTION_YEARS.max}` })
  @Max(RETENTION_YEARS.max, { message: `must be a whole number of years from ${RETENTION_YEARS.min} to ${RETENTION_YEARS.max}` })
  retentionYears: number;
}
