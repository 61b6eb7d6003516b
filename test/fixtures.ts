// Where the recorded backend responses live: ../shared/fixtures from the repo root, or WEFT_FIXTURES_DIR.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export function fixturesDir(): string {
  return process.env.WEFT_FIXTURES_DIR ?? path.resolve(process.cwd(), '../shared/fixtures');
}

export function fixturePath(...parts: string[]): string {
  return path.join(fixturesDir(), ...parts);
}

/** The raw text of one fixture file, byte for byte as the backend sent it. */
export function readFixture(...parts: string[]): string {
  return readFileSync(fixturePath(...parts), 'utf8');
}

/** One fixture parsed as JSON (typed unknown on purpose: parsers must validate it). */
export function readFixtureJson(...parts: string[]): unknown {
  return JSON.parse(readFixture(...parts));
}

export interface ManifestEntry {
  file: string;
  method: string;
  url: string;
  path: string;
  params: [string, string | number][];
  request_headers: Record<string, string>;
  request_body: unknown;
  status: number;
  content_type: string;
}

/** The recorded request of every file in one fixture folder (prometheus, pyroscope...). */
export function readManifest(folder: string): ManifestEntry[] {
  return JSON.parse(readFixture(folder, 'manifest.json')) as ManifestEntry[];
}
