import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type Response } from 'playwright-core';
import { consoleDir } from '../src/modules/console-static/console.static';
import { RecordingEntity } from '../src/modules/recordings/recording.entity';
import type { RedactionReport } from '../src/modules/redaction/redaction.types';
import { makeCall } from './fixtures/call';
import { freePort, startTestApp, type TestApp } from './support/app';
import { untar } from './support/tar';
import { settle, upload } from './support/upload';

/**
 * The staff console in a real browser (Debian's Chromium, driven by
 * playwright-core) against the service over HTTP, with the console as
 * `npm run build` left it in dist/console.
 */
const CHROMIUM = '/usr/bin/chromium';
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const DESKTOP = { width: 1366, height: 900 };
const TABLET = { width: 768, height: 1024 };
const ARTIFACTS = path.join(__dirname, '..', 'test-artifacts', 'console');
const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // The player starts after an awaited API call; do not depend on the gesture still counting.
  '--autoplay-policy=no-user-gesture-required',
];
const KIND_LABELS: Record<string, string> = {
  pan: 'Card number',
  cvv: 'CVV',
  expiry: 'Expiry date',
  dtmf: 'Keypad tones',
  marker: 'Platform marker',
  'consent-trim': 'Consent trim',
};

interface AxeGlobal {
  run(
    context: unknown,
    options: { resultTypes: string[] },
  ): Promise<{ violations: { id: string; impact?: string | null; nodes: { target: string[] }[] }[] }>;
}

interface AudioState {
  currentTime: number;
  duration: number;
  paused: boolean;
}
/** The progress bar's values as the page showed them, collected by a MutationObserver. */
type ProgressWatch = {
  progressSeen: { job: string; now: number }[];
  document: { body: unknown; querySelector(s: string): BrowserElement | null };
  MutationObserver: new (cb: () => void) => { observe(target: unknown, options: object): void };
};
type BrowserElement = { getAttribute(a: string): string | null; querySelector(s: string): BrowserElement | null };
type FocusWatch = { document: { activeElement: { textContent: string | null } | null } };
type BrowserWindow = {
  sessionStorage: { length: number; key(i: number): string | null; getItem(key: string): string | null };
  localStorage: { length: number; key(i: number): string | null; getItem(key: string): string | null };
  history: { pushState(data: null, unused: string, url: string): void };
  dispatchEvent(e: unknown): void;
  PopStateEvent: new (type: string) => unknown;
};

