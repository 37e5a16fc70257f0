import type { TFunction } from 'i18next';
import type { RuleAction, RuleTrigger } from './api.js';

/** One line about a trigger: "Leads · status changed → qualified", "Schedule · 0 9 * * 1". */
export function triggerSummary(t: TFunction, trigger: RuleTrigger): string {
  const kind = t(`automations:triggers.${trigger.kind}`);
  if (trigger.kind === 'schedule') return `${kind} · ${trigger.cron}`;
  const object = t(`automations:objects.${trigger.object}`);
  switch (trigger.kind) {
    case 'stage_changed':
      return `${object} · ${kind}${trigger.to ? ` → ${trigger.to}` : ''}`;
    case 'date_reached':
      return `${object} · ${kind} · ${trigger.field}${
        trigger.offsetDays ? ` ${trigger.offsetDays > 0 ? '+' : ''}${trigger.offsetDays}` : ''
      }`;
    case 'no_activity':
      return `${object} · ${t('automations:trigger.noActivityDays', { count: trigger.days })}`;
    default:
      return `${object} · ${kind}`;
  }
}

export function actionSummary(t: TFunction, action: RuleAction): string {
  return t(`automations:actions.${action.type}`);
}
