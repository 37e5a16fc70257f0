import type { RunStatus } from '../../common/automations.js';

export const STATUS_COLORS: Record<RunStatus, string> = {
  running: 'blue',
  succeeded: 'green',
  failed: 'red',
  skipped: 'gray',
};
