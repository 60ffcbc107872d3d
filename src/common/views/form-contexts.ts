import { Injectable } from '@nestjs/common';
import type { Request } from 'express';

type Loader = (req: Request) => Promise<Record<string, unknown>>;

/**
 * What a form view needs besides the typed values when it is shown again after an error (e.g. the
 * invitation beside the join form). A feature registers a loader for its view; the exception filter
 * calls it, because a validation error can stop the request before the handler ever runs.
 */
@Injectable()
export class FormContexts {
  private readonly loaders = new Map<string, Loader>();

  register(view: string, loader: Loader): void {
    this.loaders.set(view, loader);
  }

  async load(view: string, req: Request): Promise<Record<string, unknown>> {
    const loader = this.loaders.get(view);
    if (!loader) return {};
    try {
      return await loader(req);
    } catch {
      return {}; // the form is still shown, with its values and messages
    }
  }
}
