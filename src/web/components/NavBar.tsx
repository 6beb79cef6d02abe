import { href, type Route } from '../router';
import { Clock } from './Clock';
import { ConnectionIndicator } from './ConnectionIndicator';

interface NavItem {
  testId: string;
  label: string;
  to: string;
  active: (route: Route) => boolean;
}

// Add future pages (camera admin, stats, …) here.
const NAV_ITEMS: NavItem[] = [
  { testId: 'nav-live', label: 'Live', to: href.live(), active: (r) => r.name === 'live' || r.name === 'camera' },
  { testId: 'nav-violations', label: 'Violations', to: href.violations(), active: (r) => r.name === 'violations' },
];

export function NavBar({ route }: { route: Route }) {
  return (
    <header className="navbar">
      <a className="navbar__brand" href={href.live()}>
        <BrandIcon />
        <span>CCTV Detection Factory</span>
      </a>
      <nav className="navbar__nav" aria-label="Main">
        {NAV_ITEMS.map((item) => {
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
      </div>
    </header>
  );
}

function BrandIcon() {
  return (
    <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" className="navbar__icon">
      <path
        d="M4 15a8 8 0 0 1 16 0M2 15h20v3H2zM12 7V4M9.5 7.5 8.5 5M14.5 7.5l1-2.5"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
