/**
 * The admin console end to end in a real browser: Debian's Chromium driven by playwright-core (no browser
 * download), against the real API with the simulated Entra tenant and Okta org over HTTPS. An admin
 * configures both integrations through the forms, tests the connections, syncs (full or incremental), sets a
 * sync schedule, and the dashboard shows the numbers the API returns; an analyst sees no admin controls (the
 * schedule read-only); a wrong key is refused. Screenshots of
 * each page go to docs/console/ when TWIN_CONSOLE_SCREENSHOTS=1 (npm run console:screenshots).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OktaSimulator } from '../../dev/simulators/okta/server.js';
import type { SyntheticScenario } from '../../dev/simulators/synthetic/index.js';
import { SYNTHETIC_ENTRA, SYNTHETIC_OKTA_CLIENT, startSyntheticWorld, type SyntheticWorld } from '../support/synthetic-world.js';
import { ensureConsoleBuilt } from '../../dev/demo/console-build.js';
import { ADMIN_KEY, ANALYST_KEY, startTestApp, type TestApp } from '../support/app.js';

const ENTRA = SYNTHETIC_ENTRA;
const OKTA_CLIENT = SYNTHETIC_OKTA_CLIENT;
// Screenshots are written only when asked (npm run console:screenshots), so npm test leaves the tree clean.
const SHOTS = process.env.TWIN_CONSOLE_SCREENSHOTS === '1';
const SHOT_DIR = path.resolve(import.meta.dirname, '../../docs/console');
const VIEWPORT = { width: 1440, height: 960 };

/** Debian's Chromium (apt-get install chromium); CHROMIUM_PATH overrides. */
function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => Boolean(p));
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error('no Chromium: apt-get install -y chromium (or set CHROMIUM_PATH)');
  return found;
}

let oktaSim: OktaSimulator;
let t: TestApp;
let scenario: SyntheticScenario;
let privatePem: string;
let world: SyntheticWorld | undefined;
let browser: Browser;
let base: string;

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  await page.screenshot({ path: path.join(SHOT_DIR, `${name}.png`), fullPage: true });
}

/** Waits for the form's outcome and fails with its message when it is not "Saved". */
async function saved(card: Locator): Promise<void> {
  const outcome = card.locator('form [role=status], form [role=alert]').first();
  await outcome.waitFor();
  expect(await outcome.textContent()).toContain('Saved');
}

/** A link of the main navigation. */
function nav(page: Page, name: string): Locator {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
}

async function signIn(key: string): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  await page.goto(base);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('who').waitFor();
  return page;
}

beforeAll(async () => {
  await ensureConsoleBuilt(() => undefined);
  world = await startSyntheticWorld({ seed: 13, people: 200 });
  ({ scenario, oktaSim, t, privatePem } = world);
  base = t.app.url.replace(/\/graphql$/, '/');
  browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await world?.close();
});

