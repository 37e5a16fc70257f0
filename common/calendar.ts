/** Calendar arithmetic on local dates (`YYYY-MM-DD`), independent of the browser's zone. */

const parse = (date: string) => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
};
const format = (value: Date) => value.toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  const value = parse(date);
  value.setUTCDate(value.getUTCDate() + days);
  return format(value);
}

export function addMonths(date: string, months: number): string {
  const value = parse(date);
  value.setUTCDate(1);
  value.setUTCMonth(value.getUTCMonth() + months);
  return format(value);
}

/** ISO weekday, Monday = 1. */
export function weekday(date: string): number {
  const day = parse(date).getUTCDay();
  return day === 0 ? 7 : day;
}

export const startOfWeek = (date: string) => addDays(date, 1 - weekday(date));
export const startOfMonth = (date: string) => `${date.slice(0, 7)}-01`;

export type CalendarView = 'day' | 'week' | 'month';

/** The days a view shows around `anchor`. */
export function daysOf(view: CalendarView, anchor: string): string[] {
  const first =
    view === 'day'
      ? anchor
      : view === 'week'
        ? startOfWeek(anchor)
        : startOfWeek(startOfMonth(anchor));
  const count = view === 'day' ? 1 : view === 'week' ? 7 : 42;
  return Array.from({ length: count }, (_, i) => addDays(first, i));
}

export function shift(view: CalendarView, anchor: string, direction: 1 | -1): string {
  if (view === 'day') return addDays(anchor, direction);
  if (view === 'week') return addDays(anchor, 7 * direction);
  return addMonths(anchor, direction);
}
