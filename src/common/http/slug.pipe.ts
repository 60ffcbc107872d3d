import { Injectable, PipeTransform } from '@nestjs/common';
import { notFound } from '../errors/domain-error';

/** A public address part: anything but lower-case letters, digits and hyphens names nothing (404). */
@Injectable()
export class SlugPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!/^[a-z0-9][a-z0-9-]{0,79}$/.test(value)) throw notFound('That page');
    return value;
  }
}
