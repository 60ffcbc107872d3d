/** Client-facing templates of this area (paths under views/), checked by catalog.spec.ts: see ../client-views.ts. */
export const REVIEWS_CLIENT_VIEWS: string[] = [
  'reviews/client-list.hbs',
  'reviews/client.hbs',
  'partials/reviews/chart.hbs',
  'partnership/client.hbs',
  'partials/partnership/timeline.hbs',
  'mail/layout.hbs',
  'mail/intake_invitation.hbs',
  'mail/intake_invitation.txt.hbs',
  'mail/intake_reminder.hbs',
  'mail/intake_reminder.txt.hbs',
  'mail/reflection_ready.hbs',
  'mail/reflection_ready.txt.hbs',
  'mail/agreement_ready.hbs',
  'mail/agreement_ready.txt.hbs',
  'mail/review_due.hbs',
  'mail/review_due.txt.hbs',
];
