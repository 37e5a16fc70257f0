/** The mail settings API as the web app uses it (types come from the server's zod contract). */
import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import type { mailSettingsBody, mailSettingsOut } from '../../server/mail/schema.js';
import { get } from '../lib/api.js';

export type MailSettings = z.infer<typeof mailSettingsOut>;
export type MailSettingsInput = z.input<typeof mailSettingsBody>;

export const mailSettingsQuery = queryOptions({
  queryKey: ['mail', 'settings'],
  queryFn: () => get<MailSettings>('/mail/settings'),
});
