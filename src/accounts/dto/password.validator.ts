import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { passwordProblem } from '../passwords';

/**
 * The password policy as a field rule, so a form reports a weak password together with every other
 * problem at once. `emailField` names the sibling holding the e-mail, which the password must not equal.
 */
export function IsAcceptablePassword(emailField?: string, options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isAcceptablePassword',
      target: target.constructor,
      propertyName,
      options,
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const email = emailField ? (args.object as Record<string, unknown>)[emailField] : undefined;
          return typeof value === 'string' && !passwordProblem(value, typeof email === 'string' ? email : undefined);
        },
        defaultMessage(args: ValidationArguments) {
          const email = emailField ? (args.object as Record<string, unknown>)[emailField] : undefined;
          const problem =
            typeof args.value === 'string' ? passwordProblem(args.value, typeof email === 'string' ? email : undefined) : 'is required';
          return `Password ${problem}.`;
        },
      },
    });
}
