import { Injectable } from '@nestjs/common';
import type { AuthContext } from './auth-context';

type Lookup = (auth: AuthContext, id: string) => Promise<boolean>;

/**
 * Lets the access guard tell "your role may read this record but not change it" (403, with a
 * clear message) from "no such record for you" (404) when a role lacks a permission on a route
 * that names a record. A feature registers how to find its records within the caller's practice.
 */
@Injectable()
export class RecordLookups {
  private readonly lookups = new Map<string, { noun: string; visible: Lookup }>();

  register(kind: string, noun: string, visible: Lookup): void {
    this.lookups.set(kind, { noun, visible });
  }

  async describeIfVisible(kind: string, auth: AuthContext, id: string): Promise<string | undefined> {
    const lookup = this.lookups.get(kind);
    return lookup && (await lookup.visible(auth, id)) ? lookup.noun : undefined;
  }
}
