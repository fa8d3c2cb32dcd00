import { Stack, Tabs, Title } from '@mantine/core';
import { Navigate, useNavigate, useParams } from 'react-router';
import { AccountSettings } from './settings/account-settings.js';
import { ApiKeysSettings } from './settings/api-keys-settings.js';
import { AuditLog } from './settings/audit-log.js';
import { TeamSettings } from './settings/team-settings.js';
import { WorkspaceSettingsPanel } from './settings/workspace-settings.js';

const tabs = [
  { value: 'workspace', label: 'Workspace', Panel: WorkspaceSettingsPanel },
  { value: 'team', label: 'Users and roles', Panel: TeamSettings },
  { value: 'keys', label: 'API keys', Panel: ApiKeysSettings },
  { value: 'audit', label: 'Audit log', Panel: AuditLog },
  { value: 'account', label: 'Your account', Panel: AccountSettings },
] as const;

/**
 * The workspace's settings, its people and their roles, the API keys, the audit log, and the signed-in person's own
 * account: one tab each (/settings/<tab>).
 */
export function SettingsPage() {
  const { tab } = useParams();
  const navigate = useNavigate();
  if (tab === undefined) return <Navigate to="/settings/workspace" replace />;
  const current = tabs.find((t) => t.value === tab);
  if (current === undefined) return <Navigate to="/settings/workspace" replace />;
  return (
    <Stack>
      <Title order={1} size="h2">
        Settings
      </Title>
      <Tabs value={current.value} onChange={(value) => value !== null && void navigate(`/settings/${value}`)} keepMounted={false}>
        <Tabs.List style={{ flexWrap: 'nowrap', overflowX: 'auto' }}>
          {tabs.map((t) => (
            <Tabs.Tab key={t.value} value={t.value} style={{ flexShrink: 0 }}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {tabs.map((t) => (
          <Tabs.Panel key={t.value} value={t.value} pt="md">
            <t.Panel />
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
