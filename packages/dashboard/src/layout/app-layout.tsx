import { AppShell, Badge, Burger, Group, Menu, NavLink, Text, UnstyledButton, useMantineTheme } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { Link, Outlet, useLocation } from 'react-router';
import type { NavPage } from '../routes.js';
import { useSession, useSignedIn } from '../session/session-context.js';

/**
 * The frame of every signed-in page: a side navigation on wide screens, behind a burger on phones, and the person's
 * menu (their account, the logout) in the header.
 */
export function AppLayout({ pages }: { pages: readonly NavPage[] }) {
  const [opened, { toggle, close }] = useDisclosure(false);
  const { pathname } = useLocation();
  const { logOut } = useSession();
  const { user } = useSignedIn();
  const theme = useMantineTheme();
  // Below the sm breakpoint the navigation slides away behind the burger: closed, it must not take the focus either.
  const wide = useMediaQuery(`(min-width: ${theme.breakpoints.sm})`, true);
  const hidden = !wide && !opened;
  const isActive = (path: string) => (path === '/' ? pathname === '/' : pathname === path || pathname.startsWith(`${path}/`));

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={opened ? 'Close the navigation' : 'Open the navigation'} />
            <Text component={Link} to="/" fw={700} size="lg" c="teal.8" td="none">
              Rapport
            </Text>
          </Group>
          <Menu position="bottom-end" width={240}>
            <Menu.Target>
              <UnstyledButton aria-label={`Account menu of ${user.name}`}>
                <Group gap={6} wrap="nowrap">
                  <Text size="sm" fw={500} truncate maw={{ base: 120, sm: 240 }}>
                    {user.name}
                  </Text>
                  <Badge variant="light" size="sm">
                    {user.role}
                  </Badge>
                </Group>
              </UnstyledButton>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>{user.email}</Menu.Label>
              <Menu.Item component={Link} to="/settings/account">
                Your account
              </Menu.Item>
              <Menu.Item
                color="red"
                onClick={() => {
                  // Signed out, the pages send the person to the login page.
                  void logOut();
                }}
              >
                Log out
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation" inert={hidden} aria-hidden={hidden || undefined}>
        {pages.map((page) => (
          <NavLink key={page.path} component={Link} to={page.path} label={page.label} active={isActive(page.path)} onClick={close} aria-current={isActive(page.path) ? 'page' : undefined} />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
