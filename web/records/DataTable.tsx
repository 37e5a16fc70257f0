import { ActionIcon, Box, Checkbox, Loader, Text, TextInput, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPencil } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type CSSProperties, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BaseRecord, ColumnDef } from './types.js';
import classes from './DataTable.module.css';

const ROW_HEIGHT = 36;
const CHECK_WIDTH = 36;

export interface DataTableProps<T extends BaseRecord> {
  rows: T[];
  columns: ColumnDef<T>[];
  widths: Record<string, number>;
  onResize: (key: string, width: number) => void;
  sort: string;
  onSort: (sort: string) => void;
  selected: Set<string>;
  onSelect: (selected: Set<string>) => void;
  onOpen: (record: T) => void;
  onInlineEdit: (record: T, field: string, value: string) => Promise<void>;
  hasMore: boolean;
  loadingMore: boolean;
  onEndReached: () => void;
  /** Index of the keyboard-focused row (j/k), -1 for none. */
  cursor: number;
}

/**
 * A dense table that stays fast at any length: only the visible rows are in the DOM, the header
 * and first column stay in place while scrolling, and the next page loads near the end.
 */
export function DataTable<T extends BaseRecord>(props: DataTableProps<T>) {
  const { rows, columns, widths, sort, selected, cursor } = props;
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    if (props.hasMore && !props.loadingMore && lastIndex >= rows.length - 20) props.onEndReached();
  }, [lastIndex, rows.length, props]);

  useEffect(() => {
    if (cursor >= 0) virtualizer.scrollToIndex(cursor, { align: 'auto' });
  }, [cursor, virtualizer]);

  const totalWidth = CHECK_WIDTH + columns.reduce((sum, c) => sum + (widths[c.key] ?? c.width), 0);
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const template = `${CHECK_WIDTH}px ${columns.map((c) => `${widths[c.key] ?? c.width}px`).join(' ')}`;

  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    props.onSelect(next);
  };

  return (
    <div ref={scrollRef} className={classes.scroller} data-testid="data-table">
      <div style={{ width: totalWidth, minWidth: '100%' }} role="table" aria-rowcount={rows.length}>
        <div className={classes.header} style={{ gridTemplateColumns: template }} role="row">
          <div
            className={`${classes.cell} ${classes.check} ${classes.stickyCheck}`}
            role="columnheader"
          >
            <Checkbox
              size="xs"
              aria-label={t('common:list.selectAll')}
              checked={allSelected}
              indeterminate={!allSelected && selected.size > 0}
              onChange={() =>
                props.onSelect(allSelected ? new Set() : new Set(rows.map((r) => r.id)))
              }
            />
          </div>
          {columns.map((column, index) => {
            const active = sort.replace(/^-/, '') === column.sort;
            const desc = sort.startsWith('-');
            return (
              <div
                key={column.key}
                role="columnheader"
                className={`${classes.cell} ${classes.headerCell} ${index === 0 ? classes.stickyFirst : ''}`}
                aria-sort={active ? (desc ? 'descending' : 'ascending') : undefined}
              >
                {column.sort ? (
                  <UnstyledButton
                    className={classes.sortButton}
                    onClick={() =>
                      props.onSort(active && !desc ? `-${column.sort ?? ''}` : (column.sort ?? ''))
                    }
                  >
                    <Text size="xs" fw={600} truncate>
                      {column.label}
                    </Text>
                    {active && (desc ? <IconArrowDown size={12} /> : <IconArrowUp size={12} />)}
                  </UnstyledButton>
                ) : (
                  <Text size="xs" fw={600} truncate>
                    {column.label}
                  </Text>
                )}
                <ResizeHandle
                  width={widths[column.key] ?? column.width}
                  onResize={(w) => props.onResize(column.key, w)}
                />
              </div>
            );
          })}
        </div>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }} role="rowgroup">
          {items.map((item) => {
            const record = rows[item.index];
            if (!record) return null;
            const style: CSSProperties = {
              transform: `translateY(${item.start}px)`,
              gridTemplateColumns: template,
              height: ROW_HEIGHT,
            };
            return (
              <div
                key={record.id}
                role="row"
                aria-selected={selected.has(record.id)}
                className={`${classes.row} ${item.index === cursor ? classes.cursor : ''} ${selected.has(record.id) ? classes.selected : ''}`}
                style={style}
                data-testid="table-row"
              >
                <div
                  className={`${classes.cell} ${classes.check} ${classes.stickyCheck}`}
                  role="cell"
                >
                  <Checkbox
                    size="xs"
                    aria-label={t('common:list.select')}
                    checked={selected.has(record.id)}
                    onChange={() => toggle(record.id)}
                  />
                </div>
                {columns.map((column, index) => (
                  <div
                    key={column.key}
                    role="cell"
                    data-column={column.key}
                    className={`${classes.cell} ${index === 0 ? classes.stickyFirst : ''} ${index === 0 ? classes.link : ''}`}
                    onClick={index === 0 ? () => props.onOpen(record) : undefined}
                  >
                    {column.inlineEdit ? (
                      <InlineCell
                        value={column.inlineEdit.value(record)}
                        display={column.render(record)}
                        onSave={(value) =>
                          props.onInlineEdit(record, column.inlineEdit?.field ?? column.key, value)
                        }
                        stopPropagation={index === 0}
                      />
                    ) : (
                      <div className={classes.content}>{column.render(record)}</div>
                    )}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
        {props.loadingMore && (
          <Box p="xs" ta="center">
            <Loader size="xs" />
          </Box>
        )}
      </div>
    </div>
  );
}

function ResizeHandle({ width, onResize }: { width: number; onResize: (width: number) => void }) {
  const start = (event: React.PointerEvent) => {
    event.preventDefault();
    event.stopPropagation();
    const x0 = event.clientX;
    const move = (e: PointerEvent) => onResize(Math.max(60, Math.min(800, width + e.clientX - x0)));
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };
  return <span className={classes.resize} onPointerDown={start} aria-hidden />;
}

function InlineCell(props: {
  value: string;
  display: React.ReactNode;
  onSave: (value: string) => Promise<void>;
  stopPropagation: boolean;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(props.value);
  const [saving, setSaving] = useState(false);

  const save = async () => {
    if (draft === props.value) return setEditing(false);
    setSaving(true);
    try {
      await props.onSave(draft);
      setEditing(false);
    } catch {
      // the error toast is shown by the caller; keep the draft so nothing typed is lost
    } finally {
      setSaving(false);
    }
  };
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Enter') void save();
    if (event.key === 'Escape') {
      setDraft(props.value);
      setEditing(false);
    }
  };

  if (editing) {
    return (
      <TextInput
        size="xs"
        autoFocus
        value={draft}
        disabled={saving}
        onChange={(e) => setDraft(e.currentTarget.value)}
        onBlur={() => void save()}
        onKeyDown={onKey}
        onClick={(e) => e.stopPropagation()}
        w="100%"
      />
    );
  }
  return (
    <div className={`${classes.content} ${classes.editable}`}>
      <span className={classes.text}>{props.display}</span>
      <ActionIcon
        size="xs"
        variant="subtle"
        className={classes.editIcon}
        aria-label={t('common:actions.edit')}
        onClick={(e) => {
          if (props.stopPropagation) e.stopPropagation();
          setDraft(props.value);
          setEditing(true);
        }}
      >
        <IconPencil size={12} />
      </ActionIcon>
    </div>
  );
}
