import { createRoute, type AnyRoute } from '@tanstack/react-router';
import { DuplicatesPage } from './DuplicatesPage.js';
import { ImportPage } from './ImportPage.js';
import { ImportsPage } from './ImportsPage.js';

/** Import, export and duplicates pages under the signed-in frame (one spread in router.tsx). */
export function importRoutes<P extends AnyRoute>(parent: P) {
  return [
    createRoute({ getParentRoute: () => parent, path: '/imports', component: ImportsPage }),
    createRoute({ getParentRoute: () => parent, path: '/imports/$id', component: ImportPage }),
    createRoute({ getParentRoute: () => parent, path: '/duplicates', component: DuplicatesPage }),
  ];
}
