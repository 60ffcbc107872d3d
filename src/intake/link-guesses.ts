import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { RateLimiter } from '../accounts/rate-limiter.service';
import { InvitationsRepository } from '../accounts/repositories/invitations.repository';
import { sha256 } from '../accounts/secrets';
import { readKioskToken } from '../agreements/kiosk-link';
import { originOf } from '../common/http/origin';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Transactions } from '../database/transaction';
import { IntakesRepository } from './repositories/intakes.repository';

/** The links whose token in the path is the only credential. */
export type LinkKind = 'client' | 'invitation' | 'signing-screen';

const KINDS: [RegExp, LinkKind][] = [
  [/^\/(i|api\/v1\/intake-links)\/:token(\/|$)/i, 'client'],
  [/^\/(join|api\/v1\/invitations)\/:token(\/|$)/i, 'invitation'],
  [/^\/sign\/:token(\/|$)/i, 'signing-screen'],
];

/** Which kind of link a route pattern with a :token serves (a test fails on a :token route that is none of these). */
export const linkKindOf = (routePath: string): LinkKind | undefined => KINDS.find(([pattern]) => pattern.test(routePath))?.[1];

const KNOWN_LINKS = 5000;

/**
 * Wrong links, limited per IP address. Client and invitation links carry 256 random bits, so
 * guessing one is hopeless; the limit stops anyone from trying in bulk all the same, and keeps
 * the answer to a guesser at 429 instead of an endless stream of lookups.
 *
 * Only a link that does not exist is counted, in a transaction of its own and under the limiter's
 * advisory lock (so concurrent guesses cannot slip past), in PostgreSQL (so every instance of
 * Ayni sees the same count). A link that exists is never refused: a client behind the same network
 * address as a guesser (a clinic's Wi-Fi) still reaches their own forms. Existing links are
 * remembered (a bounded set of hashes), so autosave, the request served most, costs no extra query.
 * A reissued link has a new hash; a remembered old one is then answered 404 by its route, uncounted.
 */
@Injectable()
export class LinkGuesses {
  private readonly known = new Set<string>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly tx: Transactions,
    private readonly limiter: RateLimiter,
    private readonly intakes: IntakesRepository,
    private readonly invitations: InvitationsRepository,
  ) {}

  /** Returns when the link exists or the address may still try; otherwise refuses with 429 (TOO_MANY_ATTEMPTS). */
  async check(kind: LinkKind, token: string, ip: string): Promise<void> {
    if (await this.exists(kind, token)) return;
    await this.tx.run((tx) =>
      this.limiter.take(tx, [
        { scope: 'link-miss:ip', key: ip, max: this.config.hourlyLimits.wrongLinksPerIp, windowMinutes: 60, who: 'your network address' },
      ]),
    );
  }

  private async exists(kind: LinkKind, token: string): Promise<boolean> {
    if (token.length > 512) return false;
    // A signing screen's link is signed, not stored: a genuine one counts as existing even once expired.
    if (kind === 'signing-screen') return readKioskToken(this.config.sessionSecret, token, 0) !== null;
    const hash = sha256(token);
    const key = `${kind}:${hash}`;
    if (this.known.has(key)) return true;
    const found =
      kind === 'client'
        ? await this.intakes.tokenHashExists(this.dataSource.manager, hash)
        : await this.invitations.tokenHashExists(this.dataSource.manager, hash);
    if (found) {
      if (this.known.size >= KNOWN_LINKS) this.known.delete(this.known.values().next().value!);
      this.known.add(key);
    }
    return found;
  }
}

/** Runs LinkGuesses before every route whose path carries a link's :token. */
@Injectable()
export class LinkGuessGuard implements CanActivate {
  constructor(private readonly guesses: LinkGuesses) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const token = req.params?.token;
    const kind = typeof token === 'string' ? linkKindOf(String(req.route?.path ?? '')) : undefined;
    if (kind) await this.guesses.check(kind, token as string, originOf(req).ip);
    return true;
  }
}
