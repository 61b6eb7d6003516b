/** Weft's mark: warp and weft threads (the same drawing as app/icon.svg). */
export function Logo() {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="6" fill="#1f2937" />
      <path d="M6 10h20M6 16h20M6 22h20" stroke="#38bdf8" strokeWidth="2.5" />
      <path d="M10 6v20M16 6v20M22 6v20" stroke="#f472b6" strokeWidth="2.5" strokeDasharray="3 3" />
    </svg>
  );
}
