import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  Popover,
  ScrollArea,
  Stack,
  Text,
} from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconColumns } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

export function ColumnChooser({
  all,
  visible,
  onChange,
}: {
  all: { key: string; label: string }[];
  visible: string[];
  onChange: (keys: string[]) => void;
}) {
  const { t } = useTranslation();
  const ordered = [
    ...visible.map((k) => all.find((c) => c.key === k)).filter((c) => c !== undefined),
    ...all.filter((c) => !visible.includes(c.key)),
  ];
  const move = (key: string, delta: number) => {
    const index = visible.indexOf(key);
    const target = index + delta;
    if (index < 0 || target < 0 || target >= visible.length) return;
    const next = [...visible];
    [next[index], next[target]] = [next[target] ?? key, key];
    onChange(next);
  };
  return (
    <Popover position="bottom-end" withinPortal>
      <Popover.Target>
        <Button size="xs" variant="subtle" leftSection={<IconColumns size={14} />}>
          {t('common:list.columns')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <ScrollArea.Autosize mah={360}>
          <Stack gap={4} w={240}>
            {ordered.map((column) => {
              const shown = visible.includes(column.key);
              return (
                <Group key={column.key} justify="space-between" wrap="nowrap">
                  <Checkbox
                    size="xs"
                    label={<Text size="sm">{column.label}</Text>}
                    checked={shown}
                    disabled={shown && visible.length === 1}
                    onChange={() =>
                      onChange(
                        shown ? visible.filter((k) => k !== column.key) : [...visible, column.key],
                      )
                    }
                  />
                  {shown && (
                    <Group gap={0}>
                      <ActionIcon
                        size="xs"
                        variant="subtle"
                        aria-label={t('common:list.moveUp')}
                        onClick={() => move(column.key, -1)}
                      >
                        <IconArrowUp size={12} />
                      </ActionIcon>
                      <ActionIcon
                        size="xs"
                        variant="subtle"
                        aria-label={t('common:list.moveDown')}
                        onClick={() => move(column.key, 1)}
                      >
                        <IconArrowDown size={12} />
                      </ActionIcon>
                    </Group>
                  )}
                </Group>
              );
            })}
          </Stack>
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  );
}
