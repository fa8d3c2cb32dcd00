import { Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';
import type { RouteObject } from 'react-router';
import { AppLayout } from './layout/app-layout.js';
import { RequireSession } from './layout/require-session.js';
import { AcceptInvitationPage } from './pages/accept-invitation-page.js';
import { LoginPage } from './pages/login-page.js';
import { NotFoundPage } from './pages/not-found-page.js';
import { OverviewPage } from './pages/overview-page.js';
import { PrivacyPage } from './pages/privacy-page.js';
import { ProfilesPage } from './pages/profiles-page.js';
import { ProfilePage } from './pages/profiles/profile-page.js';
import { RecommendationsPage } from './pages/recommendations-page.js';
import { SegmentsPage } from './pages/segments-page.js';
import { RfmPage } from './pages/segments/rfm-page.js';
import { SegmentDetailPage } from './pages/segments/segment-detail-page.js';
import { SegmentEditorPage } from './pages/segments/segment-editor-page.js';
import { SettingsPage } from './pages/settings-page.js';
import { SetupPage } from './pages/setup-page.js';

/**
 * A page loaded when it is first opened: the placements and messages editors (phone frame, Liquid fields) are a
 * chunk of their own, so that the first load of the dashboard stays under Vite's chunk size limit.
 */
function lazyPage(load: () => Promise<() => React.JSX.Element>): () => React.JSX.Element {
  const Lazy = lazy(async () => ({ default: await load() }));
  return function LazyPage() {
    return (
      <Suspense fallback={<Loader aria-label="Loading" />}>
        <Lazy />
      </Suspense>
    );
  };
}

const PlacementsPage = lazyPage(async () => (await import('./pages/placements-page.js')).PlacementsPage);
const PlacementEditorPage = lazyPage(async () => (await import('./pages/placements/placement-editor-page.js')).PlacementEditorPage);
const MessagesPage = lazyPage(async () => (await import('./pages/messages-page.js')).MessagesPage);
const MessageEditorPage = lazyPage(async () => (await import('./pages/messages/message-editor-page.js')).MessageEditorPage);

/** A page of the navigation: its path under /app, its label, and the page. */
export interface NavPage {
  readonly path: string;
  readonly label: string;
  readonly Page: () => React.JSX.Element;
}

/**
 * The pages of the side navigation, in its order. Each page lives in its own file under pages/: adding one is a line
 * here and a file there.
 */
export const navPages: readonly NavPage[] = [
  { path: '/', label: 'Overview', Page: OverviewPage },
  { path: '/profiles', label: 'Profiles', Page: ProfilesPage },
  { path: '/segments', label: 'Segments', Page: SegmentsPage },
  { path: '/recommendations', label: 'Recommendations', Page: RecommendationsPage },
  { path: '/placements', label: 'Placements', Page: PlacementsPage },
  { path: '/messages', label: 'In-app messages', Page: MessagesPage },
  { path: '/privacy', label: 'Privacy', Page: PrivacyPage },
  { path: '/settings', label: 'Settings', Page: SettingsPage },
];

/** Every route of the dashboard (under the router's basename, /app). */
export const routes: RouteObject[] = [
  // Pages for people who are not signed in (yet): the links `rapport start` prints and invitations hold lead here.
  { path: '/setup', element: <SetupPage /> },
  { path: '/login', element: <LoginPage /> },
  { path: '/accept-invitation', element: <AcceptInvitationPage /> },
  {
    element: (
      <RequireSession>
        <AppLayout pages={navPages} />
      </RequireSession>
    ),
    children: [
      ...navPages.map(({ path, Page }): RouteObject => (path === '/' ? { index: true, element: <Page /> } : { path, element: <Page /> })),
      { path: '/profiles/:id', element: <ProfilePage /> },
      { path: '/recommendations/*', element: <RecommendationsPage /> },
      { path: '/settings/:tab', element: <SettingsPage /> },
      { path: '/segments/new', element: <SegmentEditorPage /> },
      { path: '/segments/rfm', element: <RfmPage /> },
      { path: '/segments/:id', element: <SegmentDetailPage /> },
      { path: '/segments/:id/edit', element: <SegmentEditorPage /> },
      { path: '/placements/new', element: <PlacementEditorPage /> },
      { path: '/placements/:id', element: <PlacementEditorPage /> },
      { path: '/messages/new', element: <MessageEditorPage /> },
      { path: '/messages/:id', element: <MessageEditorPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