describe('the admin console in Chromium', () => {
  it('is served at / with the API, and a wrong key is refused with a clear message', async () => {
    const page = await (await browser.newContext({ viewport: VIEWPORT })).newPage();
    await page.goto(base);
    await page.getByRole('heading', { name: 'Identity twin console' }).waitFor();
    await shot(page, 'sign-in');
    await page.getByLabel('API key').fill('not-a-key-of-this-server');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('This API key was refused');
    expect(await page.evaluate('[sessionStorage.length, localStorage.length]')).toEqual([0, 0]);
    // An unknown console path gets the console too (SPA fallback), the API routes are unchanged.
    expect((await fetch(new URL('/people/x', base))).headers.get('content-type')).toContain('text/html');
    expect((await (await fetch(new URL('/healthz', base))).json())).toEqual({ status: 'ok' });
    await page.context().close();
  });

  it('an admin configures Entra ID and Okta through the forms, tests the connections and syncs', async () => {
    const page = await signIn(ADMIN_KEY);
    // The key is kept in session storage only.
    expect(await page.evaluate('[sessionStorage.getItem("twin.apiKey"), localStorage.length]')).toEqual([ADMIN_KEY, 0]);
    await nav(page, 'Integrations').click();

    const entra = page.getByRole('region', { name: 'Entra ID' });
    const okta = page.getByRole('region', { name: 'Okta' });
    // The form starts folded when the integration is already configured.
    for (const card of [entra, okta]) {
      const details = card.locator('details.configure');
      await details.waitFor();
      if ((await details.getAttribute('open')) === null) await card.getByText('Configure', { exact: true }).click();
    }
    await entra.getByLabel('Tenant ID').fill(scenario.entra.tenantId);
    await entra.getByLabel('Client ID').fill(ENTRA.clientId);
    await entra.getByLabel('Client Secret').fill(ENTRA.clientSecret);
    await entra.getByRole('button', { name: 'Save', exact: true }).click();
    await saved(entra);
    expect(await entra.getByLabel('Client Secret').inputValue()).toBe('');
    await entra.getByTestId('entra-tenant').filter({ hasText: scenario.entra.tenantId }).waitFor();
    expect(await page.content()).not.toContain(ENTRA.clientSecret);

    await okta.getByLabel('Org URL').fill(oktaSim.orgUrl);
    await okta.getByLabel('Client ID').fill(OKTA_CLIENT);
    await okta.getByLabel('Private Key').fill(privatePem);
    await okta.getByLabel('Key ID').fill('k1');
    await okta.getByRole('button', { name: 'Save', exact: true }).click();
    await saved(okta);
    expect(await okta.getByLabel('Private Key').inputValue()).toBe('');
    expect(await page.content()).not.toContain('PRIVATE KEY');

    for (const card of [entra, okta]) {
      await card.getByRole('button', { name: 'Test Connection' }).click();
      const checks = card.getByRole('table', { name: 'Connection checks' });
      await checks.waitFor({ timeout: 90_000 });
      expect(await checks.locator('tbody tr').count()).toBe(7);
      expect(await checks.getByText('Failed').count()).toBe(0);
    }
    expect(await entra.getByRole('table', { name: 'Connection checks' }).textContent()).toContain('AuditLog.Read.All');

    // Incremental unless asked: the full switch starts off; Okta's first sync asks for a full one.
    for (const card of [entra, okta]) expect(await card.getByLabel('Full sync (re-read everything)').isChecked()).toBe(false);
    await okta.getByLabel('Full sync (re-read everything)').check();
    for (const card of [entra, okta]) {
      await card.getByLabel('Hours back').fill(String(24 * 8));
      await card.getByRole('button', { name: 'Sync Now' }).click();
    }
    for (const card of [entra, okta]) {
      await card.getByTestId('run-status').filter({ hasText: /SUCCEEDED|PARTIAL|FAILED/ }).waitFor({ timeout: 150_000 });
      expect(await card.getByTestId('run-status').textContent()).toBe('SUCCEEDED');
    }
    expect(await okta.getByTestId('run').getByRole('row', { name: /^users/ }).textContent()).toContain(String(scenario.summary.oktaUsers));
    expect(await okta.getByTestId('run-mode').textContent()).toBe('full');

    // A schedule set through the form shows on the card, as the API has it; then it is turned off again.
    expect(await okta.getByTestId('okta-schedule').textContent()).toBe('On demand only');
    await okta.getByLabel('Sync every (minutes)').fill('120');
    await okta.getByLabel('Full sync every (hours)').fill('12');
    await okta.getByRole('button', { name: 'Save schedule' }).click();
    await okta.getByTestId('okta-schedule').filter({ hasText: /^Every 120 min, full every 12 h, next run at \d{4}-\d\d-\d\d \d\d:\d\d UTC$/ }).waitFor();
    const scheduled = await t.gql<{ oktaStatus: { schedule: { everyMinutes: number; fullEveryHours: number; nextRunAt: string } | null } }, Record<string, never>>(
      '{ oktaStatus { schedule { everyMinutes fullEveryHours nextRunAt } } }',
    );
    const schedule = scheduled.data?.oktaStatus.schedule;
    expect(schedule).toMatchObject({ everyMinutes: 120, fullEveryHours: 12 });
    expect(await okta.getByTestId('okta-schedule').textContent()).toContain(schedule!.nextRunAt.replace('T', ' ').slice(0, 16));
    expect(await entra.getByTestId('entra-schedule').textContent()).toBe('On demand only');
    await okta.getByRole('button', { name: 'Turn off schedule' }).click();
    await okta.getByTestId('okta-schedule').filter({ hasText: 'On demand only' }).waitFor();
    // Entra keeps one, so the screenshot (and the analyst below) show a schedule.
    await entra.getByLabel('Sync every (minutes)').fill('360');
    await entra.getByRole('button', { name: 'Save schedule' }).click();
    await entra.getByTestId('entra-schedule').filter({ hasText: /^Every 360 min, full every 24 h/ }).waitFor();

    // While a run works it can be cancelled (cancelSync); the run history lists both runs.
    await okta.getByRole('button', { name: 'Sync Now' }).click();
    const cancel = okta.getByRole('button', { name: 'Cancel' });
    await cancel.waitFor();
    await cancel.click().catch(() => undefined); // the run may have finished in between
    await cancel.waitFor({ state: 'detached', timeout: 150_000 });
    expect(['CANCELLED', 'SUCCEEDED']).toContain(await okta.getByTestId('run-status').textContent());
    await okta.getByText(/^Run history/).click();
    await okta.getByRole('table', { name: 'Sync runs, newest first' }).locator('tbody tr').nth(1).waitFor();
    await shot(page, 'integrations');
    await page.context().close();
  }, 240_000);

  it('the dashboard shows the numbers the API returns, and each links to its list', async () => {
    const api = await t.gql<{ identityPosture: {
      globalAdminCount: number; accounts: Array<{ source: string; active: number }>;
      mfa: Array<{ source: string; ratio: number }>; staleAccounts: Array<{ source: string; count: number }>;
      securityEvents: { total: number; bySeverity: Array<{ severity: string; count: number }> };
      applications: { highPrivilegeAppCount: number };
      crossIdp: { inBoth: number; onlyInEntra: number; onlyInOkta: number; mfaGapCounts: Array<{ kind: string; people: number }>; roleConflictCounts: Array<{ kind: string; people: number }> };
    } }, Record<string, never>>(
      `{ identityPosture { globalAdminCount accounts { source active } mfa { source ratio } staleAccounts { source count }
         securityEvents { total bySeverity { severity count } } applications { highPrivilegeAppCount }
         crossIdp { inBoth onlyInEntra onlyInOkta mfaGapCounts { kind people } roleConflictCounts { kind people } } } }`,
    );
    expect(api.errors).toBeUndefined();
    const p = api.data!.identityPosture;
    const page = await signIn(ANALYST_KEY);
    await page.getByTestId('global-admins').waitFor();
    const text = async (id: string) => (await page.getByTestId(id).textContent())?.trim();
    expect(await text('global-admins')).toBe(String(p.globalAdminCount));
    for (const a of p.accounts) expect(await text(`active-${a.source}`)).toBe(String(a.active));
    for (const m of p.mfa) expect(await text(`mfa-${m.source}`)).toBe(`${(m.ratio * 100).toFixed(1)}%`);
    for (const s of p.staleAccounts) expect(await text(`stale-${s.source}`)).toBe(String(s.count));
    expect(await text('events-total')).toBe(String(p.securityEvents.total));
    for (const s of p.securityEvents.bySeverity) expect(await text(`events-${s.severity}`)).toBe(String(s.count));
    expect(await text('apps-high')).toBe(String(p.applications.highPrivilegeAppCount));
    expect(await text('in-both')).toBe(String(p.crossIdp.inBoth));
    expect(await text('only-entra')).toBe(String(p.crossIdp.onlyInEntra));
    expect(await text('only-okta')).toBe(String(p.crossIdp.onlyInOkta));
    for (const g of p.crossIdp.mfaGapCounts) expect(await text(`gap-${g.kind}`)).toBe(String(g.people));
    for (const g of p.crossIdp.roleConflictCounts) expect(await text(`conflict-${g.kind}`)).toBe(String(g.people));
    await page.waitForTimeout(300);
    await shot(page, 'dashboard');

    // A number opens the list behind it, paged.
    await page.getByRole('link', { name: `${p.globalAdminCount} Global Administrators (active)` }).click();
    await page.getByRole('navigation', { name: 'Global Administrators pages' }).filter({ hasText: `of ${p.globalAdminCount}` }).waitFor();
    expect(await page.locator('tbody tr').count()).toBe(Math.min(25, p.globalAdminCount));
    await page.goBack();
    const gap = p.crossIdp.mfaGapCounts.find((g) => g.people > 0)!;
    await page.getByTestId(`gap-${gap.kind}`).click();
    await page.getByRole('navigation', { name: 'MFA gaps pages' }).filter({ hasText: `of ${gap.people}` }).waitFor();
    expect(await page.locator('tbody tr').count()).toBe(Math.min(25, gap.people));
    await shot(page, 'mfa-gaps');
    await page.context().close();
  }, 120_000);

  it('an analyst sees no configure, test or sync controls', async () => {
    const page = await signIn(ANALYST_KEY);
    expect(await page.getByTestId('who').textContent()).toContain('role analyst');
    await nav(page, 'Integrations').click();
    await page.getByRole('region', { name: 'Okta' }).waitFor();
    await page.getByTestId('run-status').first().waitFor();
    for (const name of ['Test Connection', 'Sync Now', 'Save', 'Cancel', 'Save schedule', 'Turn off schedule']) expect(await page.getByRole('button', { name }).count()).toBe(0);
    for (const label of ['Tenant ID', 'Client Secret', 'Org URL', 'Private Key', 'Sync every (minutes)', 'Full sync every (hours)', 'Full sync (re-read everything)']) {
      expect(await page.getByLabel(label).count()).toBe(0);
    }
    // The schedule is shown, read-only.
    expect(await page.getByTestId('entra-schedule').textContent()).toMatch(/^Every 360 min, full every 24 h, next run at /);
    expect(await page.getByTestId('okta-schedule').textContent()).toBe('On demand only');
    expect(await page.getByText('Configure', { exact: true }).count()).toBe(0);
    await page.context().close();
  });

  it('the explorer finds a person, shows their accounts side by side and their graph; events are paged', async () => {
    const page = await signIn(ANALYST_KEY);
    await nav(page, 'People').click();
    const first = page.locator('tbody tr th a').first();
    await first.waitFor();
    // Someone with an account in each IdP.
    const both = page.locator('tbody tr').filter({ hasText: 'Entra ID + Okta' }).first();
    const name = (await both.locator('th a').textContent())!;
    await page.getByLabel('Search people').fill(name);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText(`matching “${name}”`).waitFor();
    await page.locator('tbody tr th a', { hasText: name }).first().click();
    await page.getByRole('heading', { name, level: 1 }).waitFor();
    expect(await page.getByRole('region', { name: /^Entra ID account/ }).count()).toBeGreaterThan(0);
    expect(await page.getByRole('region', { name: /^Okta account/ }).count()).toBeGreaterThan(0);
    await page.locator('.graph canvas').first().waitFor();
    await page.waitForTimeout(500);
    await shot(page, 'person');

    // An analyst correction: unlink the Okta account (it becomes a person of its own), then link it back.
    const personUrl = page.url();
    await page.getByRole('button', { name: 'Unlink this Okta account' }).click();
    await page.getByRole('status').filter({ hasText: 'is now a person of its own' }).waitFor();
    await page.waitForURL((u) => u.toString() !== personUrl);
    await page.getByRole('region', { name: /^Okta account/ }).waitFor();
    expect(await page.getByRole('region', { name: /^Entra ID account/ }).count()).toBe(0);
    await page.getByLabel('Find a person to link').fill(name);
    await page.getByRole('button', { name: 'Find', exact: true }).click();
    const linkButton = page.getByRole('button', { name: `Link with ${name}` }).first();
    await linkButton.waitFor();
    await linkButton.click();
    await page.getByRole('status').filter({ hasText: 'Linked' }).waitFor();
    await page.getByRole('region', { name: /^Entra ID account/ }).first().waitFor();
    expect(await page.getByRole('region', { name: /^Okta account/ }).count()).toBeGreaterThan(0);

    await nav(page, 'Security events').click();
    await page.getByText(/events, newest first/).waitFor();
    const times = await page.locator('tbody tr td:first-child').allTextContents();
    expect([...times].sort().reverse()).toEqual(times);
    await page.getByLabel('Minimum severity').selectOption('HIGH');
    await page.waitForURL(/severity=HIGH/);
    const high = await t.gql<{ securityEvents: { totalCount: number } }, Record<string, never>>('{ securityEvents(minSeverity: HIGH) { totalCount } }');
    await page.getByText(`${high.data!.securityEvents.totalCount} events, newest first`).waitFor();
    const severities = await page.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(severities.length).toBeGreaterThan(0);
    expect(severities.every((s) => s === 'HIGH')).toBe(true);
    await page.getByLabel('Minimum severity').selectOption('LOW');
    const all = await t.gql<{ securityEvents: { totalCount: number } }, Record<string, never>>('{ securityEvents(minSeverity: LOW) { totalCount } }');
    await page.getByText(`${all.data!.securityEvents.totalCount} events, newest first`).waitFor();
    await page.getByText('Loading…').waitFor({ state: 'detached' });
    await shot(page, 'events');
    await page.context().close();
  }, 120_000);
});

