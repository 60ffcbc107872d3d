import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  Validate,
  ValidateNested,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { QUESTION_TYPES, type QuestionType } from '../template';
import { LIMITS } from '../template-rules';

/**
 * The shape of an intake form sent to the API. This only checks types, so the rules (which run on
 * well-formed content) never meet a string where a list belongs; the rules themselves live in
 * template-rules.ts and answer with the same field paths.
 */
@ValidatorConstraint({ name: 'answerValue' })
class IsAnswerValue implements ValidatorConstraintInterface {
  validate(value: unknown) {
    return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
  }
  defaultMessage() {
    return 'must be text, a number or true/false';
  }
}

class OptionDto {
  @IsString()
  value: string;

  @IsString()
  label: string;
}

class ShowIfDto {
  @IsString()
  question: string;

  @IsIn(['equals', 'includes'], { message: 'must be equals or includes' })
  op: 'equals' | 'includes';

  @Validate(IsAnswerValue)
  value: string | number | boolean;
}

class QuestionDto {
  @IsString()
  id: string;

  @IsIn(QUESTION_TYPES, { message: `must be one of ${QUESTION_TYPES.join(', ')}` })
  type: QuestionType;

  @IsString()
  label: string;

  @IsOptional()
  @IsString()
  help?: string;

  @IsBoolean({ message: 'must be true or false' })
  required: boolean;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => OptionDto)
  options?: OptionDto[];

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number' })
  min?: number;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number' })
  max?: number;

  @IsOptional()
  @Min(1)
  @IsInt({ message: 'must be a whole number' })
  maxLength?: number;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ShowIfDto)
  showIf?: ShowIfDto;
}

class SectionDto {
  @IsString()
  id: string;

  @IsString()
  title: string;

  @IsOptional()
  @IsString()
  intro?: string;

  @IsArray()
  @ArrayMaxSize(LIMITS.questions + 1)
  @ValidateNested({ each: true })
  @Type(() => QuestionDto)
  questions: QuestionDto[];
}

class TemplateContentDto {
  @IsString()
  @MaxLength(10_000)
  title: string;

  @IsArray()
  @ArrayMaxSize(LIMITS.sections + 1)
  @ValidateNested({ each: true })
  @Type(() => SectionDto)
  sections: SectionDto[];
}

export class SaveTemplateDto {
  @ApiProperty({ description: 'The draft revision this change is based on.' })
  @Min(0)
  @IsInt({ message: 'must be the whole-number revision from your last read or save' })
  revision: number;

  @ApiProperty({ description: 'The whole form: { title, sections: [{ id, title, intro?, questions: [...] }] }.' })
  @IsObject()
  @ValidateNested()
  @Type(() => TemplateContentDto)
  content: TemplateContentDto;
}
