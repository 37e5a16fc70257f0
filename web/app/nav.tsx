import {
  IconAddressBook,
  IconBolt,
  IconBuilding,
  IconCalendar,
  IconChecklist,
  IconCash,
  IconChartBar,
  IconCopy,
  IconFileImport,
  IconFileInvoice,
  IconLayoutKanban,
  IconPackage,
  IconPhone,
  IconSettings,
  IconTargetArrow,
  type Icon,
} from '@tabler/icons-react';

export interface NavItem {
  to: string;
  /** Translation key in the `common` namespace. */
  label: string;
  icon: Icon;
  /** Shown in the phone's bottom bar (at most five items). */
  mobile?: boolean;
}

/** The sidebar, in the order of UI.md; features add their entry here. */
export const NAV_ITEMS: NavItem[] = [
  { to: '/tasks', label: 'nav.tasks', icon: IconChecklist, mobile: true },
  { to: '/contacts', label: 'nav.contacts', icon: IconAddressBook, mobile: true },
  { to: '/companies', label: 'nav.companies', icon: IconBuilding, mobile: true },
  { to: '/leads', label: 'nav.leads', icon: IconTargetArrow, mobile: true },
  { to: '/deals', label: 'nav.deals', icon: IconLayoutKanban, mobile: true },
  { to: '/billing', label: 'nav.documents', icon: IconFileInvoice },
  { to: '/payments', label: 'nav.payments', icon: IconCash },
  { to: '/products', label: 'nav.products', icon: IconPackage },
  { to: '/calls', label: 'nav.calls', icon: IconPhone },
  { to: '/reports/activity', label: 'nav.reports', icon: IconChartBar },
  { to: '/calendar', label: 'nav.calendar', icon: IconCalendar },
  { to: '/automations', label: 'nav.automations', icon: IconBolt },
  { to: '/imports', label: 'nav.imports', icon: IconFileImport },
  { to: '/duplicates', label: 'nav.duplicates', icon: IconCopy },
  { to: '/settings', label: 'nav.settings', icon: IconSettings },
];