describe('open access on loopback (no TWIN_API_KEYS)', () => {
  it('needs no key: a query without one succeeds, so the console opens on the dashboard', async () => {
    const open = await startTestApp({ TWIN_API_KEYS: undefined });
    const context = await browser.newContext({ viewport: VIEWPORT });
    try {
      const page = await context.newPage();
      await page.goto(open.app.url.replace(/\/graphql$/, '/'));
      await page.getByTestId('who').filter({ hasText: 'Open access' }).waitFor();
      expect(await page.getByLabel('API key').count()).toBe(0);
      await page.getByTestId('global-admins').waitFor();
    } finally {
      await context.close();
      await open.close();
    }
  });
});

describe('the console\'s typed documents', () => {
  it('console/src/generated/graphql.ts is up to date with the served schema (run npm run codegen)', async () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const out = mkdtempSync(path.join(tmpdir(), 'codegen-console-'));
    execFileSync(
      process.execPath,
      [path.join(root, 'node_modules/@graphql-codegen/cli/esm/bin.js'), '--config', path.join(root, 'codegen.ts')],
      { cwd: root, env: { ...process.env, TWIN_CODEGEN_OUT: path.join(out, 'operations.ts') }, stdio: 'pipe' },
    );
    expect(readFileSync(path.join(root, 'console/src/generated/graphql.ts'), 'utf8')).toBe(readFileSync(path.join(out, 'console.ts'), 'utf8'));
  });
});
