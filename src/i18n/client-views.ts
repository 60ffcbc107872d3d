import { AGREEMENTS_CLIENT_VIEWS } from './client-views/agreements';
import { INTAKE_CLIENT_VIEWS } from './client-views/intake';
import { REVIEWS_CLIENT_VIEWS } from './client-views/reviews';

/**
 * Templates a client reads (their pages, the practice's public pages, their PDFs and e-mails):
 * every word in them comes from the catalogs (locales/), so each exists in every language.
 * catalog.spec.ts fails on words written straight into one of these files. One list per area.
 */
export const CLIENT_VIEWS: string[] = [
  'layouts/main.hbs',
  'partials/i18n/language-switch.hbs',
  ...INTAKE_CLIENT_VIEWS,
  ...AGREEMENTS_CLIENT_VIEWS,
  ...REVIEWS_CLIENT_VIEWS,
];
