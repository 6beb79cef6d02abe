import { useState } from 'react';
import { useAuth } from '../auth/context';
import { href, type Route } from '../router';
import { BrandIcon } from './BrandIcon';
import { Clock } from './Clock';
import { ConnectionIndicator } from './ConnectionIndicator';

interface NavItem {
  testId: string;
  label: string;
  to: string;
  active: (route: Route) => boolean;
  adminOnly?: boolean;
}

const NAV_ITEMS: NavItem[] = [
  { testId: 'nav-live', label: 'Live', to: href.live(), active: (r) => r.name === 'live' || r.name === 'camera' },
  { testId: 'nav-violations', label: 'Violations', to: href.violations(), active: (r) => r.name === 'violations' },
  { testId: 'nav-stats', label: 'Stats', to: href.stats(), active: (r) => r.name === 'stats' },
  {
    testId: 'nav-admin',
    label: 'Cameras',
    to: href.admin(),
    active: (r) => r.name === 'admin' || r.name === 'adminCamera',
    adminOnly: true,
  },
  {
    testId: 'nav-alerts',
    label: 'Alerts',
    to: href.alerts(),
    active: (r) => r.name === 'adminAlerts',
    adminOnly: true,
  },
  {
    testId: 'nav-audit',
    label: 'Audit',
    to: href.audit(),
    active: (r) => r.name === 'adminAudit',
    adminOnly: true,
  },
];

export function NavBar({ route }: { route: Route }) {
  const { user, authRequired, isAdmin, logout } = useAuth();
  const [signingOut, setSigningOut] = useState(false);
  return (
    <header className="navbar">
      <a className="navbar__brand" href={href.live()}>
        <BrandIcon size={22} />
        <span>CCTV Detection Factory</span>
      </a>
      <nav className="navbar__nav" aria-label="Main">
        {NAV_ITEMS.filter((item) => !item.adminOnly || isAdmin).map((item) => {
          const active = item.active(route);
          return (
            <a
              key={item.testId}
              className={`navbar__link${active ? ' navbar__link--active' : ''}`}
              href={item.to}
              data-testid={item.testId}
              aria-current={active ? 'page' : undefined}
            >
              {item.label}
            </a>
          );
        })}
      </nav>
      <div className="navbar__status">
        <ConnectionIndicator />
        <Clock />
        {authRequired && user ? (
          <span className="navbar__user" data-testid="user-menu" data-role={user.role}>
            <span className="navbar__user-name" title={`Signed in as ${user.name} (${user.role})`}>
              {user.name}
              <span className="navbar__role">{user.role}</span>
            </span>
            <button
              type="button"
              className="button button--small button--ghost"
              data-testid="logout"
              title={`Signed in as ${user.name} (${user.role})`}
              disabled={signingOut}
              onClick={() => {
                setSigningOut(true);
                void logout().finally(() => setSigningOut(false));
              }}
            >
              Sign out
            </button>
          </span>
        ) : null}
      </div>
    </header>
  );
}
