import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import { IsEmail, IsInt, IsString, Min, ValidateNested, validateSync } from 'class-validator';
import { summarize, toFieldErrors } from './validation';

class PhaseDto {
  @IsString() name: string;
  @IsInt() @Min(1) minutes: number;
}

class OfferingDto {
  @IsString() title: string;
  @IsEmail() contact: string;
  @ValidateNested({ each: true }) @Type(() => PhaseDto) phases: PhaseDto[];
}

/** What Ayni's ValidationPipe sees: whitelist + forbidNonWhitelisted. */
const validate = (body: object) =>
  validateSync(plainToInstance(OfferingDto, body), { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });

const valid = { title: 'Breathwork', contact: 'ana@example.org', phases: [{ name: 'Arrive', minutes: 10 }] };

describe('toFieldErrors', () => {
  it('returns nothing for a valid body', () => {
    expect(toFieldErrors(validate(valid))).toEqual({});
  });

  it('flattens nested errors into dotted paths, one message per field', () => {
    const fields = toFieldErrors(
      validate({ ...valid, contact: 'nope', phases: [{ name: 'Arrive', minutes: 10 }, { name: 'Rest', minutes: 0 }, { minutes: 'x' }] }),
    );
    expect(Object.keys(fields).sort()).toEqual(['contact', 'phases.1.minutes', 'phases.2.minutes', 'phases.2.name']);
    expect(fields['phases.1.minutes']).toBe('minutes must not be less than 1');
    expect(fields.contact).toBe('contact must be an email');
  });

  it('says an unexpected property is not a field Ayni accepts, also when nested', () => {
    const fields = toFieldErrors(validate({ ...valid, isAdmin: true, phases: [{ name: 'Arrive', minutes: 10, secret: 1 }] }));
    expect(fields).toEqual({ isAdmin: 'is not a field Ayni accepts here', 'phases.0.secret': 'is not a field Ayni accepts here' });
  });

  it('handles hand-built trees and a prefix', () => {
    const fields = toFieldErrors(
      [
        {
          property: 'phases',
          children: [{ property: '0', children: [{ property: 'minutes', constraints: { min: 'too small', isInt: 'not whole' } }] }],
        },
      ],
      'offering',
    );
    expect(fields).toEqual({ 'offering.phases.0.minutes': 'too small' });
  });
});

describe('summarize', () => {
  it('names the field and its problem when there is one', () => {
    expect(summarize({ email: 'email must be an email' })).toBe('email: email must be an email');
  });

  it('counts and lists the fields when there are several', () => {
    expect(summarize({ email: 'bad', 'phases.0.minutes': 'too small', title: 'missing' })).toBe(
      'Please correct 3 fields: email, phases.0.minutes, title.',
    );
  });
});
