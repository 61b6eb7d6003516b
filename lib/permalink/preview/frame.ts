// The 1200x630 card every unfurl image shares: what kind of view, the title, one line of facts, a body (the
// waterfall or the chart) and a footer with the absolute range. SVG text, rendered to PNG by png.ts. Pure.

export const PREVIEW_WIDTH = 1200;
export const PREVIEW_HEIGHT = 630;
export const PREVIEW_PADDING = 48;
/** The body's box inside the card. */
export const BODY_BOX = { x: PREVIEW_PADDING, y: 196, width: PREVIEW_WIDTH - 2 * PREVIEW_PADDING, height: 370 } as const;

export const PREVIEW_FONT = "Geist, 'DejaVu Sans', 'Liberation Sans', sans-serif";
export const PREVIEW_COLORS = {
  bg: '#ffffff',
  fg: '#151a21',
  muted: '#5b6573',
  border: '#d7dce3',
  surface: '#f6f7f9',
  accent: '#2563eb',
  danger: '#c62828',
  dangerBg: '#fdecec',
  ok: '#15803d',
} as const;

export function escapeXml(value: string): string {
  return value.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

/**
 * Cuts text to about `maxWidthPx` at `fontPx`. Geist averages ~0.5 em per character in mixed text; small text
 * gets a wider estimate because digits and capitals weigh more in short labels.
 */
export function fitText(value: string, maxWidthPx: number, fontPx: number): string {
  const oneLine = value.replace(/\s+/g, ' ').trim();
  const maxChars = Math.max(1, Math.floor(maxWidthPx / (fontPx * (fontPx >= 30 ? 0.5 : 0.56))));
  return oneLine.length > maxChars ? `${oneLine.slice(0, maxChars - 1)}…` : oneLine;
}

export interface FrameInput {
  /** Small capitals above the title: "TRACE", "ALERT". */
  kind: string;
  title: string;
  subtitle: string;
  /** An outcome badge after the kind: "ERROR" in red, "OK" in green. */
  badge?: { text: string; tone: 'danger' | 'ok' } | null;
  footer: string;
  /** SVG markup drawn in BODY_BOX coordinates (absolute). */
  body: string;
}

export function previewFrameSvg(input: FrameInput): string {
  const c = PREVIEW_COLORS;
  const p = PREVIEW_PADDING;
  // Long titles get a smaller size before they get cut.
  const titleSize = input.title.length <= 40 ? 44 : input.title.length <= 50 ? 40 : 34;
  const kind = escapeXml(input.kind.toUpperCase());
  const badge = input.badge
    ? (() => {
        const text = escapeXml(input.badge.text.toUpperCase());
        const x = p + kind.length * 13 + 24;
        const color = input.badge.tone === 'danger' ? c.danger : c.ok;
        const width = input.badge.text.length * 12 + 24;
        return `<rect x="${x}" y="${p - 4}" width="${width}" height="30" rx="6" fill="${color}"/><text x="${x + width / 2}" y="${p + 17}" font-size="17" font-weight="700" fill="#ffffff" text-anchor="middle" letter-spacing="1">${text}</text>`;
      })()
    : '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${PREVIEW_WIDTH}" height="${PREVIEW_HEIGHT}" viewBox="0 0 ${PREVIEW_WIDTH} ${PREVIEW_HEIGHT}" font-family="${escapeXml(PREVIEW_FONT)}">`,
    `<rect width="${PREVIEW_WIDTH}" height="${PREVIEW_HEIGHT}" fill="${c.bg}"/>`,
    `<rect width="${PREVIEW_WIDTH}" height="8" fill="${input.badge?.tone === 'danger' ? c.danger : c.accent}"/>`,
    `<text x="${p}" y="${p + 18}" font-size="20" font-weight="700" fill="${c.muted}" letter-spacing="2">${kind}</text>`,
    badge,
    `<text x="${p}" y="${p + 76}" font-size="${titleSize}" font-weight="700" fill="${c.fg}">${escapeXml(fitText(input.title, PREVIEW_WIDTH - 2 * p, titleSize))}</text>`,
    `<text x="${p}" y="${p + 118}" font-size="24" fill="${c.muted}">${escapeXml(fitText(input.subtitle, PREVIEW_WIDTH - 2 * p, 24))}</text>`,
    input.body,
    `<line x1="${p}" y1="${PREVIEW_HEIGHT - 52}" x2="${PREVIEW_WIDTH - p}" y2="${PREVIEW_HEIGHT - 52}" stroke="${c.border}" stroke-width="1"/>`,
    `<text x="${p}" y="${PREVIEW_HEIGHT - 20}" font-size="20" font-weight="700" fill="${c.accent}">Weft</text>`,
    `<text x="${PREVIEW_WIDTH - p}" y="${PREVIEW_HEIGHT - 20}" font-size="20" fill="${c.muted}" text-anchor="end">${escapeXml(fitText(input.footer, 900, 20))}</text>`,
    '</svg>',
  ].join('');
}

/** A body for views without a picture: the description in a soft panel. */
export function messageBodySvg(lines: readonly string[]): string {
  const c = PREVIEW_COLORS;
  const b = BODY_BOX;
  const text = lines
    .slice(0, 6)
    .map((line, i) => `<text x="${b.x + 32}" y="${b.y + 64 + i * 44}" font-size="28" fill="${i === 0 ? c.fg : c.muted}">${escapeXml(fitText(line, b.width - 64, 28))}</text>`)
    .join('');
  return `<rect x="${b.x}" y="${b.y}" width="${b.width}" height="${b.height - 16}" rx="12" fill="${c.surface}" stroke="${c.border}"/>${text}`;
}
