import { Button, Center, Loader, Text } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { IconDownload } from '@tabler/icons-react';
import { useMe } from '../app/session.js';

/**
 * The CSV download of a report (`/api/v1/reports/<name>?…&format=csv`), shown only to users whose
 * role has the reports export right (the server refuses the CSV without it).
 */
export function ReportCsvButton(props: { report: string; params: string | null; testId: string }) {
  const rights = useMe().access.permissions.reports;
  if (rights?.export === undefined || rights.export === 'none') return null;
  return (
    <Button
      size="xs"
      variant="default"
      component="a"
      href={props.params ? `/api/v1/reports/${props.report}${props.params}&format=csv` : undefined}
      leftSection={<IconDownload size={14} />}
      disabled={!props.params}
      data-testid={props.testId}
    >
      CSV
    </Button>
  );
}

/** What a report shows until its figures arrive: a spinner, or the error. */
export function ReportPending(props: { error: Error | null }) {
  return (
    <Center h={240}>{props.error ? <Text c="red">{props.error.message}</Text> : <Loader />}</Center>
  );
}

/** The period of a report: a range of days. */
export function ReportPeriod(props: {
  label: string;
  value: [string | null, string | null];
  onChange: (value: [string | null, string | null]) => void;
  testId: string;
}) {
  return (
    <DatePickerInput
      size="xs"
      w={230}
      type="range"
      aria-label={props.label}
      valueFormat="DD.MM.YYYY"
      value={props.value}
      onChange={props.onChange}
      data-testid={props.testId}
    />
  );
}
