import { ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, FieldErrors } from './domain-error';

/** Flatten class-validator's tree into `path → first message`. */
export function toFieldErrors(errors: ValidationError[], prefix = ''): FieldErrors {
  const fields: FieldErrors = {};
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const messages = Object.values(error.constraints ?? {});
    if (messages.length > 0) fields[path] = humanize(messages[0]);
    Object.assign(fields, toFieldErrors(error.children ?? [], path));
  }
  return fields;
}

export const NOT_ACCEPTED = 'is not a field Ayni accepts here';

function humanize(message: string): string {
  if (/should not exist$/.test(message)) return NOT_ACCEPTED;
  return message;
}

export function summarize(fields: FieldErrors): string {
  const entries = Object.entries(fields);
  if (entries.length === 1) return `${entries[0][0]}: ${entries[0][1]}`;
  return `Please correct ${entries.length} fields: ${entries.map(([f]) => f).join(', ')}.`;
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    exceptionFactory: (errors) => {
      const fields = toFieldErrors(errors);
      return new DomainError('VALIDATION_FAILED', summarize(fields), fields);
    },
  });
}
