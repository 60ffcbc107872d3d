/** Client-facing templates of this area (paths under views/), checked by catalog.spec.ts: see ../client-views.ts. */
export const AGREEMENTS_CLIENT_VIEWS: string[] = [];
