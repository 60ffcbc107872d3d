import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { sha256 } from '../accounts/secrets';
import { clientLocale, DEFAULT_LANGUAGE, isLanguage, type Language, languageForClient, LANGUAGES } from './languages';

const CLIENT_LINK = /^\/i\/([A-Za-z0-9_-]{20,64})(?:\/|$)/;
const PUBLIC_PAGE = /^\/p\/([a-z0-9-]{1,80})(?:\/|$)/;
const SIGNING_SCREEN = /^\/sign\/([A-Za-z0-9_-]+)\./;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Resolved {
  language: Language | null;
  practiceLocale: string;
}

/**
 * The language of a client-facing page, set as `res.locals.lang` (and `locale`, for dates and
 * money) before it renders: on a client's link, the client's own choice, else the practice's
 * default; on a practice's public pages, the practice's default; `?lang=es` shows a page in
 * another language. Staff pages stay English. `res.locals.languageSwitch` lets the layout offer
 * the other languages.
 */
@Injectable()
export class ClientLanguageMiddleware implements NestMiddleware {
  constructor(private readonly dataSource: DataSource) {}

  async use(req: Request, res: Response, next: NextFunction) {
    res.locals.lang = DEFAULT_LANGUAGE;
    if (req.method !== 'GET' && req.method !== 'POST' && req.method !== 'HEAD') return next();
    const path = req.originalUrl.split('?')[0];
    const link = CLIENT_LINK.exec(path);
    const page = link ? null : PUBLIC_PAGE.exec(path);
    const screen = link || page ? null : SIGNING_SCREEN.exec(path);
    if (!link && !page && !screen) return next();
    try {
      const resolved = link ? await this.forLink(link[1]) : page ? await this.forPractice(page[1]) : await this.forScreen(screen![1]);
      if (!resolved) return next();
      const asked = typeof req.query.lang === 'string' && isLanguage(req.query.lang) ? req.query.lang : null;
      const language = asked ?? languageForClient(resolved.language, resolved.practiceLocale);
      res.locals.lang = language;
      res.locals.locale = clientLocale(language, resolved.practiceLocale);
      // The practice's own locale: the one an agreement's stored text writes its dates in.
      res.locals.practiceLocale = resolved.practiceLocale;
      res.locals.languageSwitch = {
        // On a client's link the choice is kept (POST /i/{token}/language); elsewhere it is a link with ?lang=.
        action: link ? `/i/${link[1]}/language` : null,
        path,
        options: LANGUAGES.map((l) => ({ ...l, current: l.value === language })),
      };
    } catch {
      // The language is a courtesy: a page is never refused for want of it.
    }
    next();
  }

  private async forLink(token: string): Promise<Resolved | null> {
    const [row] = await this.dataSource.query(
      `SELECT c.language, p.locale FROM intakes i JOIN clients c ON c.id = i.client_id JOIN practices p ON p.id = i.practice_id
        WHERE i.token_hash = $1`,
      [sha256(token)],
    );
    return row ? { language: isLanguage(row.language) ? row.language : null, practiceLocale: row.locale } : null;
  }

  private async forPractice(slug: string): Promise<Resolved | null> {
    const [row] = await this.dataSource.query('SELECT locale FROM practices WHERE slug = $1', [slug]);
    return row ? { language: null, practiceLocale: row.locale } : null;
  }

  /** The signing screen's token starts with its agreement id (kiosk-link.ts); only the language is read from it here. */
  private async forScreen(encoded: string): Promise<Resolved | null> {
    const agreementId = Buffer.from(encoded, 'base64url').toString('utf8').split('.')[0];
    if (!UUID.test(agreementId)) return null;
    const [row] = await this.dataSource.query(
      `SELECT c.language, p.locale FROM agreements a JOIN clients c ON c.id = a.client_id JOIN practices p ON p.id = a.practice_id
        WHERE a.id = $1`,
      [agreementId],
    );
    return row ? { language: isLanguage(row.language) ? row.language : null, practiceLocale: row.locale } : null;
  }
}
