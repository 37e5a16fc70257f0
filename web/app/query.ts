import { notifications } from '@mantine/notifications';
import { MutationCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from '../lib/api.js';
import { i18next } from '../lib/i18n.js';

/** Shows a server error as a toast with the translated message; forms show field errors inline. */
export function notifyError(error: unknown): void {
  const message =
    error instanceof ApiError
      ? error.status === 0
        ? i18next.t('common:errors.offline')
        : error.message
      : i18next.t('common:errors.unexpected');
  notifications.show({ color: 'red', title: i18next.t('common:errors.title'), message });
}

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Cached data shows at once and is refreshed whenever a page mounts: automations, jobs and
      // colleagues change records behind the user's back. Slow-changing lists set their own.
      staleTime: 0,
      retry: (count, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
  mutationCache: new MutationCache({
    onError: (error, _variables, _context, mutation) => {
      // Mutations that handle their own errors (forms) set meta.silent.
      if (!mutation.meta?.silent) notifyError(error);
    },
  }),
});
