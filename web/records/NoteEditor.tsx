import { Button, Group } from '@mantine/core';
import { Link, RichTextEditor } from '@mantine/tiptap';
import { useEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useTranslation } from 'react-i18next';

/** The notes composer: bold, italic, lists, links — what a note needs, nothing more. */
export function NoteEditor(props: {
  initial?: string;
  submitLabel: string;
  busy: boolean;
  onSubmit: (html: string) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const editor = useEditor({
    extensions: [StarterKit.configure({ link: false }), Link.configure({ openOnClick: false })],
    content: props.initial ?? '',
    immediatelyRender: true,
  });
  const submit = () => {
    if (editor.isEmpty) return;
    props.onSubmit(editor.getHTML());
    if (!props.initial) editor.commands.clearContent();
  };
  return (
    <div data-testid="note-editor">
      <RichTextEditor
        editor={editor}
        labels={{
          boldControlLabel: t('common:editor.bold'),
          italicControlLabel: t('common:editor.italic'),
          bulletListControlLabel: t('common:editor.bullets'),
          orderedListControlLabel: t('common:editor.numbers'),
          linkControlLabel: t('common:editor.link'),
          unlinkControlLabel: t('common:editor.unlink'),
        }}
      >
        <RichTextEditor.Toolbar>
          <RichTextEditor.ControlsGroup>
            <RichTextEditor.Bold />
            <RichTextEditor.Italic />
            <RichTextEditor.BulletList />
            <RichTextEditor.OrderedList />
            <RichTextEditor.Link />
            <RichTextEditor.Unlink />
          </RichTextEditor.ControlsGroup>
        </RichTextEditor.Toolbar>
        <RichTextEditor.Content mih={70} aria-label={t('common:timeline.notePlaceholder')} />
      </RichTextEditor>
      <Group justify="flex-end" mt="xs" gap="xs">
        {props.onCancel && (
          <Button size="xs" variant="default" onClick={props.onCancel}>
            {t('common:actions.cancel')}
          </Button>
        )}
        <Button size="xs" onClick={submit} loading={props.busy} data-testid="save-note">
          {props.submitLabel}
        </Button>
      </Group>
    </div>
  );
}
