/** The product's mark (a hard hat), in the text colour. */
export function BrandIcon({ size }: { size: number }) {
  return (
    <svg viewBox="0 0 24 24" width={size} height={size} aria-hidden="true" className="navbar__icon">
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
