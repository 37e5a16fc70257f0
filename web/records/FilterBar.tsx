import {
  ActionIcon,
  Badge,
  Button,
  Group,
  NumberInput,
  Popover,
  Select,
  Stack,
  TextInput,
} from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { IconFilter, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUsers } from '../app/session.js';
import type { FilterDef } from './types.js';

type Op = 'eq' | 'contains' | 'in' | 'gte' | 'lte' | 'empty';

const OPS: Record<FilterDef['kind'], Op[]> = {
  text: ['contains', 'eq', 'empty'],
  enum: ['eq', 'empty'],
  multi: ['eq', 'empty'],
  owner: ['eq', 'empty'],
  tags: ['eq', 'empty'],
  date: ['gte', 'lte', 'empty'],
  number: ['gte', 'lte', 'eq', 'empty'],
  boolean: ['eq'],
  record: ['eq', 'empty'],
};

/** `filter[field][op]` as the list API takes it. */
export function filterKey(field: string, op: Op): string {
  return op === 'eq' ? `filter[${field}]` : `filter[${field}][${op}]`;
}

function parseKey(key: string): { field: string; op: Op } | null {
  const match = /^filter\[([^\]]+)\](?:\[(\w+)\])?$/.exec(key);
  return match ? { field: match[1] ?? '', op: (match[2] ?? 'eq') as Op } : null;
}

export function FilterBar({
  defs,
  value,
  onChange,
}: {
  defs: FilterDef[];
  value: Record<string, string>;
  onChange: (next: Record<string, string>) => void;
}) {
  const { t } = useTranslation();
  const users = useUsers();
  const [open, setOpen] = useState(false);
  const [field, setField] = useState<string | null>(null);
  const [op, setOp] = useState<Op>('eq');
  const [input, setInput] = useState('');
  const def = defs.find((d) => d.field === field);

  const describe = (key: string, raw: string) => {
    const parsed = parseKey(key);
    const d = defs.find((x) => x.field === parsed?.field);
    if (!parsed || !d) return `${key}=${raw}`;
    let shown = raw;
    if (d.kind === 'owner')
      shown =
        raw === 'me' ? t('common:filters.me') : (users.find((u) => u.id === raw)?.name ?? raw);
    if (d.kind === 'enum' || d.kind === 'multi')
      shown = d.options?.find((o) => o.value === raw)?.label ?? raw;
    if (d.kind === 'boolean') shown = raw === 'true' ? t('common:yes') : t('common:no');
    if (parsed.op === 'empty')
      shown = raw === 'true' ? t('common:filters.isEmpty') : t('common:filters.isNotEmpty');
    return `${d.label} ${t(`common:filters.ops.${parsed.op}`)} ${shown}`;
  };

  const apply = () => {
    if (!def || !input) return;
    onChange({ ...value, [filterKey(def.field, op)]: input });
    setOpen(false);
    setField(null);
    setInput('');
  };

  return (
    <Group gap={6} wrap="wrap">
      {Object.entries(value).map(([key, raw]) => (
        <Badge
          key={key}
          variant="light"
          size="lg"
          tt="none"
          rightSection={
            <ActionIcon
              size="xs"
              variant="transparent"
              aria-label={t('common:filters.remove')}
              onClick={() =>
                onChange(Object.fromEntries(Object.entries(value).filter(([k]) => k !== key)))
              }
            >
              <IconX size={12} />
            </ActionIcon>
          }
        >
          {describe(key, raw)}
        </Badge>
      ))}
      <Popover opened={open} onChange={setOpen} position="bottom-start" withinPortal trapFocus>
        <Popover.Target>
          <Button
            size="xs"
            variant="subtle"
            leftSection={<IconFilter size={14} />}
            onClick={() => setOpen((o) => !o)}
            data-testid="add-filter"
          >
            {t('common:filters.add')}
          </Button>
        </Popover.Target>
        <Popover.Dropdown>
          <Stack gap="xs" w={260}>
            <Select
              label={t('common:filters.field')}
              data={defs.map((d) => ({ value: d.field, label: d.label }))}
              value={field}
              searchable
              onChange={(f) => {
                setField(f);
                const d = defs.find((x) => x.field === f);
                setOp(d ? (OPS[d.kind][0] ?? 'eq') : 'eq');
                setInput('');
              }}
              comboboxProps={{ withinPortal: false }}
            />
            {def && (
              <Select
                label={t('common:filters.operator')}
                data={OPS[def.kind].map((o) => ({ value: o, label: t(`common:filters.ops.${o}`) }))}
                value={op}
                allowDeselect={false}
                onChange={(o) => {
                  setOp(o ?? 'eq');
                  setInput(o === 'empty' ? 'true' : '');
                }}
                comboboxProps={{ withinPortal: false }}
              />
            )}
            {def && op === 'empty' && (
              <Select
                label={t('common:filters.value')}
                data={[
                  { value: 'true', label: t('common:filters.isEmpty') },
                  { value: 'false', label: t('common:filters.isNotEmpty') },
                ]}
                value={input}
                onChange={(v) => setInput(v ?? 'true')}
                comboboxProps={{ withinPortal: false }}
              />
            )}
            {def && op !== 'empty' && <ValueInput def={def} value={input} onChange={setInput} />}
            <Button size="xs" onClick={apply} disabled={!def || !input} data-testid="apply-filter">
              {t('common:filters.apply')}
            </Button>
          </Stack>
        </Popover.Dropdown>
      </Popover>
    </Group>
  );
}

function ValueInput({
  def,
  value,
  onChange,
}: {
  def: FilterDef;
  value: string;
  onChange: (v: string) => void;
}) {
  const { t } = useTranslation();
  const users = useUsers();
  const label = t('common:filters.value');
  switch (def.kind) {
    case 'owner':
      return (
        <Select
          label={label}
          searchable
          data={[
            { value: 'me', label: t('common:filters.me') },
            ...users.map((u) => ({ value: u.id, label: u.name })),
          ]}
          value={value || null}
          onChange={(v) => onChange(v ?? '')}
          comboboxProps={{ withinPortal: false }}
        />
      );
    case 'enum':
    case 'multi':
      return (
        <Select
          label={label}
          data={def.options ?? []}
          value={value || null}
          onChange={(v) => onChange(v ?? '')}
          comboboxProps={{ withinPortal: false }}
        />
      );
    case 'boolean':
      return (
        <Select
          label={label}
          data={[
            { value: 'true', label: t('common:yes') },
            { value: 'false', label: t('common:no') },
          ]}
          value={value || null}
          onChange={(v) => onChange(v ?? '')}
          comboboxProps={{ withinPortal: false }}
        />
      );
    case 'date':
      return (
        <DateInput
          label={label}
          value={value || null}
          onChange={(v) => onChange(v ?? '')}
          valueFormat="YYYY-MM-DD"
          popoverProps={{ withinPortal: false }}
        />
      );
    case 'number':
      return <NumberInput label={label} value={value} onChange={(v) => onChange(String(v))} />;
    default:
      return (
        <TextInput
          label={label}
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
          data-testid="filter-value"
        />
      );
  }
}
