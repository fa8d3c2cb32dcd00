import { Alert, Anchor, Button, Group, Title } from '@mantine/core';
import { Link } from 'react-router';
import { ConfirmButton } from '../pages/settings/confirm-button.js';

/** The top of an editor page: what is edited, the way back to its list, and who may change it when this role may not. */
export function EditorHeading(props: {
  readonly title: string;
  readonly backTo: string;
  readonly backLabel: string;
  /** Shown to a role that may only read ("Owners, admins and marketers change placements."); null for one that writes. */
  readonly readOnly: string | null;
}): React.JSX.Element {
  return (
    <>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {props.title}
        </Title>
        <Anchor component={Link} to={props.backTo} size="sm">
          {props.backLabel}
        </Anchor>
      </Group>
      {props.readOnly === null ? null : (
        <Alert color="gray" title="Read only">
          {props.readOnly}
        </Alert>
      )}
    </>
  );
}

/**
 * The buttons under an editor of something saved by name (a placement, a message): create or save, undo the changes,
 * and delete after a confirmation that says what deleting does.
 */
export function EditorActions(props: {
  /** The saved thing's name; undefined while it is new. */
  readonly savedName: string | undefined;
  readonly createLabel: string;
  readonly dirty: boolean;
  readonly busy: boolean;
  readonly onSave: () => void;
  readonly onUndo: () => void;
  /** What deleting does, in words ("It will not be shown again."). */
  readonly deleteQuestion: string;
  readonly onDelete: () => Promise<void>;
}): React.JSX.Element {
  const { savedName } = props;
  return (
    <Group mt="lg">
      <Button onClick={props.onSave} loading={props.busy} disabled={savedName !== undefined && !props.dirty}>
        {savedName === undefined ? props.createLabel : 'Save'}
      </Button>
      {savedName === undefined ? null : (
        <>
          <Button variant="default" disabled={!props.dirty || props.busy} onClick={props.onUndo}>
            Undo changes
          </Button>
          <ConfirmButton label="Delete" ariaLabel={`Delete ${savedName}`} title={`Delete “${savedName}”?`} question={props.deleteQuestion} confirm="Delete" onConfirm={props.onDelete} />
        </>
      )}
    </Group>
  );
}
