import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { notifyDone, notifyFailure } from '../../components/api-errors.js';
import { useApi, useCan } from '../../session/session-context.js';

/** Saves a JSON document as a file through the browser's download. */
function download(fileName: string, value: unknown): void {
  const url = URL.createObjectURL(
    new Blob([`${JSON.stringify(value, null, 2)}\n`], { type: 'application/json' }),
  );
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser the time to start the download before the address goes.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * The person's data rights: export everything held about them (`privacy:export`) and erase them (`privacy:erase`),
 * each shown only to roles that may; the API refuses the others anyway.
 */
export function PrivacyActions({ profileId, name }: { profileId: string; name: string }) {
  const can = useCan();
  const api = useApi();
  const navigate = useNavigate();
  const [exporting, setExporting] = useState(false);
  const [opened, { open, close }] = useDisclosure(false);
  const [typed, setTyped] = useState('');
  const [erasing, setErasing] = useState(false);

  const exportData = async () => {
    setExporting(true);
    try {
      const data = await api.call('profileExport', {
        params: { id: profileId },
        query: { by: 'profileId', format: 'json' },
      });
      download(`rapport-export-${profileId}.json`, data);
      notifyDone('The export was downloaded. It is recorded on the Privacy page.');
    } catch (error) {
      notifyFailure('The export failed', error);
    } finally {
      setExporting(false);
    }
  };
  const erase = async () => {
    setErasing(true);
    try {
      const report = await api.call('profileErase', {
        params: { id: profileId },
        query: { by: 'profileId' },
      });
      const rows = Object.values(report.removed).reduce((a, b) => a + b, 0);
      notifyDone(
        `${name} was erased: ${rows} record${rows === 1 ? '' : 's'} removed, and their identifiers will be refused from now on.`,
      );
      void navigate('/profiles', { replace: true });
    } catch (error) {
      notifyFailure(`${name} was not erased`, error);
      setErasing(false);
      close();
    }
  };

  if (!can('privacy:export') && !can('privacy:erase')) return null;
  return (
    <Group gap="xs">
      {can('privacy:export') ? (
        <Button variant="default" size="sm" loading={exporting} onClick={() => void exportData()}>
          Export their data
        </Button>
      ) : null}
      {can('privacy:erase') ? (
        <Button variant="light" color="red" size="sm" onClick={open}>
          Erase
        </Button>
      ) : null}
      <Modal
        opened={opened}
        onClose={() => {
          setTyped('');
          close();
        }}
        title={`Erase ${name}?`}
        centered
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (typed.trim().toLowerCase() === 'erase') void erase();
          }}
        >
          <Stack>
            <Text size="sm">
              Everything Rapport holds about this person goes: their profile, events, consent record, segment
              history and recommendations data. Their identifiers are kept only as hashes, so that new events
              about them are refused. This cannot be undone.
            </Text>
            <TextInput
              label="Type ERASE to confirm"
              value={typed}
              onChange={(e) => setTyped(e.currentTarget.value)}
              autoComplete="off"
              data-autofocus
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button
                type="submit"
                color="red"
                loading={erasing}
                disabled={typed.trim().toLowerCase() !== 'erase'}
              >
                Erase for good
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Group>
  );
}
