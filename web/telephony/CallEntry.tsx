import { Badge, Group, Text } from '@mantine/core';
import { IconPhoneIncoming, IconPhoneOutgoing } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../lib/format.js';

/** Minutes and seconds of talk time: 3:04. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export const STATUS_COLORS: Record<string, string> = {
  ringing: 'yellow',
  in_progress: 'blue',
  completed: 'green',
  missed: 'red',
};

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/** A call on a record's timeline: direction, number, agent, outcome, duration and recording. */
export function CallEntry({ data }: { data: Record<string, unknown> }) {
  const { t } = useTranslation();
  const direction = str(data.direction);
  const status = str(data.status);
  const recording = str(data.recordingUrl);
  const duration = typeof data.durationSec === 'number' ? data.durationSec : null;
  const DirectionIcon = direction === 'outbound' ? IconPhoneOutgoing : IconPhoneIncoming;
  return (
    <div style={{ marginTop: 6, paddingLeft: 36 }} data-testid="call-entry">
      <Group gap={6}>
        <DirectionIcon size={14} />
        <Text size="sm">
          {direction ? t(`telephony:direction.${direction}`) : ''}
          {str(data.numberFormatted) ? ` · ${str(data.numberFormatted)}` : ''}
          {str(data.agentName) ? ` · ${str(data.agentName)}` : ''}
        </Text>
        {status && (
          <Badge size="sm" variant="light" color={STATUS_COLORS[status] ?? 'gray'}>
            {t(`telephony:status.${status}`)}
          </Badge>
        )}
        {duration !== null && (
          <Text size="sm" c="dimmed">
            {formatDuration(duration)}
          </Text>
        )}
        {str(data.startedAt) && (
          <Text size="xs" c="dimmed">
            {formatDateTime(str(data.startedAt))}
          </Text>
        )}
      </Group>
      {recording && (
        <audio
          controls
          preload="none"
          src={recording}
          style={{ marginTop: 6, width: '100%', maxWidth: 420, height: 32 }}
          aria-label={t('telephony:recording')}
        />
      )}
    </div>
  );
}
