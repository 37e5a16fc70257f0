import { createRoute, type AnyRoute } from '@tanstack/react-router';
import type { DocumentType } from '../../common/billing/totals.js';
import type { Collection, CustomerType } from './api.js';
import { DocumentPage, NewDocumentPage } from './DocumentPage.js';
import { DocumentsPage } from './DocumentsPage.js';
import { PaymentsPage } from './PaymentsPage.js';
import { TemplatesPage } from './TemplatesPage.js';

const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

export interface NewDocumentSearch {
  type?: DocumentType;
  customerType?: CustomerType;
  customerId?: string;
  customerName?: string;
  dealId?: string;
}

/** The billing pages under the signed-in frame (one spread in router.tsx). */
export function billingRoutes<P extends AnyRoute>(parent: P) {
  return [
    createRoute({
      getParentRoute: () => parent,
      path: '/billing',
      validateSearch: (s: Record<string, unknown>): { collection?: Collection } => {
        const c = str(s.collection);
        return c ? { collection: c as Collection } : {};
      },
      component: DocumentsPage,
    }),
    createRoute({
      getParentRoute: () => parent,
      path: '/billing/new',
      validateSearch: (s: Record<string, unknown>): NewDocumentSearch => {
        const out: NewDocumentSearch = {};
        if (str(s.type)) out.type = s.type as DocumentType;
        if (s.customerType === 'contacts' || s.customerType === 'companies')
          out.customerType = s.customerType;
        if (str(s.customerId)) out.customerId = s.customerId as string;
        if (str(s.customerName)) out.customerName = s.customerName as string;
        return out;
      },
      component: NewDocumentPage,
    }),
    createRoute({
      getParentRoute: () => parent,
      path: '/billing/templates',
      component: TemplatesPage,
    }),
    createRoute({
      getParentRoute: () => parent,
      path: '/billing/$collection/$id',
      component: DocumentPage,
    }),
    createRoute({
      getParentRoute: () => parent,
      path: '/payments',
      component: PaymentsPage,
    }),
  ] as const;
}
