/**
 * Browser-test harness: Debian's headless Chromium driven by playwright-core at a phone viewport,
 * against the real API on a free port. Every request the page makes is routed: anything not to the
 * app's own origin is blocked and fails the test; CSP violations and script errors fail it too.
 * axe-core checks each page; each page's weight (the bodies of everything it loaded) is recorded;
 * screenshots go to test/browser/screenshots/ (git-ignored).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
  type Response,
} from 'playwright-core';
import { createApiApp } from '@mc/api';
import { testConfig } from '@mc/testing';
import { TestApi } from '../support/test-api.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_FOUND = existsSync(CHROMIUM_PATH);
/** Without the browser the suite is skipped; in CI that is a failing test (MISSING_IN_CI), never a silent pass. */
export const SKIP_BROWSER_TESTS = !CHROMIUM_FOUND;
export const MISSING_IN_CI = !CHROMIUM_FOUND && Boolean(process.env.CI);
if (SKIP_BROWSER_TESTS && !MISSING_IN_CI) {
  console.warn(
    `[browser tests] skipped: no Chromium at ${CHROMIUM_PATH}. Install Debian's chromium ` +
      '(apt-get install -y chromium) or set CHROMIUM_PATH to run them.',
  );
}

export const SCREENSHOT_DIR = fileURLToPath(new URL('./screenshots/', import.meta.url));

/** A cheap phone: 360×740 CSS pixels, touch. */
export const PHONE: BrowserContextOptions = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  userAgent:
    'Mozilla/5.0 (Linux; Android 12; SM-A135F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36',
};

