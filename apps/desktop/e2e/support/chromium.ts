import type { LaunchOptions } from '@playwright/test';
import args from './chromium-args.json' with { type: 'json' };

/**
 * Debian's Chromium, started the way this machine allows (no downloads, no background traffic).
 * The flags are a JSON file so that the benches (plain Node) start Chromium the same way.
 */
export const chromiumLaunchOptions: LaunchOptions = {
  executablePath: process.env.WEBNOVA_CHROMIUM ?? '/usr/bin/chromium',
  args,
};
