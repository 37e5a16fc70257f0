import {
  IconAddressBook,
  IconBuilding,
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
  { to: '/contacts', label: 'nav.contacts', icon: IconAddressBook, mobile: true },
  { to: '/companies', label: 'nav.companies', icon: IconBuilding, mobile: true },
  { to: '/leads', label: 'nav.leads', icon: IconTargetArrow, mobile: true },
  { to: '/settings', label: 'nav.settings', icon: IconSettings },
];
