import { useEffect } from 'react';
import { AuthProvider, type AuthPhase } from './auth/AuthProvider';
import { useAuth } from './auth/context';
import { NavBar } from './components/NavBar';
import { ServerBanner } from './components/ServerBanner';
import { LiveProvider } from './live/LiveProvider';
import { AdminPage } from './pages/AdminPage';
import { AlertsPage } from './pages/AlertsPage';
import { AuditPage } from './pages/AuditPage';
import { CameraEditPage } from './pages/CameraEditPage';
import { CameraPage } from './pages/CameraPage';
import { LivePage } from './pages/LivePage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { StatsPage } from './pages/StatsPage';
import { ViolationsPage } from './pages/ViolationsPage';
import { useRoute, type Route } from './router';

export function App() {
  return <AuthProvider>{(phase) => <Gate phase={phase} />}</AuthProvider>;
}

/** GET /api/auth/me decides: a spinner, the sign-in page, or the dashboard. */
function Gate({ phase }: { phase: AuthPhase }) {
  const { user } = useAuth();
  switch (phase.name) {
    case 'checking':
      return (
        <div className="splash" data-testid="splash">
          <span className="spinner" aria-hidden="true" /> Connecting…
        </div>
      );
    case 'unreachable':
      return (
        <div className="splash" role="alert" data-testid="splash">
          <strong>Cannot reach the server.</strong> <span>{phase.error}. Retrying…</span>
        </div>
      );
    case 'signedOut':
      return <LoginPage />;
    case 'signedIn':
      // Keyed by user: signing in as someone else starts with fresh live state.
      return (
        <LiveProvider key={user?.name ?? ''}>
          <Shell />
        </LiveProvider>
      );
  }
}

function Shell() {
  const route = useRoute();

  // New page: start at the top. (Opening a capture over the gallery is not a new page.)
  const pageKey =
    route.name === 'camera'
      ? `camera:${route.cameraId}`
      : route.name === 'adminCamera'
        ? `adminCamera:${route.cameraId ?? ''}`
        : route.name;
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [pageKey]);

  return (
    <div className="app">
      <div className="app__top">
        <NavBar route={route} />
        <ServerBanner />
      </div>
      <main className="app__main">{renderPage(route)}</main>
    </div>
  );
}

function renderPage(route: Route) {
  switch (route.name) {
    case 'live':
      return <LivePage />;
    case 'camera':
      return <CameraPage key={route.cameraId} cameraId={route.cameraId} />;
    case 'violations':
      return <ViolationsPage filters={route.filters} captureId={route.captureId} />;
    case 'stats':
      return <StatsPage filters={route.filters} />;
    case 'admin':
      return <AdminPage />;
    case 'adminAlerts':
      return <AlertsPage />;
    case 'adminAudit':
      return <AuditPage filters={route.filters} />;
    case 'adminCamera':
      return <CameraEditPage key={route.cameraId ?? 'new'} cameraId={route.cameraId} />;
    case 'notFound':
      return <NotFoundPage path={route.path} />;
  }
}
