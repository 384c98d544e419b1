// The frame around every screen: the acting position (switchable when several, delegations
// marked), navigation by the acting position's permissions with live badges of pending work, language,
// account and logout. A forced password change and an expired session are handled here.
import { lazy, Suspense, useEffect, useState } from 'react';
import { Outlet, useLocation, useNavigate, Link, Navigate } from 'react-router';
import { Button, Dropdown, Grid, Layout, Menu, Modal, Select, Spin, Tag, Typography, Alert } from 'antd';
import { MenuOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { graphql } from '../graphql';
import { useWorkCounts } from '../lib/workCounts';
import { actingPermissions, useMe, usePerUserLanguage, useSession, type MeData, type Permission } from '../session';
import LanguageSwitch from '../components/LanguageSwitch';
import LoginForm from '../components/LoginForm';
import { UnitName, useRoleNames } from '../components/Names';
import { errorText } from '../lib/errors';

// Only for a forced password change: its form stays out of the first screen.
const ChangePassword = lazy(() => import('../components/ChangePassword'));
// Narrow screens' navigation drawer, loaded when first opened.
const NavDrawer = lazy(() => import('../components/NavDrawer'));

const LOGOUT = graphql(`mutation Logout { logout }`);
export interface NavItem {
  key: string;
  label: string;
  needs?: Permission[];
}

/** Screens a position may open, by its permissions (the server checks again on every call). */
export function navigation(perms: Set<Permission>): string[] {
  const any = (...p: Permission[]) => p.some((x) => perms.has(x));
  const keys = ['/home', '/inbox/pending', '/inbox/processed', '/inbox/info', '/search'];
  if (any('KEEP_REGISTERS')) keys.push('/awaiting', '/receive');
  if (any('KEEP_REGISTERS', 'DIRECT_UNIT_DOCUMENTS', 'AUDIT')) keys.push('/registers');
  if (any('MONITOR_DEADLINES', 'AUDIT', 'PROPOSE_ASSIGNMENT', 'APPROVE_ASSIGNMENT', 'DIRECT_UNIT_DOCUMENTS'))
    keys.push('/overdue');
  if (any('HANDLE_DOCUMENTS')) keys.push('/outgoing/todo', '/outgoing/drafts', '/outgoing/new', '/outgoing/opinions');
  if (any('KEEP_REGISTERS')) keys.push('/outgoing/awaiting');
  // What one reviewed, approved or signed; issued: by one's office, or drafted by oneself.
  if (any('HANDLE_DOCUMENTS', 'DIRECT_UNIT_DOCUMENTS', 'SIGN_DOCUMENTS')) keys.push('/outgoing/processed');
  if (any('HANDLE_DOCUMENTS', 'KEEP_REGISTERS', 'DIRECT_UNIT_DOCUMENTS', 'SIGN_DOCUMENTS', 'AUDIT')) keys.push('/outgoing/issued');
  if (any('KEEP_REGISTERS', 'AUDIT')) keys.push('/outgoing/book');
  if (any('AUDIT')) keys.push('/audit');
  // The audit log: auditors all of it, administrators its administration part.
  if (any('AUDIT', 'MANAGE_ORGANISATION')) keys.push('/activity');
  if (any('MANAGE_ORGANISATION', 'MANAGE_ACCOUNTS', 'MANAGE_CATALOGUES', 'VIEW_USAGE_LOGS')) keys.push('/admin');
  return keys;
}

/** The translation key of a navigation entry's label. */
export function navLabelKey(key: string): string {
  const parts = key.split('/').filter(Boolean);
  if (parts[0] === 'home') return 'home.nav';
  if (key === '/outgoing/processed') return 'home.navProcessed';
  if (parts[0] === 'inbox') return `nav.${parts[1]}`;
  if (parts[0] === 'outgoing') return `nav.outgoing${parts[1][0].toUpperCase()}${parts[1].slice(1)}`;
  return `nav.${parts[0]}`;
}

function PositionLabel({ p, roles }: { p: MeData['positions'][number]; roles: Map<string, string> }) {
  const { t } = useTranslation();
  return (
    <span>
      {roles.get(p.role) ?? ''} · <UnitName id={p.unitId} />
      {p.delegationId && <> ({t('shell.delegated', { authority: p.authority ?? '' })})</>}
    </span>
  );
}

export default function Shell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.md;
  const [drawer, setDrawer] = useState(false);
  // Kept once opened, so that it can close with its animation.
  const [drawerUsed, setDrawerUsed] = useState(false);
  const session = useSession();
  const { me, fetching, error, unauthenticated, refetch } = useMe();
  const roles = useRoleNames();
  const [, logout] = useMutation(LOGOUT);
  usePerUserLanguage(me);
  const counts = useWorkCounts(!me || me.mustChangePassword);

  useEffect(() => {
    if (me) session.loggedInRef.current = true;
  }, [me, session.loggedInRef]);

  useEffect(() => {
    // The remembered position is no longer held: act in the default one.
    if (me && session.position && !me.positions.some((p) => p.positionId === session.position)) {
      session.setPosition(null);
    }
  }, [me, session]);

  if (unauthenticated && !session.loggedInRef.current) {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  }
  if (!me) {
    if (error && !unauthenticated) {
      return <Alert type="error" showIcon style={{ margin: 24 }} title={errorText(error, t)} action={<Button onClick={() => refetch({ requestPolicy: 'network-only' })}>{t('common.retry')}</Button>} />;
    }
    return fetching || !error ? <Spin style={{ display: 'block', margin: 64 }} /> : null;
  }

  const perms = actingPermissions(me);
  const keys = navigation(perms);
  const acting = me.positions.find((p) => p.positionId === me.actingPositionId);
  const label = (key: string, text: string, count?: number) => (
    <Link to={key} onClick={() => setDrawer(false)}>
      {text} {count ? <span className="nav-count" data-testid={`badge-${key.split('/').pop()}`}>{count > 99 ? '99+' : count}</span> : null}
    </Link>
  );
  const entry = (key: string) => {
    // Pending work (not unread items); for information: what is not read yet.
    const count =
      key === '/home' ? counts?.badge : key === '/inbox/pending' ? counts?.pending : key === '/inbox/info' ? counts?.infoUnread : key === '/outgoing/todo' ? counts?.outgoingToDo : undefined;
    return { key, label: label(key, t(navLabelKey(key)), count) };
  };
  const outgoingKeys = keys.filter((k) => k.startsWith('/outgoing/'));
  const items = [
    ...keys.filter((k) => !k.startsWith('/outgoing/') && !['/audit', '/activity', '/admin'].includes(k)).map(entry),
    ...(outgoingKeys.length ? [{ key: 'g-outgoing', type: 'group' as const, label: t('nav.outgoing'), children: outgoingKeys.map(entry) }] : []),
    ...keys.filter((k) => ['/audit', '/activity', '/admin'].includes(k)).map(entry),
  ];
  const selected = keys.filter((k) => location.pathname.startsWith(k) || (k === '/inbox/pending' && location.pathname === '/inbox'));
  const menu = <Menu mode="inline" selectedKeys={selected} items={items} style={{ borderInlineEnd: 0 }} />;

  async function doLogout() {
    await logout({});
    session.loggedInRef.current = false;
    session.setExpired(false);
    // The client (and its cache) is renewed by the login page once this shell is gone: renewed
    // here, the shell could see the new client's "not logged in" before the navigation
    // commits, and send the login page the page left as where to go after the next login.
    navigate('/login', { replace: true, state: { loggedOut: true } });
  }

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <header className="shell-header no-print">
        {narrow && <Button aria-label={t('shell.menu')} icon={<MenuOutlined />} onClick={() => { setDrawerUsed(true); setDrawer(true); }} data-testid="menu-button" />}
        <Link to="/home" className="brand">Chancery</Link>
        {me.positions.length > 1 ? (
          <Select
            aria-label={t('shell.actingPosition')}
            data-testid="position-switch"
            value={me.actingPositionId ?? undefined}
            onChange={(v: string) => session.setPosition(v)}
            options={me.positions.map((p) => ({ value: p.positionId, label: <PositionLabel p={p} roles={roles} /> }))}
            style={{ minWidth: 200, maxWidth: narrow ? 220 : 420 }}
            popupMatchSelectWidth={false}
          />
        ) : (
          acting && <Typography.Text className="hide-narrow"><PositionLabel p={acting} roles={roles} /></Typography.Text>
        )}
        {acting?.delegationId && (
          <Tag color="gold" data-testid="delegation-tag">{t('shell.actingByDelegation', { authority: acting.authority ?? '' })}</Tag>
        )}
        <span className="spacer" />
        <LanguageSwitch />
        {/* Opened by a click or Enter as well as by hovering; the focus goes into the menu. */}
        <Dropdown
          trigger={['hover', 'click']}
          autoFocus
          menu={{
            items: [
              { key: 'account', label: <Link to="/account">{t('nav.account')}</Link> },
              { key: 'logout', label: t('shell.logout'), onClick: () => void doLogout() },
            ],
          }}
        >
          <Button icon={<UserOutlined />} data-testid="user-menu" aria-label={t('shell.accountMenu', { name: me.person.fullName })} aria-haspopup="menu">
            <span className="hide-narrow">{me.person.fullName}</span>
          </Button>
        </Dropdown>
      </header>
      <Layout>
        {narrow ? (
          drawerUsed && (
            <Suspense fallback={null}>
              <NavDrawer open={drawer} onClose={() => setDrawer(false)} title={me.person.fullName}>
                {menu}
              </NavDrawer>
            </Suspense>
          )
        ) : (
          <Layout.Sider width={230} theme="light" className="no-print" style={{ borderInlineEnd: '1px solid #f0f0f0' }}>
            <nav aria-label={t('shell.navigation')}>{menu}</nav>
          </Layout.Sider>
        )}
        <Layout.Content className="shell-content">
          {me.mustChangePassword ? (
            <div>
              <Typography.Title level={3}>{t('account.mustChange')}</Typography.Title>
              <Suspense fallback={<Spin />}>
                <ChangePassword onDone={() => refetch({ requestPolicy: 'network-only' })} />
              </Suspense>
            </div>
          ) : (
            <Outlet />
          )}
        </Layout.Content>
      </Layout>
      <Modal open={session.expired} title={t('login.expiredTitle')} footer={null} closable={false} mask={{ closable: false }} destroyOnHidden>
        <Typography.Paragraph>{t('login.expired')}</Typography.Paragraph>
        <LoginForm
          fixedUsername={me.person.username}
          onDone={() => {
            session.setExpired(false);
          }}
        />
      </Modal>
    </Layout>
  );
}
