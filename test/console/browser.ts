import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';

/** Debian's Chromium (package `chromium`); scripts/test.sh installs it where apt-get works. */
export const CHROMIUM = '/usr/bin/chromium';

/** Where the browser tests leave their screenshots (git-ignored). */
export const RESULTS_DIR = resolve(import.meta.dirname, '..', 'results');

/** Why the browser tests cannot run here, or undefined when they can. */
export function browserMissing(): string | undefined {
  return existsSync(CHROMIUM)
    ? undefined
    : `${CHROMIUM} is missing (Debian package chromium; scripts/test.sh installs it where apt-get works)`;
}

/**
 * Headless Chromium with nothing that reaches outside the machine (the network here is closed: background
 * services would only fail, many at a time). Playwright gives each launch a fresh, empty profile.
 */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  mkdirSync(RESULTS_DIR, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
