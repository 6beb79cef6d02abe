import { useEffect } from 'react';
import { NavBar } from './components/NavBar';
import { ServerBanner } from './components/ServerBanner';
import { LiveProvider } from './live/LiveProvider';
import { CameraPage } from './pages/CameraPage';
import { LivePage } from './pages/LivePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ViolationsPage } from './pages/ViolationsPage';
import { useRoute, type Route } from './router';

export function App() {
  const route = useRoute();

  // New page: start at the top. (Opening a capture over the gallery is not a new page.)
  const pageKey = route.name === 'camera' ? `camera:${route.cameraId}` : route.name;
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [pageKey]);

  return (
    <LiveProvider>
      <div className="app">
        <div className="app__top">
          <NavBar route={route} />
          <ServerBanner />
        </div>
        <main className="app__main">{renderPage(route)}</main>
      </div>
    </LiveProvider>
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
    case 'notFound':
      return <NotFoundPage path={route.path} />;
  }
}
