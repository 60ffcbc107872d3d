import { SetMetadata } from '@nestjs/common';
import type { Action } from './permissions';

export const PUBLIC_ROUTE = 'ayni:public';
export const REQUIRED_ACTION = 'ayni:action';
export const FORM_VIEW = 'ayni:form-view';

/** Reachable without signing in. Every other route needs a session. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** The permission (see permissions.ts) the signed-in person's role must have. */
export const Can = (action: Action) => SetMetadata(REQUIRED_ACTION, action);

/** The view that shows this form again, with the typed values and field messages, when the request fails. */
export const FormView = (view: string) => SetMetadata(FORM_VIEW, view);
