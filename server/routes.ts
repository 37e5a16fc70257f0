/** Every feature's routes, mounted under /api/v1. One line per feature. */
import { authRoutes } from './auth/routes.js';
import { companyRoutes } from './companies/routes.js';
import { contactRoutes } from './contacts/routes.js';
import { duplicateRoutes } from './duplicates/routes.js';
import { fieldRoutes } from './fields/routes.js';
import { leadRoutes } from './leads/routes.js';
import type { App } from './platform/http.js';
import { systemRoutes } from './system/routes.js';
import { userRoutes } from './users/routes.js';
import { viewRoutes } from './views/routes.js';
import { workspaceRoutes } from './workspaces/routes.js';

export async function registerRoutes(app: App): Promise<void> {
  systemRoutes(app);
  workspaceRoutes(app);
  authRoutes(app);
  userRoutes(app);
  fieldRoutes(app);
  viewRoutes(app);
  contactRoutes(app);
  companyRoutes(app);
  leadRoutes(app);
  duplicateRoutes(app);
  await Promise.resolve();
}