describe('web console', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let recordingId: string;
  let acmeId: string;
  let report: RedactionReport;
  const externalCallId = `console-${Date.now().toString(36)}`;
  const cspViolations: string[] = [];
  const apiAuthorization: string[] = [];
  const tokenGrants: string[] = [];

  /**
   * Every view is checked the same way: axe-core finds no serious or critical
   * violation in the light or the dark theme, and screenshots go to
   * test-artifacts/console at desktop and tablet width (and dark at desktop).
   */
  async function shot(name: string): Promise<void> {
    const file = (suffix: string) => path.join(ARTIFACTS, `${name}${suffix}.png`);
    expect({ view: name, light: await axeViolations() }).toEqual({ view: name, light: [] });
    await page.screenshot({ path: file(''), fullPage: true });
    await page.setViewportSize(TABLET);
    await page.screenshot({ path: file('-tablet'), fullPage: true });
    await page.setViewportSize(DESKTOP);
    await page.emulateMedia({ colorScheme: 'dark' });
    try {
      expect({ view: name, dark: await axeViolations() }).toEqual({ view: name, dark: [] });
      await page.screenshot({ path: file('-dark'), fullPage: true });
    } finally {
      await page.emulateMedia({ colorScheme: 'light' });
    }
  }

  /** axe-core, evaluated through DevTools (page scripts stay under the console's CSP). */
  async function axeViolations(): Promise<{ id: string; impact: string; nodes: string[] }[]> {
    if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE_SOURCE);
    return page.evaluate(async () => {
      const { axe, document } = globalThis as unknown as { axe: AxeGlobal; document: unknown };
      const result = await axe.run(document, { resultTypes: ['violations'] });
      return result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => ({ id: v.id, impact: v.impact ?? '', nodes: v.nodes.map((n) => n.target.join(' ')) }));
    });
  }

  /**
   * Signs in through the authorization-code flow: the console sends the
   * browser to the development issuer's page, which sends it back with a code.
   * A fresh page load forgets the previous session (tokens live in memory).
   */
  async function signIn(tenant: string, role: string, at = '/', issuerShot?: string): Promise<void> {
    await page.goto(`${base}/console${at}`);
    await page.getByRole('button', { name: 'Sign in with single sign-on' }).click();
    await page.waitForURL(/\/dev-oidc\/authorize\?/);
    if (issuerShot) await shot(issuerShot);
    await page.getByLabel('Tenant').fill(tenant);
    await page.getByLabel('Role').selectOption(role);
    await page.getByLabel('User name').fill(`${role}-user`);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByTestId('who').getByText(role, { exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/console${at}`);
  }

  /** Client-side navigation, which keeps the in-memory session (a page load would not). */
  async function go(to: string): Promise<void> {
    await page.evaluate((url) => {
      const w = globalThis as unknown as BrowserWindow;
      w.history.pushState(null, '', url);
      w.dispatchEvent(new w.PopStateEvent('popstate'));
    }, `/console${to}`);
  }

  /** Every value in the page's storage, to show no token is kept there. */
  const storedValues = (): Promise<string[]> =>
    page.evaluate(() => {
      const w = globalThis as unknown as BrowserWindow;
      const values: string[] = [];
      for (const s of [w.sessionStorage, w.localStorage])
        for (let i = 0; i < s.length; i++) values.push(s.getItem(s.key(i) as string) ?? '');
      return values;
    });

  /**
   * Starts the matter's evidence export from the page by keyboard, with the worker held by locks: before its first
   * item (no job lease can be taken) while the page shows it queued at 0, then before item `seq` (that item's row),
   * until the page shows `seq` done. `release` lets it run on.
   */
  async function startHeldExport(seq: number): Promise<{ jobId: string; release: () => Promise<void> }> {
    const held = [t.runtime.dataSource.createQueryRunner(), t.runtime.dataSource.createQueryRunner()];
    const [atStart, atSeq] = held;
    const release = async () => {
      for (const qr of held) {
        if (qr.isTransactionActive) await qr.commitTransaction();
        if (!qr.isReleased) await qr.release();
      }
    };
    try {
      await atStart.startTransaction();
      await atStart.query('LOCK TABLE job_leases IN EXCLUSIVE MODE');
      const exporting = page.getByRole('region', { name: 'Evidence export' });
      await exporting.getByRole('button', { name: 'Export evidence' }).focus();
      const [started] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/v1/jobs') && r.request().method() === 'POST'),
        page.keyboard.press('Enter'),
      ]);
      expect(started.status()).toBe(202);
      const jobId = ((await started.json()) as { id: string }).id;
      await atSeq.startTransaction();
      await atSeq.query('SELECT 1 FROM bulk_job_items WHERE job_id = $1 AND seq = $2 FOR UPDATE', [jobId, seq]);
      await exporting.locator(`[data-job-id="${jobId}"]`).getByText('Export queued').waitFor();
      await exporting.getByRole('button', { name: 'Cancel export' }).waitFor();
      expect(await exporting.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('0');
      await atStart.commitTransaction();
      await exporting.locator(`[role="progressbar"][aria-valuenow="${seq}"]`).waitFor({ timeout: 30_000 });
      return { jobId, release };
    } catch (e) {
      await release();
      throw e;
    }
  }

  const audio = (): Promise<AudioState> =>
    page
      .locator('audio')
      .evaluate((a: AudioState) => ({ currentTime: a.currentTime, duration: a.duration, paused: a.paused }));

  beforeAll(async () => {
    // Fail, never skip: a missing browser must not pass for a working console.
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium is not installed at ${CHROMIUM}; install Debian's package: apt-get install -y chromium`,
      );
    }
    if (!fs.existsSync(path.join(consoleDir(), 'index.html'))) {
      throw new Error(`the console is not built in ${consoleDir()}; run npm run build`);
    }
    fs.mkdirSync(ARTIFACTS, { recursive: true });

    const port = await freePort();
    t = await startTestApp({
      PORT: String(port),
      DEV_ISSUER_REDIRECT_URIS: `http://127.0.0.1:${port}/console/signed-in,http://127.0.0.1:${port}/console/`,
      // Short-lived access tokens, so the console renews them (a minute early) while the suite runs.
      DEV_ISSUER_TOKEN_TTL: '75s',
      CONSOLE_TOKEN_SIGNIN: 'true',
      AUTH_FAILURE_LIMIT: '100000',
      WORKER_POLL_INTERVAL: '500ms',
      CONSENT_WAIT: '3s',
    });
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    acmeId = (await t.tenant('acme')).id;
    const ingest = (await t.apiKey('acme', 'ingest')).key;
    const call = makeCall({ externalCallId });
    const res = await upload(t, ingest, call.metadata, call.wav).expect(202);
    recordingId = res.body.id;
    expect((await settle(t, ingest, recordingId)).status).toBe('available');
    const qa = await t.token('acme', 'qa');
    report = (
      await t.http().get(`/v1/recordings/${recordingId}/redactions`).set('Authorization', `Bearer ${qa}`).expect(200)
    ).body.report;
    expect(report.spans.length).toBeGreaterThan(0);

    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
    // Playwright gives every launch a fresh, empty profile directory.
    context = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true });
    page = await context.newPage();
    page.on('request', (r) => {
      const auth = r.headers().authorization;
      if (auth && new URL(r.url()).pathname.startsWith('/v1/')) apiAuthorization.push(auth);
      if (r.url().endsWith('/dev-oidc/token'))
        tokenGrants.push(new URLSearchParams(r.postData() ?? '').get('grant_type') ?? '');
    });
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
  }, 60_000);

  afterAll(async () => {
    await browser.close();
    await t.close();
  });

  it('serves the console with its own CSP, and index.html for client-side routes', async () => {
    const root = await t.http().get('/console/').expect(200);
    expect(root.headers['content-type']).toMatch(/text\/html/);
    expect(root.headers['content-security-policy']).toContain("script-src 'self'");
    expect(root.headers['content-security-policy']).not.toContain('unsafe-inline');
    const deep = await t.http().get(`/console/recordings/${recordingId}`).expect(200);
    expect(deep.text).toBe(root.text);
    expect((await t.http().get('/console').expect(301)).headers.location).toBe('/console/');
    await t.http().get('/console/assets/missing.js').expect(404);
    // The bundle carries the typed client, not the webhook signing library (the client's `/webhooks` entry).
    const script = /src="\/console\/(assets\/[^"]+\.js)"/.exec(root.text)?.[1];
    const bundle = await t
      .http()
      .get(`/console/${String(script)}`)
      .expect(200);
    expect(bundle.text).toContain('/v1/recordings');
    expect(bundle.text).not.toMatch(/WebhookVerificationError|whsec_/);
    // The API's own routes are untouched by the console's fallback.
    await t.http().get('/v1/recordings').expect(401);
  });

  it('signs a service account in with a pasted token when CONSOLE_TOKEN_SIGNIN allows it', async () => {
    await page.goto(`${base}/console/`);
    await page.getByRole('heading', { name: 'Sign in to the recording vault' }).waitFor();
    await shot('01-sign-in');
    await page.getByText('Service account: sign in with an access token').click();
    await page.getByLabel('Access token').fill(await t.token('acme', 'auditor', { subject: 'svc-audit' }));
    await page.getByRole('button', { name: 'Sign in with token' }).click();
    await page.getByTestId('who').getByText('svc-audit').waitFor();
    expect((await storedValues()).filter((v) => v.includes('ey'))).toEqual([]);
  });

  it('signs in as qa through the authorization-code flow and finds the uploaded call', async () => {
    await signIn('acme', 'qa', '/', '01b-issuer-sign-in');
    expect(await page.getByTestId('who').innerText()).toContain('qa-user');
    // Tokens stay in memory: nothing in session or local storage once signed in.
    expect((await storedValues()).filter((v) => /ey[A-Za-z0-9_-]{10,}/.test(v))).toEqual([]);

    await page.getByLabel('External call id').fill(externalCallId);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('link', { name: externalCallId }).waitFor();
    // The same call by the customer's number, matched through the keyed hash.
    await page.getByLabel('External call id').fill('');
    await page.getByLabel('Participant phone').fill('+14155550134');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.locator(`tr[data-recording-id="${recordingId}"]`).waitFor();
    // By words said: found by a word of its redacted transcript, never by the card digits.
    await page.getByLabel('Participant phone').fill('');
    await page.getByLabel('Words said').fill('4111');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByText('No recordings match.').waitFor();
    expect(await page.locator(`tr[data-recording-id="${recordingId}"]`).count()).toBe(0);
    await page.getByLabel('Words said').fill('my');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.locator(`tr[data-recording-id="${recordingId}"]`).waitFor();
    await page.getByLabel('Words said').fill('');
    await shot('02-recordings');
    await page.getByRole('link', { name: externalCallId }).click();
    await page.getByRole('heading', { name: /Call/ }).first().waitFor();
    expect(new URL(page.url()).pathname).toBe(`/console/recordings/${recordingId}`);
  });

  it('plays the call through a playback link, and seeking is served with 206', async () => {
    const audioResponses: Response[] = [];
    page.on('response', (r) => {
      if (r.url().includes(`/v1/recordings/${recordingId}/audio?token=`)) audioResponses.push(r);
    });
    await page.getByLabel('Access purpose').selectOption('QA review');
    await page.getByRole('button', { name: 'Play' }).click();
    await page.getByTestId('purpose').getByText('QA review').waitFor();
    await page.waitForFunction(() => {
      const a = (
        globalThis as unknown as { document: { querySelector(s: string): AudioState | null } }
      ).document.querySelector('audio');
      return !!a && a.duration > 0 && a.currentTime > 0;
    });
    const { duration } = await audio();
    expect(duration).toBeCloseTo(report.durationMs / 1000, 0);

    const mid = duration / 2;
    await page.locator('audio').evaluate((a: AudioState, at: number) => {
      a.currentTime = at;
    }, mid);
    await page.waitForFunction((at) => {
      const a = (
        globalThis as unknown as { document: { querySelector(s: string): AudioState | null } }
      ).document.querySelector('audio');
      return !!a && a.currentTime > at + 0.3;
    }, mid);
    const after = await audio();
    expect(after.currentTime).toBeGreaterThan(mid);
    expect(after.paused).toBe(false);

    const partial = audioResponses.filter((r) => r.status() === 206);
    expect(partial.length).toBeGreaterThan(0);
    expect(await partial[0].headerValue('content-range')).toMatch(/^bytes \d+-\d+\/\d+$/);
    expect(audioResponses.every((r) => r.status() === 206 || r.status() === 200)).toBe(true);

    // The purpose went into the audit log with the read.
    const auditor = await t.token('acme', 'auditor');
    const events = await t
      .http()
      .get('/v1/audit/events')
      .query({ action: 'recording.stream', resource: recordingId })
      .set('Authorization', `Bearer ${auditor}`)
      .expect(200);
    expect(events.body.items.map((e: { purpose: string }) => e.purpose)).toContain('QA review');
    await shot('03-player');
  });

  it('shows the redacted transcript beside the player, highlights the word being played and seeks on a click', async () => {
    const qa = await t.token('acme', 'qa');
    const served = (
      await t.http().get(`/v1/recordings/${recordingId}/transcript`).set('Authorization', `Bearer ${qa}`).expect(200)
    ).body.words as { text: string; startMs: number; endMs: number; redacted?: string }[];
    if (
      await page
        .getByRole('button', { name: 'Play' })
        .isVisible()
        .catch(() => false)
    ) {
      await page.getByLabel('Access purpose').selectOption('QA review');
      await page.getByRole('button', { name: 'Play' }).click();
    }
    const words = page.getByTestId('transcript').locator('button.word');
    await words.first().waitFor();
    expect(await words.allInnerTexts()).toEqual(served.map((w) => w.text));
    // The card number is shown as its kind, never as digits.
    const card = served.findIndex((w) => w.redacted === 'card number');
    expect(served[card].text).toBe('[card number]');
    expect(await page.getByTestId('transcript').innerText()).not.toMatch(/\d|one|four/);
    await page.locator('audio').evaluate((a: { pause(): void }) => a.pause());
    const current = () => page.locator('[data-testid=transcript] button.word[aria-current=true]');
    // Click-to-seek, both ways: the player moves to the word and the word is highlighted.
    for (const i of [card, 0]) {
      await words.nth(i).click();
      await page.waitForFunction(
        (ms) =>
          Math.abs(
            (globalThis as unknown as { document: { querySelector(s: string): AudioState } }).document.querySelector(
              'audio',
            ).currentTime *
              1000 -
              ms,
          ) < 5,
        served[i].startMs,
      );
      await current().getByText(served[i].text, { exact: true }).waitFor();
    }
    // Playing on from the first word, the highlight follows into the card number as its time comes.
    await page.locator('audio').evaluate((a: { play(): Promise<void> }) => a.play());
    await current().getByText('[card number]', { exact: true }).waitFor({ timeout: 15_000 });
    const now = (await audio()).currentTime * 1000;
    expect(now).toBeGreaterThanOrEqual(served[card].startMs - 50);
    expect(now).toBeLessThan(served[card].endMs + 1000);
    await shot('03b-transcript');
  });

  it('draws every redacted span at its position on the timeline, labelled by kind', async () => {
    const track = (await page.getByTestId('timeline-track').boundingBox())!;
    const drawn = await page.locator('[data-testid=timeline] rect.span').evaluateAll((rects: { dataset?: unknown }[]) =>
      rects.map((r) => {
        const el = r as unknown as {
          getBoundingClientRect(): { x: number; width: number };
          getAttribute(n: string): string;
        };
        const box = el.getBoundingClientRect();
        return {
          x: box.x,
          width: box.width,
          kind: el.getAttribute('data-kind'),
          startMs: Number(el.getAttribute('data-start-ms')),
        };
      }),
    );
    expect(drawn).toHaveLength(report.spans.length);
    const scale = track.width / report.durationMs;
    report.spans.forEach((span, i) => {
      expect(drawn[i].kind).toBe(span.kind);
      expect(drawn[i].startMs).toBe(span.startMs);
      expect(Math.abs(drawn[i].x - (track.x + span.startMs * scale))).toBeLessThan(1);
      expect(Math.abs(drawn[i].width - (span.endMs - span.startMs) * scale)).toBeLessThan(1);
    });
    const legend = await page.locator('.timeline .legend').innerText();
    for (const kind of new Set(report.spans.map((s) => s.kind))) expect(legend).toContain(KIND_LABELS[kind]);
    // The consent decision sits beside the player.
    await page.getByRole('heading', { name: 'Consent' }).waitFor();
    expect(await page.locator('.badge.consent-allowed, .badge.consent-allowed_trimmed').count()).toBe(1);
  });

  it('draws the waveform with every span within 1 px of the report, zooms, and seeks by click and keyboard', async () => {
    const svg = page.getByTestId('waveform');
    await svg.waitFor();
    const spanBoxes = () =>
      page.locator('[data-testid=waveform] rect.wf-span').evaluateAll((rects) =>
        rects.map((r) => {
          const el = r as unknown as {
            getBoundingClientRect(): { x: number; width: number };
            getAttribute(n: string): string;
          };
          const box = el.getBoundingClientRect();
          return {
            x: box.x,
            width: box.width,
            kind: el.getAttribute('data-kind'),
            startMs: Number(el.getAttribute('data-start-ms')),
          };
        }),
      );
    const box = (await svg.boundingBox())!;
    const drawn = await spanBoxes();
    expect(drawn).toHaveLength(report.spans.length);
    const scale = box.width / report.durationMs;
    report.spans.forEach((span, i) => {
      expect(drawn[i]).toMatchObject({ kind: span.kind, startMs: span.startMs });
      expect(Math.abs(drawn[i].x - (box.x + span.startMs * scale))).toBeLessThan(1);
      expect(Math.abs(drawn[i].width - (span.endMs - span.startMs) * scale)).toBeLessThan(1);
    });
    // Bars are drawn from the peaks: the voice is there, the muted spans are not.
    expect((await page.locator('[data-testid=waveform] path.bars').getAttribute('d'))?.length).toBeGreaterThan(1000);

    // The player may have finished in an earlier test; start it again if so.
    if ((await page.locator('audio').count()) === 0) {
      await page.getByLabel('Access purpose').selectOption('QA review');
      await page.getByRole('button', { name: 'Play' }).click();
    }
    await page.waitForFunction(() => {
      const a = (
        globalThis as unknown as { document: { querySelector(s: string): AudioState | null } }
      ).document.querySelector('audio');
      return !!a && a.duration > 0;
    });
    // Keys go to the page, not to a focused control.
    await page.getByRole('heading', { name: /Call/ }).first().click();
    await page.keyboard.press('k');
    expect((await audio()).paused).toBe(true);
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    expect((await audio()).currentTime).toBe(0);
    await page.keyboard.press('ArrowRight');
    expect((await audio()).currentTime).toBeCloseTo(5, 1);
    await page.keyboard.press('ArrowRight');
    expect((await audio()).currentTime).toBeCloseTo(10, 1);
    await page.keyboard.press('ArrowLeft');
    expect((await audio()).currentTime).toBeCloseTo(5, 1);
    await page.keyboard.press('l');
    await page.waitForFunction(() => {
      const a = (
        globalThis as unknown as { document: { querySelector(s: string): AudioState | null } }
      ).document.querySelector('audio');
      return !!a && !a.paused;
    });
    await page.keyboard.press('l');
    expect(await page.locator('audio').evaluate((a: { playbackRate: number }) => a.playbackRate)).toBe(2);
    await page.keyboard.press(' ');
    expect((await audio()).paused).toBe(true);
    await page.keyboard.press('k');

    // A click on the waveform seeks to the time under the pointer.
    await svg.click({ position: { x: box.width * 0.25, y: box.height / 2 } });
    expect((await audio()).currentTime).toBeCloseTo(report.durationMs / 4000, 0);

    // Zoomed 4×, the view follows the playhead and spans keep their place within 1 px.
    await page.keyboard.press('ArrowRight');
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await page.getByTestId('waveform-zoom').getByText(/^4×/).waitFor();
    const viewStart = Number(await svg.getAttribute('data-view-start-ms'));
    const viewMs = Number(await svg.getAttribute('data-view-ms'));
    expect(viewMs).toBeCloseTo(report.durationMs / 4, 3);
    const nowMs = (await audio()).currentTime * 1000;
    expect(Math.abs(viewStart + viewMs / 2 - nowMs)).toBeLessThan(300);
    const zoomed = await spanBoxes();
    const inView = report.spans.filter((s) => s.endMs > viewStart && s.startMs < viewStart + viewMs);
    expect(zoomed).toHaveLength(inView.length);
    inView.forEach((span, i) => {
      const from = Math.max(span.startMs, viewStart);
      expect(Math.abs(zoomed[i].x - (box.x + ((from - viewStart) / viewMs) * box.width))).toBeLessThan(1);
    });
    await shot('03b-waveform-zoomed');
    await page.getByRole('button', { name: 'Zoom out' }).click();
    await page.getByRole('button', { name: 'Zoom out' }).click();
  });

  it('shows a qa user no legal actions, and the API refuses the same request forged from the page', async () => {
    await expect(page.getByRole('heading', { name: 'Evidence bundle' }).count()).resolves.toBe(0);
    await expect(page.getByRole('heading', { name: 'Legal holds' }).count()).resolves.toBe(0);
    await expect(
      page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Legal' }).count(),
    ).resolves.toBe(0);
    await expect(
      page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Matters' }).count(),
    ).resolves.toBe(0);
    const token = apiAuthorization.at(-1)?.replace(/^Bearer /, '');
    expect(token).toMatch(/^ey/);
    const forged = await page.evaluate(
      async ([id, token]) => {
        const res = await fetch(`/v1/recordings/${id}/evidence`, { headers: { Authorization: `Bearer ${token}` } });
        return { status: res.status, body: await res.json() };
      },
      [recordingId, token] as const,
    );
    expect(forged).toMatchObject({ status: 403, body: { code: 'FORBIDDEN', correlationId: expect.any(String) } });
    await go('/legal');
    await page.getByRole('heading', { name: 'Not here' }).waitFor();
    await shot('04-qa-no-legal');
  });

  it('lets legal download the evidence bundle (JSON and HTML) and verify it, and spot a tampered one', async () => {
    // A deep link: sign-in comes back to it.
    await signIn('acme', 'legal', `/recordings/${recordingId}`);
    await page.getByRole('heading', { name: 'Evidence bundle' }).waitFor();
    await page.getByRole('heading', { name: 'Consent events' }).waitFor();

    const [json] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download JSON (signed)' }).click(),
    ]);
    const jsonPath = path.join(ARTIFACTS, 'evidence.json');
    await json.saveAs(jsonPath);
    const bundle = JSON.parse(fs.readFileSync(jsonPath, 'utf8'));
    expect(bundle).toMatchObject({ recording: { id: recordingId, externalCallId }, signature: expect.any(Object) });

    const [html] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download printable HTML' }).click(),
    ]);
    const htmlPath = path.join(ARTIFACTS, 'evidence.html');
    await html.saveAs(htmlPath);
    expect(fs.readFileSync(htmlPath, 'utf8')).toContain(externalCallId);

    await page.getByLabel('Verify a bundle').setInputFiles(jsonPath);
    await page
      .getByTestId('verify-result')
      .getByText(/^Valid/)
      .waitFor();
    await shot('05-legal-evidence');

    const tampered = { ...bundle, recording: { ...bundle.recording, durationMs: 1 } };
    await page.getByLabel('Verify a bundle').setInputFiles({
      name: 'tampered.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(tampered)),
    });
    await page
      .getByTestId('verify-result')
      .getByText(/^Not valid/)
      .waitFor();

    // A hold placed from the console shows on the recording.
    await page.getByLabel('Matter').fill('MAT-1');
    await page.getByLabel('Reason', { exact: true }).fill('dispute pending');
    await page.getByRole('button', { name: 'Place hold' }).click();
    await page.locator('.holds li.active').getByText('MAT-1').waitFor();
    await page.locator('h1 .badge.hold').waitFor();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Legal' }).click();
    await page.getByLabel('Phone number').fill('+14155550134');
    await page.getByRole('button', { name: 'Look up' }).click();
    await page.getByRole('link', { name: externalCallId }).waitFor();
    await shot('06-legal-dsar');
  });

  it('lets legal open a matter, attach the 20 recordings of a search by keyboard, see the holds and trail, export their evidence with progress, and release them', async () => {
    // Twenty calls of one day, as rows: holds never read the audio.
    const repo = t.runtime.dataSource.getRepository(RecordingEntity);
    const day = Date.parse('2026-01-15T12:00:00Z');
    const calls = await repo.save(
      Array.from({ length: 20 }, (_, i) =>
        repo.create({
          tenantId: acmeId,
          externalCallId: `matter-call-${String(i).padStart(2, '0')}`,
          status: 'available',
          mediaFormat: 'wav',
          startedAt: new Date(day + i * 10_000),
          durationMs: 60_000,
        }),
      ),
    );
    const ids = calls.map((c) => c.id).sort();

    await go('/');
    await page.getByLabel('Call from').fill('2026-01-15');
    await page.getByLabel('Call to').fill('2026-01-15');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    // The uploaded call (another day) leaves the list; the day's twenty remain.
    await page.locator(`tr[data-recording-id="${recordingId}"]`).waitFor({ state: 'detached' });
    expect(await page.locator('table.recordings tbody tr').count()).toBe(20);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Matters' }).click();
    await page.getByRole('heading', { name: 'Matters' }).waitFor();
    await page.getByLabel('Name').fill('Smith v. Acme');
    await page.getByLabel('Reference').fill('SMITH-2026-113');
    await page.getByLabel('Description').fill('billing dispute');
    await page.getByRole('button', { name: 'Open matter' }).click();
    await page.getByRole('heading', { name: /Smith v\. Acme/ }).waitFor();
    const matterId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
    expect(await page.getByTestId('current-search').innerText()).toBe('Call from 2026-01-15 · Call to 2026-01-15');

    // By keyboard: into the reason, type it, Enter submits.
    await page.getByLabel('Reason for the holds').focus();
    await page.keyboard.type('litigation hold notice');
    await page.keyboard.press('Enter');
    await page.getByTestId('attach-result').getByText('Placed 20 holds; already held 0; deleted 0.').waitFor();
    await page.locator('table.matter-holds tbody tr.active').nth(19).waitFor();
    // In call order, each linking to its recording.
    expect(await page.locator('table.matter-holds tbody tr td:first-child').allInnerTexts()).toEqual(
      calls.map((c) => c.externalCallId),
    );
    const trail = page.locator('table.matter-audit');
    await trail.getByText('matter.hold').waitFor();
    expect(await trail.innerText()).toContain('matter.create');
    expect(await trail.innerText()).toContain('placed 20');
    await shot('09-matter');

    // The API agrees: the matter holds exactly those 20, and each is flagged on hold.
    const legal = await t.token('acme', 'legal');
    const holds = (
      await t.http().get(`/v1/matters/${matterId}/holds`).set('Authorization', `Bearer ${legal}`).expect(200)
    ).body.items as { recordingId: string; active: boolean }[];
    expect(
      holds
        .filter((h) => h.active)
        .map((h) => h.recordingId)
        .sort(),
    ).toEqual(ids);
    const onHold = await repo.findBy(ids.map((id) => ({ id, legalHold: true })));
    expect(onHold).toHaveLength(20);

    // Exports by keyboard. Twenty items take the worker well under the 1 s poll, so each run is held by row locks:
    // the page sees it queued, then running part-way (ETA, Cancel), and only then finished.
    const exporting = page.getByRole('region', { name: 'Evidence export' });
    const bar = exporting.getByRole('progressbar', { name: 'Export progress' });
    const cancel = exporting.getByRole('button', { name: 'Cancel export' });
    const download = exporting.getByRole('link', { name: 'Download' });
    const focused = () =>
      page.evaluate(() => (globalThis as unknown as FocusWatch).document.activeElement?.textContent ?? null);

    // Cancelled at 5 of 20: the bar stops, nothing to download, focus back on Export evidence.
    const cancelled = await startHeldExport(5);
    try {
      await cancel.focus();
      await page.keyboard.press('Enter');
      await exporting.getByText('Export cancelled').waitFor();
    } finally {
      await cancelled.release();
    }
    expect(await bar.getAttribute('aria-valuenow')).toBe('5');
    expect([await cancel.count(), await download.count()]).toEqual([0, 0]);
    expect(await focused()).toBe('Export evidence');
    expect(
      (await t.http().get(`/v1/jobs/${cancelled.jobId}`).set('Authorization', `Bearer ${legal}`).expect(200)).body,
    ).toMatchObject({ status: 'cancelled', result: null });

    // Then to the end; every value the progress bar shows is kept, to check it only moves on.
    await page.evaluate(() => {
      const w = globalThis as unknown as ProgressWatch;
      w.progressSeen = [];
      new w.MutationObserver(() => {
        const box = w.document.querySelector('[data-job-id]');
        const now = box?.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow');
        const job = box?.getAttribute('data-job-id') ?? '';
        const last = w.progressSeen.at(-1);
        if (now != null && (last?.job !== job || last.now !== Number(now)))
          w.progressSeen.push({ job, now: Number(now) });
      }).observe(w.document.body, { subtree: true, childList: true, attributes: true });
    });
    const completed = await startHeldExport(10);
    try {
      await exporting.getByText('Export running').waitFor();
      expect(await exporting.getByTestId('export-counts').innerText()).toMatch(
        /^10 of 20 processed: 10 exported, 0 failed · about \d+ (s|min) left$/,
      );
      expect(await cancel.isVisible()).toBe(true);
      // Focus stays on the button that started the run (aria-disabled while it runs, not disabled).
      expect(await focused()).toBe('Export evidence');
      await shot('11-matter-export-running');

      // Leaving the view stops its polling; coming back picks the running export up again.
      await page.getByRole('link', { name: '← Matters' }).click();
      await page.getByRole('heading', { name: 'Matters' }).waitFor();
      const polls: string[] = [];
      const onRequest = (r: { url(): string }) => {
        if (r.url().includes(`/v1/jobs/${completed.jobId}`)) polls.push(r.url());
      };
      page.on('request', onRequest);
      await page.waitForTimeout(2500);
      page.off('request', onRequest);
      expect(polls).toEqual([]);
      await page.locator(`tr[data-matter-id="${matterId}"]`).getByRole('link').click();
      await exporting.locator(`[data-job-id="${completed.jobId}"]`).getByText('Export running').waitFor();
    } finally {
      await completed.release();
    }
    await download.waitFor({ timeout: 60_000 });
    expect([await bar.getAttribute('aria-valuenow'), await bar.getAttribute('aria-valuemax')]).toEqual(['20', '20']);
    expect(await exporting.getByTestId('export-counts').innerText()).toBe('20 of 20 processed: 20 exported, 0 failed');
    expect(await exporting.getByRole('button', { name: 'Cancel export' }).count()).toBe(0);
    const seen = (await page.evaluate(() => (globalThis as unknown as ProgressWatch).progressSeen))
      .filter((v) => v.job === completed.jobId)
      .map((v) => v.now);
    expect(seen).toEqual(expect.arrayContaining([0, 10, 20]));
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    await shot('11-matter-export');

    // The link alone (no Authorization) downloads the archive: a signed manifest listing the matter's 20 recordings.
    const href = (await download.getAttribute('href')) ?? '';
    expect(href).toMatch(/^\/v1\/jobs\/[0-9a-f-]{36}\/result\?token=/);
    const tar = await t
      .http()
      .get(href)
      .buffer(true)
      .parse((r, cb) => {
        const parts: Buffer[] = [];
        r.on('data', (c: Buffer) => parts.push(c));
        r.on('end', () => cb(null, Buffer.concat(parts)));
      })
      .expect(200)
      .expect('Content-Type', 'application/x-tar');
    const files = await untar(tar.body as Buffer);
    const manifest = JSON.parse(files.get('manifest.json')?.toString('utf8') ?? '{}') as {
      job: { kind: string; params: { matter?: string } };
      items: { ref: string; files: { path: string }[] }[];
      failed: unknown[];
    };
    expect(manifest.job).toMatchObject({ kind: 'evidence-export', params: { matter: 'SMITH-2026-113' } });
    expect(manifest.items.map((i) => i.ref).sort()).toEqual(ids);
    expect(manifest.failed).toEqual([]);
    for (const item of manifest.items)
      expect(JSON.parse(files.get(item.files[0].path)?.toString('utf8') ?? '{}').recording.id).toBe(item.ref);

    await page.getByLabel('Reason for release').fill('matter settled');
    await page.getByRole('button', { name: 'Release all holds' }).click();
    await page.getByTestId('release-result').getByText('Released 20 holds.').waitFor();
    await page.locator('table.matter-holds tbody tr.released').nth(19).waitFor();
    expect(await repo.countBy(ids.map((id) => ({ id, legalHold: true })))).toBe(0);

    await page.getByRole('link', { name: '← Matters' }).click();
    const row = page.locator(`tr[data-matter-id="${matterId}"]`);
    await row.waitFor();
    expect((await row.locator('td').allInnerTexts()).slice(0, 4)).toEqual([
      'Smith v. Acme',
      'SMITH-2026-113',
      '0',
      '20',
    ]);
    await shot('10-matters');
  });

  it('lets an auditor query events and verify the chain', async () => {
    await signIn('acme', 'auditor');
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page.getByRole('button', { name: 'Verify the chain' }).click();
    await page.getByTestId('chain-result').getByText('Chain intact').waitFor();
    await page.getByLabel('Action').fill('recording.evidence');
    await page.getByRole('button', { name: 'Search events' }).click();
    await page.locator('table.audit tbody tr').first().waitFor();
    expect(await page.locator('table.audit').innerText()).toContain('legal-user');
    await shot('07-audit');
  });

  it('renews the access token silently with the refresh token, and signs out at the issuer', async () => {
    await signIn('acme', 'legal');
    const signedInWith = apiAuthorization.at(-1);
    const before = tokenGrants.filter((g) => g === 'refresh_token').length;
    // 75 s tokens are renewed 60 s early: within ~15 s of signing in.
    await page.waitForRequest(
      (r) => r.url().endsWith('/dev-oidc/token') && (r.postData() ?? '').includes('refresh_token'),
      {
        timeout: 30_000,
      },
    );
    await page.waitForResponse((r) => r.url().endsWith('/dev-oidc/token') && r.status() === 200);
    expect(tokenGrants.filter((g) => g === 'refresh_token').length).toBeGreaterThan(before);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Legal' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Recordings' }).click();
    await page.locator(`tr[data-recording-id="${recordingId}"]`).waitFor();
    // The list was fetched with the renewed token, which the API accepted.
    expect(signedInWith).toMatch(/^Bearer ey/);
    expect(apiAuthorization.at(-1)).not.toBe(signedInWith);

    const [logout] = await Promise.all([
      page.waitForRequest((r) => r.url().includes('/dev-oidc/end-session?')),
      page.getByRole('button', { name: 'Sign out' }).click(),
    ]);
    const q = new URL(logout.url()).searchParams;
    expect(q.get('id_token_hint')).toMatch(/^ey/);
    expect(q.get('post_logout_redirect_uri')).toBe(`${base}/console/`);
    await page.getByRole('button', { name: 'Sign in with single sign-on' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/');
  });

  it('shows API errors with their message and correlation id', async () => {
    await signIn('acme', 'qa', '/recordings/00000000-0000-4000-8000-000000000000');
    const alert = page.getByRole('alert');
    await alert.getByText('Recording not found').waitFor();
    expect(await alert.locator('.correlation-id').innerText()).toMatch(/\S+/);
    await shot('08-error');
    expect(cspViolations).toEqual([]);
  });

  it('says so on a recording stored shorter than its file claimed, and not on a whole one', async () => {
    const ingest = (await t.apiKey('acme', 'ingest')).key;
    const call = makeCall({ externalCallId: 'console-cut-short' });
    const cut = call.wav.subarray(0, 44 + 8 * 8000 * 2); // the header claims 12 s, the file holds 8
    const res = await upload(t, ingest, { ...call.metadata, transcript: undefined, markers: [] }, cut).expect(202);
    expect((await settle(t, ingest, res.body.id as string)).status).toBe('available');
    await signIn('acme', 'qa', `/recordings/${res.body.id as string}`);
    const banner = page.locator('[data-warning="MEDIA_TRUNCATED"]');
    await banner.waitFor();
    expect(await banner.innerText()).toMatch(/claims 12000 ms of audio but holds 8000 ms/);
    expect(await axeViolations()).toEqual([]);
    await signIn('acme', 'qa', `/recordings/${recordingId}`);
    await page.getByRole('heading', { name: new RegExp(externalCallId) }).waitFor();
    expect(await page.locator('[data-warning]').count()).toBe(0);
  });
});
