import { Injectable, PipeTransform } from '@nestjs/common';
import { notFound } from '../errors/domain-error';

/** A version number in a path: anything but a plain positive integer names no record (404). */
@Injectable()
export class VersionPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!/^[1-9]\d{0,5}$/.test(value)) throw notFound('That version');
    return Number(value);
  }
}
