import { AuditLog } from './AuditLog.js';
import { FieldPermissionsSettings } from './FieldPermissionsSettings.js';
import { RolesSettings } from './RolesSettings.js';
import { SecuritySettings } from './SecuritySettings.js';
import { TeamsSettings } from './TeamsSettings.js';

/** The administrator's settings tabs of access levels (issue 9). */
export const ACCESS_ADMIN_TABS = [
  { key: 'roles', Component: RolesSettings, label: 'access:tabs.roles' },
  { key: 'teams', Component: TeamsSettings, label: 'access:tabs.teams' },
  {
    key: 'fieldPermissions',
    Component: FieldPermissionsSettings,
    label: 'access:tabs.fieldPermissions',
  },
  { key: 'security', Component: SecuritySettings, label: 'access:tabs.security' },
  { key: 'audit', Component: AuditLog, label: 'access:tabs.audit' },
];
