import { Link as RouterLink, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { AppShell, Burger, Group, Menu, NavLink, ScrollArea, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMe, useSession } from '../session/hooks';
import { rememberReturnTo, signOut } from '../session/session';
import { roleLabel } from '../i18n/terms';
import { activeItem, NAVIGATION } from './navigation';

/**
 * The signed-in frame: the header with the menu button (a drawer on a phone, a sidebar from 768 px)
 * and the person's name; the pages render in the main area. Without a session, the sign-in page.
 */
export function Shell() {
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const me = useMe();
  const [opened, { toggle, close }] = useDisclosure(false);
  if (!session) {
    rememberReturnTo(location.pathname + location.search);
    return <Navigate to="/masuk" replace />;
  }
  const roles = session.claims.roles;
  const items = NAVIGATION.filter((n) => n.visible({ roles, hasTeam: (me.data?.team.length ?? 0) > 0, isEmployee: !!session.claims.nip }));
  const name = me.data?.name ?? session.claims.name ?? session.claims.sub;
  // One item is the current page (aria-current, which Mantine also styles as active): the one whose path
  // holds the page's the most closely, so /audit/per-tanggal is not also /audit. A plain Link, since
  // react-router's NavLink would mark every item whose path is a prefix.
  const activeTo = activeItem(items, location.pathname);
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Menu" />
            <Text fw={700} component={RouterLink} to="/" style={{ textDecoration: 'none', color: 'inherit' }}>
              kinerja
            </Text>
          </Group>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <UnstyledButton aria-label={`${name}, menu akun`}>
                <Text size="sm" truncate maw={180}>
                  {name}
                </Text>
              </UnstyledButton>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>{roles.map(roleLabel).join(', ')}</Menu.Label>
              {me.data?.position?.title && <Menu.Label>{me.data.position.title}</Menu.Label>}
              <Menu.Item
                onClick={() => {
                  signOut();
                  navigate('/masuk', { replace: true });
                }}
              >
                Keluar
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Navigasi utama">
        <ScrollArea>
          {items.map((n, i) => (
            <div key={n.to}>
              {n.section && n.section !== items[i - 1]?.section && (
                <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pt="md" pb={4}>
                  {n.section}
                </Text>
              )}
              <NavLink
                component={RouterLink}
                to={n.to}
                label={n.label}
                active={n.to === activeTo}
                aria-current={n.to === activeTo ? 'page' : undefined}
                onClick={close}
              />
            </div>
          ))}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