export const PAGE_WEIGHT_LIMIT = 60 * 1024;

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export async function launchChromium(): Promise<Browser> {
  if (!CHROMIUM_FOUND) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH} and CI is set: browser tests must run in CI (.ci/run installs chromium with apt)`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The real API, as `createTestApi` starts it, but on a port chosen first so that PUBLIC_BASE_URL
 * (the status link of the confirmation) is the origin the browser talks to.
 */
export async function startApi(overrides: Record<string, string> = {}): Promise<TestApi> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = testConfig({ PORT: String(port), PUBLIC_BASE_URL: baseUrl, ...overrides });
  const app = await createApiApp(config);
  await app.listen({ port, host: '127.0.0.1' });
  return new TestApi(app, config, baseUrl);
}

export interface LoadedResource {
  url: string;
  status: number;
  type: string;
  bytes: number;
  /** Response headers, kept for documents only. */
  headers?: Record<string, string>;
}

/** One page view: what the browser loaded for it. */
export interface PageView {
  name: string;
  url: string;
  resources: LoadedResource[];
  bytes: number;
  /** The HTML document's status and headers (the last document loaded for the view). */
  document?: LoadedResource;
  /** Inline `<script>`, `<style>` and `style=""` found in the DOM (the CSP forbids them). */
  inlineCode: number;
  /** Serious and critical axe violations; null where JavaScript is off (axe cannot run). */
  axe: string[] | null;
}

/**
 * A browser context on the phone viewport whose every request is checked. `problems` collects
 * third-party requests, CSP violations and script errors; `assertClean()` fails on any.
 */
export class PhoneSession {
  readonly problems: string[] = [];
  readonly views: PageView[] = [];
  private readonly pending = new Set<Promise<void>>();
  private loaded: LoadedResource[] = [];

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly origin: string,
    readonly javaScript: boolean,
  ) {}

  static async open(browser: Browser, origin: string, options: BrowserContextOptions = {}): Promise<PhoneSession> {
    const context = await browser.newContext({ ...PHONE, ...options });
    context.setDefaultTimeout(5_000);
    const page = await context.newPage();
    const session = new PhoneSession(context, page, origin, options.javaScriptEnabled !== false);
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      let requestOrigin: string;
      try {
        requestOrigin = new URL(url).origin;
      } catch {
        requestOrigin = 'invalid';
      }
      if (requestOrigin === origin) return route.continue();
      session.problems.push(`request to another origin: ${route.request().method()} ${url}`);
      return route.abort('blockedbyclient');
    });
    page.on('response', (response) => session.record(response));
    page.on('console', (message) => {
      const text = message.text();
      if (/Content Security Policy/i.test(text)) session.problems.push(`CSP violation: ${text}`);
      else if (message.type() === 'error' && !/status of 4\d\d/.test(text)) {
        session.problems.push(`console error: ${text}`);
      }
    });
    page.on('pageerror', (error) => session.problems.push(`script error: ${error.message}`));
    return session;
  }

  /**
   * Notes a response in the order the browser got it; a new main-frame document starts a new
   * page view, so a view weighs only its own page even when the test passed others on the way.
   */
  private record(response: Response): void {
    const request = response.request();
    const type = request.resourceType();
    const entry: LoadedResource = {
      url: response.url(),
      status: response.status(),
      type,
      bytes: 0,
      ...(type === 'document' ? { headers: response.headers() } : {}),
    };
    if (type === 'document' && request.frame() === this.page.mainFrame()) this.loaded = [];
    this.loaded.push(entry);
    const task = response.body().then(
      (body) => {
        entry.bytes = body.length;
      },
      // Redirects and aborted loads have no body.
      () => undefined,
    );
    this.pending.add(task);
    void task.finally(() => this.pending.delete(task));
  }

  /**
   * Closes the current page view under `name` once the page settled: its weight, its document
   * headers, inline code, a screenshot (screenshots/<name>.png) and, where JavaScript runs, axe.
   * Routing disables the HTTP cache, so every view loads (and weighs) its CSS, script and icon.
   */
  async view(name: string): Promise<PageView> {
    await this.page.waitForLoadState('load');
    await this.page.waitForLoadState('networkidle').catch(() => undefined);
    await Promise.all([...this.pending]);
    const resources = this.loaded;
    this.loaded = [];
    const inlineCode =
      (await this.page.locator('script:not([src]), style, [style]').count()) +
      (await this.page.locator('[onclick], [onload], [onsubmit], [onchange], [oninput]').count());
    await this.screenshot(name);
    const view: PageView = {
      name,
      url: this.page.url(),
      resources,
      bytes: resources.reduce((sum, r) => sum + r.bytes, 0),
      document: resources.filter((r) => r.type === 'document').at(-1),
      inlineCode,
      axe: this.javaScript ? await this.axeViolations() : null,
    };
    this.views.push(view);
    return view;
  }

  /** A full-page screenshot in test/browser/screenshots/<name>.png. */
  async screenshot(name: string): Promise<void> {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await this.page.screenshot({ path: `${SCREENSHOT_DIR}${name}.png`, fullPage: true });
  }

  /** Serious and critical axe violations of the current page, as readable lines. */
  async axeViolations(): Promise<string[]> {
    if (!this.javaScript) throw new Error('axe needs a context with JavaScript enabled');
    // Evaluated through the DevTools protocol, so the page's CSP (no inline script) does not block it.
    const hasAxe = await this.page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe !== 'undefined');
    if (!hasAxe) await this.page.evaluate(AXE_SOURCE);
    const violations = await this.page.evaluate(async () => {
      const axe = (globalThis as any).axe;
      const result = await axe.run((globalThis as any).document, { resultTypes: ['violations'] });
      return (result.violations as any[]).map((v) => ({
        id: v.id as string,
        impact: v.impact as string | null,
        help: v.help as string,
        targets: (v.nodes as any[]).slice(0, 5).map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`),
      }));
    });
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id} (${v.help}): ${v.targets.join(' | ')}`);
  }

  /** Fails with every problem seen so far (third-party request, CSP violation, script error). */
  assertClean(): void {
    if (this.problems.length > 0) throw new Error(`browser problems:\n${this.problems.join('\n')}`);
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}

/** Page weight in a readable form, for failure messages. */
export function describeView(view: PageView): string {
  const lines = view.resources.map((r) => `  ${r.bytes} B ${r.type} ${r.status} ${r.url}`);
  return `${view.name} (${view.url}): ${view.bytes} B\n${lines.join('\n')}`;
}
