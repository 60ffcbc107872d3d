import type { NestExpressApplication } from '@nestjs/platform-express';

export interface RouteInfo {
  method: string;
  path: string;
}

/** Every route the running app serves, read from Express's router (so a new route cannot hide from the tests). */
export function discoverRoutes(app: NestExpressApplication): RouteInfo[] {
  const express = app.getHttpAdapter().getInstance() as { router?: { stack: Layer[] }; _router?: { stack: Layer[] } };
  const stack = (express.router ?? express._router)?.stack ?? [];
  const routes: RouteInfo[] = [];
  for (const layer of stack) {
    if (!layer.route) continue;
    for (const method of Object.keys(layer.route.methods)) routes.push({ method: method.toUpperCase(), path: layer.route.path });
  }
  return routes.filter((r) => !r.path.startsWith('/api/docs'));
}

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
}
