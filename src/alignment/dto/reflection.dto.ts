import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString } from 'class-validator';

/** Only the shape: lengths, required parts and goal ids are the service's rules, named by field. */
export class ReflectDto {
  @ApiProperty({ description: 'The story as the practitioner understood it.' })
  @IsString()
  story: string;

  @ApiProperty({ description: 'What matters most to the client.' })
  @IsString()
  mattersMost: string;

  @ApiProperty({
    description: 'One per client goal: goal question id → how it was understood.',
    example: { 'goals.1': 'To lift your daughter without pain' },
  })
  @IsObject()
  goals: Record<string, string>;
}

export class RespondDto {
  @ApiProperty({ enum: ['confirmed', 'corrected'] })
  @IsIn(['confirmed', 'corrected'], { message: 'must be confirmed or corrected' })
  verdict: 'confirmed' | 'corrected';

  @ApiPropertyOptional({ description: 'A correction of the story or anything to add, in the client’s words.' })
  @IsOptional()
  @IsString()
  overall?: string;

  @ApiPropertyOptional({ description: 'Corrections per goal: goal question id → correction.' })
  @IsOptional()
  @IsObject()
  goals?: Record<string, string>;
}
