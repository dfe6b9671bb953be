/**
 * Debian's Chromium driven by playwright-core (Playwright cannot download its own browser here), with its
 * profile in a temp HOME so it never writes into the tester's ~/.config.
 */
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.GATEHOUSE_TEST_CHROMIUM ?? '/usr/bin/chromium';

/** Undefined when Chromium can run here, else what is missing. */
export async function missingChromium(): Promise<string | undefined> {
  return access(CHROMIUM_PATH).then(
    () => undefined,
    () => `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`,
  );
}

function browserEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config') };
  delete env.DBUS_SESSION_BUS_ADDRESS;
  return env;
}

export interface LaunchedChromium {
  browser: Browser;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<LaunchedChromium> {
  const home = await mkdtemp(join(tmpdir(), 'gatehouse-chromium-'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-dev-shm-usage',
      // Chromium's own cookie key must not land in the test keyring (nor ask a keyring at all).
      '--password-store=basic',
    ],
    env: browserEnv(home),
  });
  return {
    browser,
    async close() {
      await browser.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}
