import { Stack, Tabs, Title } from '@mantine/core';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useLoad } from '../hooks/use-load.js';
import { useApi } from '../session/session-context.js';
import { ConsentPurposesForm } from './privacy/consent-purposes-form.js';
import { PersonRequestForm } from './privacy/person-request-form.js';
import { PrivacyRequests } from './privacy/privacy-requests.js';
import { RetentionForm } from './privacy/retention-form.js';
import { SuppressionList } from './privacy/suppression-list.js';
import { NotLoaded } from '../components/not-loaded.js';

const tabs = [
  { value: 'requests', label: 'Requests' },
  { value: 'consent', label: 'Consent purposes' },
  { value: 'retention', label: 'Retention' },
  { value: 'suppressions', label: 'Suppression list' },
] as const;
type Tab = (typeof tabs)[number]['value'];

/**
 * What the shop holds about people and how it honours their choices: export and erasure requests, consent purposes,
 * retention and the suppression list, one tab each (`?tab=`, so that a link keeps it).
 */
export function PrivacyPage() {
  const [search, setSearch] = useSearchParams();
  const asked = search.get('tab');
  const tab: Tab = tabs.find((t) => t.value === asked)?.value ?? 'requests';
  // Bumped after an export or erasure: the lists below load again.
  const [version, setVersion] = useState(0);
  return (
    <Stack>
      <Title order={1} size="h2">
        Privacy
      </Title>
      <Tabs
        value={tab}
        onChange={(value) =>
          value !== null && setSearch(value === 'requests' ? {} : { tab: value }, { replace: true })
        }
        keepMounted={false}
      >
        <Tabs.List style={{ flexWrap: 'nowrap', overflowX: 'auto' }}>
          {tabs.map((t) => (
            <Tabs.Tab key={t.value} value={t.value} style={{ flexShrink: 0 }}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="requests" pt="md">
          <Stack>
            <PersonRequestForm onDone={() => setVersion((v) => v + 1)} />
            <PrivacyRequests version={version} />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="consent" pt="md">
          <WorkspaceSection form="consent" />
        </Tabs.Panel>
        <Tabs.Panel value="retention" pt="md">
          <WorkspaceSection form="retention" />
        </Tabs.Panel>
        <Tabs.Panel value="suppressions" pt="md">
          <SuppressionList version={version} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

/** A form on the workspace's settings (GET /api/v1/workspace), made again from the saved settings after each save. */
function WorkspaceSection({ form }: { form: 'consent' | 'retention' }) {
  const api = useApi();
  const loaded = useLoad('workspace', () => api.call('workspace'));
  if (loaded.data === undefined)
    return <NotLoaded loaded={loaded} />;
  const key = JSON.stringify(loaded.data.settings);
  return form === 'consent' ? (
    <ConsentPurposesForm key={key} workspace={loaded.data} onSaved={loaded.reload} />
  ) : (
    <RetentionForm key={key} workspace={loaded.data} onSaved={loaded.reload} />
  );
}
