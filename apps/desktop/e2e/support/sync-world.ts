import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, expect, type Page } from '@playwright/test';
import { type CuttableLink, cuttableLink } from '../../../../scripts/lib/cuttable-link.mjs';
import { type BenchServer, createDatabase, startServer } from '../../../server/scripts/bench-server.mjs';
import { type Project, sampleFiles, writeProject } from './fixtures';
import { callCore, type RunningHost, startHost } from './web-host';
import { Workbench } from './workbench';

/** A person of the tenant, as the sign-in dialog needs them. */
export interface Owner {
  id: string;
  email: string;
  password: string;
  /** A login session on the server, for its HTTP routes (the devices never see it). */
  token: string;
}

/** One desktop: a web host with its own data folder and project, in a browser page of its own. */
export interface SyncDevice {
  name: string;
  owner: Owner;
  host: RunningHost;
  project: Project;
  context: BrowserContext;
  page: Page;
  workbench: Workbench;
  /** Where this device reaches the server: the server itself, or a link the test can cut. */
  serverAddress: string;
  call(method: string, params?: Record<string, unknown>): Promise<unknown>;
}

/** The real governance server on a fresh database, one tenant with two owners, and two devices (signed out). */
export interface SyncWorld {
  server: BenchServer;
  tenantId: string;
  /** B reaches the server through it. */
  linkB: CuttableLink;
  a: SyncDevice;
  b: SyncDevice;
  close(): Promise<void>;
}

/** The password `startServer`'s `person` gives each invitee. */
const passwordOf = (email: string) => `${email} bench passphrase`;

/**
 * `webnova-server` (bootstrap, then serve) on a new PostgreSQL database (dropped by `close`), a tenant
 * made by ROOT_OWNER through its routes with two owners (the second joins by the first's approval), and
 * two web hosts on their own data folders and projects, each in a browser context of its own. Device A
 * reaches the server directly, device B through a link the test can cut.
 */
export async function startSyncWorld(
  browser: Browser,
  contextOptions: Parameters<Browser['newContext']>[0] = {},
): Promise<SyncWorld> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const database = await createDatabase('webnova_e2e_sync');
    cleanups.push(() => database.drop());
    const server = await startServer(database.url, {
      email: 'root@e2e.example',
      password: 'e2e root passphrase',
      quiet: true,
    });
    cleanups.push(() => server.stop());
    const { id: tenantId } = await server.api<{ id: string }>('POST', '/tenants', server.rootToken, {
      name: 'Clinic',
    });
    const owner = async (email: string): Promise<Owner> => ({
      email,
      password: passwordOf(email),
      ...(await server.person(server.rootToken, tenantId, email, 'owner')),
    });
    const ownerA = await owner('rana@clinic.example');
    const ownerB = await owner('omar@clinic.example');
    const linkB = await cuttableLink(server.port);
    cleanups.push(() => linkB.close());

    const device = async (name: string, who: Owner, serverAddress: string): Promise<SyncDevice> => {
      const dir = await realpath(await mkdtemp(join(tmpdir(), 'webnova-e2e-sync-')));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      const root = join(dir, 'clinic-booking');
      await writeProject(root, sampleFiles);
      const host = await startHost(root, join(dir, 'data'));
      cleanups.push(() => host.stop());
      const context = await browser.newContext(contextOptions);
      cleanups.push(() => context.close());
      const page = await context.newPage();
      await page.goto(host.url);
      const workbench = new Workbench(page);
      await workbench.waitForShell();
      return {
        name,
        owner: who,
        host,
        project: { root, file: (path) => join(root, path) },
        context,
        page,
        workbench,
        serverAddress,
        call: (method, params = {}) => callCore(host, method, params),
      };
    };
    const [a, b] = await Promise.all([
      device('Desk A', ownerA, server.base),
      device('Laptop B', ownerB, linkB.address),
    ]);
    return { server, tenantId, linkB, a, b, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Language and theme as core keeps them; the window follows `settings.changed`. */
export async function look(device: SyncDevice, locale: 'en' | 'ar', theme: 'dark' | 'light'): Promise<void> {
  await device.call('settings.update', { locale, theme });
  await expect(device.page.locator('html')).toHaveAttribute('lang', locale);
  await expect(device.page.locator('html')).toHaveAttribute('data-theme', theme);
}
