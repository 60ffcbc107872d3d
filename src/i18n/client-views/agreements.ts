/** Client-facing templates of this area (paths under views/), checked by catalog.spec.ts: see ../client-views.ts. */
export const AGREEMENTS_CLIENT_VIEWS: string[] = [
  'alignment/heard.hbs',
  'alignment/shared.hbs',
  'partials/alignment/thread.hbs',
  'agreements/client-list.hbs',
  'agreements/client-show.hbs',
  'agreements/screen.hbs',
  'agreements/screen-done.hbs',
  'partials/agreements/summary.hbs',
  'partials/agreements/changes.hbs',
];
