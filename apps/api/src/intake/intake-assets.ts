import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** apps/api/public/intake, from src/intake (tests) and dist/intake (built) alike. */
const PUBLIC_DIR = new URL('../../public/intake/', import.meta.url);

export interface IntakeAsset {
  readonly file: string;
  readonly contentType: string;
  readonly body: Buffer;
  /** Short content hash: links say `?v=<hash>`, so a changed file is fetched anew. */
  readonly version: string;
}

/** Every file the pages link to. Nothing else is served: no directory listing, no path to walk. */
const FILES: Record<string, string> = {
  'intake.css': 'text/css; charset=utf-8',
  'intake.js': 'text/javascript; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
};

let loaded: Map<string, IntakeAsset> | undefined;

/** The asset files, read once. */
export function intakeAssets(): Map<string, IntakeAsset> {
  if (loaded) return loaded;
  loaded = new Map();
  for (const [file, contentType] of Object.entries(FILES)) {
    const body = readFileSync(new URL(file, PUBLIC_DIR));
    const version = createHash('sha256').update(body).digest('hex').slice(0, 12);
    loaded.set(file, { file, contentType, body, version });
  }
  return loaded;
}

export const ASSETS_PATH = '/intake/assets';

/** The URL a page links to for `file`. */
export function assetUrl(file: string): string {
  const asset = intakeAssets().get(file);
  if (!asset) throw new Error(`Unknown intake asset ${file}`);
  return `${ASSETS_PATH}/${file}?v=${asset.version}`;
}
