import { ActionIcon, Anchor, Group, Tooltip, type MantineSize } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPhone, IconPhoneCall } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { dial, telephonySettingsQuery } from './api.js';

/**
 * Click-to-call on a phone number: a `tel:` link (softphone or the phone itself) and, when the
 * workspace has a PBX click-to-call webhook, a button that asks the PBX to ring the agent first.
 */
export function PhoneLink({
  value,
  children,
  size,
  icon = false,
}: {
  /** The number to dial (E.164 preferred). */
  value: string;
  children?: ReactNode;
  size?: MantineSize;
  icon?: boolean;
}) {
  const { t } = useTranslation();
  const settings = useQuery(telephonySettingsQuery);
  const call = useMutation({
    mutationFn: () => dial(value),
    onSuccess: (result) => {
      if (result.mode === 'tel') window.location.href = result.telUri;
      else notifications.show({ color: 'green', message: t('telephony:dial.ringing') });
    },
  });
  const label = children ?? value;
  return (
    <Group gap={4} wrap="nowrap" component="span" display="inline-flex">
      <Anchor href={`tel:${value}`} size={size} data-testid="phone-link">
        {icon ? (
          <Group gap={4} component="span" wrap="nowrap">
            <IconPhone size={14} />
            {label}
          </Group>
        ) : (
          label
        )}
      </Anchor>
      {settings.data?.clickToCallUrl && (
        <Tooltip label={t('telephony:dial.viaPbx')}>
          <ActionIcon
            size="xs"
            variant="subtle"
            loading={call.isPending}
            onClick={() => call.mutate()}
            aria-label={t('telephony:dial.viaPbx')}
            data-testid="dial-pbx"
          >
            <IconPhoneCall size={12} />
          </ActionIcon>
        </Tooltip>
      )}
    </Group>
  );
}
