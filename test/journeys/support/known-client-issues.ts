import type { AllowList } from './browser';

/**
 * Accessibility problems axe finds on client-facing pages whose templates other work is rewriting
 * (views/layouts, views/partials/forms, the client's intake, agreement, review and public pages…).
 * Each entry is a page label used by the journeys → the axe rule ids tolerated on that page only;
 * each is written up, with the element and a suggested fix, in the lead's list of client fixes.
 * Staff pages are never listed here: they are fixed. Empty this once the client pages are fixed.
 */
export const CLIENT_ALLOW: AllowList = {};
