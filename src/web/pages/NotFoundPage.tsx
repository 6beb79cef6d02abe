import { href } from '../router';

export function NotFoundPage({ path }: { path: string }) {
  return (
    <div className="page">
      <div className="empty-state">
        There is no page at <code>{path}</code>. <a href={href.live()}>Go to the live grid</a>
      </div>
    </div>
  );
}
