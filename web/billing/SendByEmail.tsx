import { Alert, Button, Group, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, post } from '../lib/api.js';
import { collectionOf, type DocumentOut } from './api.js';

/** Sends the document's PDF as an attachment; the customer's timeline records it. */
export function SendByEmail(props: { doc: DocumentOut; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { doc } = props;
  const email = typeof doc.customerDetails.email === 'string' ? doc.customerDetails.email : '';
  const [to, setTo] = useState(email);
  const [subject, setSubject] = useState(
    `${t(`billing:types.${doc.type}`)} ${doc.number ?? ''}`.trim(),
  );
  const [message, setMessage] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const send = useMutation({
    mutationFn: () =>
      post(`/${collectionOf(doc.type)}/${doc.id}/email`, {
        to,
        subject,
        message: message || null,
      }),
    onSuccess: () => {
      notifications.show({ color: 'green', message: t('billing:email.sent', { to }) });
      props.onDone();
    },
    onError: (error) => {
      if (error instanceof ApiError) setErrors(error.fieldErrors());
    },
  });
  return (
    <Stack gap="sm">
      <TextInput
        label={t('billing:email.to')}
        value={to}
        onChange={(e) => setTo(e.currentTarget.value)}
        error={errors.to}
        data-testid="email-to"
      />
      <TextInput
        label={t('billing:email.subject')}
        value={subject}
        onChange={(e) => setSubject(e.currentTarget.value)}
        error={errors.subject}
      />
      <Textarea
        label={t('billing:email.message')}
        value={message}
        onChange={(e) => setMessage(e.currentTarget.value)}
        autosize
        minRows={4}
      />
      <Text size="xs" c="dimmed">
        {t('billing:email.attachment')}
      </Text>
      {send.error && (
        <Alert color="red">
          {send.error instanceof ApiError && send.error.details[0]
            ? send.error.details[0].message
            : send.error.message}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={props.onCancel}>
          {t('common:actions.cancel')}
        </Button>
        <Button onClick={() => send.mutate()} loading={send.isPending} data-testid="send-email">
          {t('billing:email.send')}
        </Button>
      </Group>
    </Stack>
  );
}
