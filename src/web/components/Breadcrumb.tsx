export function Breadcrumb({ to, label }: { to: string; label: string }) {
  return (
    <a className="breadcrumb" href={to}>
      <span aria-hidden="true">←</span> {label}
    </a>
  );
}
