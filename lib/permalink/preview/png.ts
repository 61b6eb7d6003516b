// SVG -> PNG with resvg (a Rust SVG renderer, prebuilt for the platform). Fonts: the Geist font that ships with
// Next (so images look the same on a bare server image) plus whatever the system has.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { PREVIEW_HEIGHT, PREVIEW_WIDTH } from './frame';

function bundledFonts(): string[] {
  // turbopackIgnore: a runtime path inside node_modules, read by resvg itself, not a module to bundle.
  const geist = path.join(/*turbopackIgnore: true*/ process.cwd(), 'node_modules', 'next', 'dist', 'compiled', '@vercel', 'og', 'Geist-Regular.ttf');
  return existsSync(geist) ? [geist] : [];
}

let fontFiles: string[] | null = null;

export function svgToPng(svg: string): Buffer {
  fontFiles ??= bundledFonts();
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: PREVIEW_WIDTH },
    background: '#ffffff',
    font: { loadSystemFonts: true, fontFiles, defaultFontFamily: fontFiles.length > 0 ? 'Geist' : 'DejaVu Sans' },
  });
  const image = resvg.render();
  if (image.width !== PREVIEW_WIDTH || image.height !== PREVIEW_HEIGHT) {
    throw new Error(`preview rendered at ${image.width}x${image.height}, expected ${PREVIEW_WIDTH}x${PREVIEW_HEIGHT}`);
  }
  return image.asPng();
}

export interface PngSize {
  width: number;
  height: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The size from a PNG's IHDR chunk, or null when the bytes are not a PNG. */
export function pngSize(bytes: Uint8Array): PngSize | null {
  if (bytes.length < 24 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) return null;
  // IHDR is the first chunk: length (4) + "IHDR" (4) at offset 8, then width and height (big-endian).
  if (String.fromCharCode(bytes[12], bytes[13], bytes[14], bytes[15]) !== 'IHDR') return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
