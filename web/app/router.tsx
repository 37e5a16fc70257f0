import {
  Outlet,
  createRootRoute,
  createRoute,
  createRouter,
  redirect,
} from '@tanstack/react-router';
import { LoginPage } from '../auth/LoginPage.js';
import { AutomationsPage } from '../automations/AutomationsPage.js';
import { RuleEditorPage } from '../automations/RuleEditor.js';
import { SetupPage } from '../auth/SetupPage.js';
import { CompanyListPage, CompanyPage } from '../companies/pages.js';
import { ContactListPage, ContactPage } from '../contacts/pages.js';
import { DealPage, DealsPage } from '../deals/pages.js';
import { FunnelPage } from '../deals/FunnelPage.js';
import { ActivityPage } from '../reports/ActivityPage.js';
import { ProductsPage } from '../products/ProductsPage.js';
import { LeadListPage, LeadPage } from '../leads/pages.js';
import { billingRoutes } from '../billing/routes.js';
import { importRoutes } from '../imports/routes.js';
import { SettingsPage } from '../settings/SettingsPage.js';
import { TasksPage } from '../tasks/TasksPage.js';
import { CalendarPage } from '../calendar/CalendarPage.js';
import { CallsPage } from '../telephony/CallsPage.js';
import { AppLayout } from './AppLayout.js';
import { NotFound } from './NotFound.js';
import { queryClient } from './query.js';
import { meQuery, setupQuery } from './session.js';

const rootRoute = createRootRoute({ component: Outlet, notFoundComponent: NotFound });

const setupRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/setup',
  beforeLoad: async () => {
    if (!(await queryClient.query(setupQuery)).needed) throw redirect({ to: '/login' });
  },
  component: SetupPage,
});

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  beforeLoad: async () => {
    if ((await queryClient.query(setupQuery)).needed) throw redirect({ to: '/setup' });
    if (await queryClient.query(meQuery)) throw redirect({ to: '/' });
  },
  component: LoginPage,
});

/** Everything behind sign-in shares the frame (sidebar, search, user menu). */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async () => {
    const me = await queryClient.query(meQuery);
    if (!me) {
      const setup = await queryClient.query(setupQuery);
      throw redirect({ to: setup.needed ? '/setup' : '/login' });
    }
  },
  component: AppLayout,
});

const indexRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/contacts' });
  },
});

export interface ListSearch {
  q?: string;
  view?: string;
  deleted?: boolean;
}

const listSearch = (search: Record<string, unknown>): ListSearch => ({
  ...(typeof search.q === 'string' && search.q ? { q: search.q } : {}),
  ...(typeof search.view === 'string' ? { view: search.view } : {}),
  ...(search.deleted === true || search.deleted === 'true' ? { deleted: true } : {}),
});

const contactsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/contacts',
  validateSearch: listSearch,
  component: ContactListPage,
});
const contactRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/contacts/$id',
  component: ContactPage,
});
const companiesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/companies',
  validateSearch: listSearch,
  component: CompanyListPage,
});
const companyRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/companies/$id',
  component: CompanyPage,
});
const leadsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/leads',
  validateSearch: listSearch,
  component: LeadListPage,
});
const leadRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/leads/$id',
  component: LeadPage,
});
const tasksRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/tasks',
  validateSearch: (search: Record<string, unknown>): { task?: string } =>
    typeof search.task === 'string' ? { task: search.task } : {},
  component: TasksPage,
});
const calendarRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/calendar',
  component: CalendarPage,
});
const dealsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/deals',
  validateSearch: listSearch,
  component: DealsPage,
});
const dealRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/deals/$id',
  component: DealPage,
});
const funnelRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/deals/funnel',
  component: FunnelPage,
});
const activityReportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/reports/activity',
  component: ActivityPage,
});
const productsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/products',
  component: ProductsPage,
});
const settingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/settings',
  validateSearch: (search: Record<string, unknown>): { tab?: string } =>
    typeof search.tab === 'string' ? { tab: search.tab } : {},
  component: SettingsPage,
});
const automationsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/automations',
  validateSearch: (search: Record<string, unknown>): { tab?: string } =>
    typeof search.tab === 'string' ? { tab: search.tab } : {},
  component: AutomationsPage,
});
const automationRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/automations/$id',
  validateSearch: (search: Record<string, unknown>): { template?: string } =>
    typeof search.template === 'string' ? { template: search.template } : {},
  component: RuleEditorPage,
});

const callsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/calls',
  component: CallsPage,
});

const routeTree = rootRoute.addChildren([
  setupRoute,
  loginRoute,
  appRoute.addChildren([
    indexRoute,
    contactsRoute,
    contactRoute,
    companiesRoute,
    companyRoute,
    leadsRoute,
    leadRoute,
    dealsRoute,
    dealRoute,
    funnelRoute,
    activityReportRoute,
    productsRoute,
    settingsRoute,
    automationsRoute,
    automationRoute,
    tasksRoute,
    calendarRoute,
    ...billingRoutes(appRoute),
    ...importRoutes(appRoute),
    callsRoute,
  ]),
]);

export const router = createRouter({
  routeTree,
  defaultPreload: 'intent',
  scrollRestoration: true,
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
