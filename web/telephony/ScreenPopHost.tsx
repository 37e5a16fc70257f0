import { Drawer } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, qs } from '../lib/api.js';
import { useServerEvent } from '../lib/events.js';
import { TASKS_KEY } from '../tasks/api.js';
import type { CallRinging, CallUpdated, ScreenPop } from './api.js';
import { PopCard, type CallProgress } from './PopCard.js';

/**
 * Mounted once in the app frame: when the server pushes `call.ringing` for this agent, the
 * screen pop slides in from the right over any page — no click — and `call.updated` keeps its
 * state (answered, ended, missed with the call-back) current.
 */
export function ScreenPopHost() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [pop, setPop] = useState<ScreenPop | null>(null);
  const [progress, setProgress] = useState<CallProgress | null>(null);

  useServerEvent<CallRinging>('call.ringing', (data) => {
    setPop(data.pop);
    setProgress(null);
  });
  useServerEvent<CallUpdated>('call.updated', (data) => {
    void queryClient.invalidateQueries({ queryKey: ['calls'] });
    if (data.taskId) void queryClient.invalidateQueries({ queryKey: TASKS_KEY });
    if (pop?.call?.id !== data.id) return;
    setProgress({ status: data.status, taskId: data.taskId, callbackDueAt: data.callbackDueAt });
  });

  const choose = async (ref: { type: 'contacts' | 'companies' | 'leads'; id: string }) => {
    const next = await get<ScreenPop>(
      `/screen-pop${qs({ callId: pop?.call?.id, type: ref.type, id: ref.id })}`,
    );
    setPop(next);
  };

  return (
    <Drawer
      opened={pop !== null}
      onClose={() => setPop(null)}
      position="right"
      size="lg"
      withOverlay={false}
      lockScroll={false}
      trapFocus={false}
      closeOnClickOutside={false}
      title={t('telephony:pop.title')}
      shadow="xl"
      zIndex={300}
      transitionProps={{ duration: 120 }}
    >
      {pop && (
        <PopCard
          pop={pop}
          progress={progress}
          onChoose={(ref) => void choose(ref)}
          onDismiss={() => setPop(null)}
        />
      )}
    </Drawer>
  );
}
