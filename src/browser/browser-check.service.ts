import { Inject, Injectable } from '@nestjs/common';
import puppeteer from 'puppeteer-core';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { CHROMIUM_ARGS, findChromium } from './chromium';

export interface BrowserStatus {
  ready: boolean;
  executablePath?: string;
  version?: string;
  problem?: string;
}

const RECHECK_MS = 5 * 60_000;

/**
 * Proves a headless Chromium can start, for /health, until the PDF engine keeps one warm.
 * The answer is cached so health probes do not launch a browser each time.
 */
@Injectable()
export class BrowserCheck {
  private last?: { at: number; status: Promise<BrowserStatus> };

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  status(): Promise<BrowserStatus> {
    if (!this.last || Date.now() - this.last.at > RECHECK_MS) {
      this.last = { at: Date.now(), status: this.launch() };
    }
    return this.last.status;
  }

  private async launch(): Promise<BrowserStatus> {
    const executablePath = findChromium(this.config.chromiumPath);
    if (!executablePath) {
      return {
        ready: false,
        problem: this.config.chromiumPath
          ? `CHROMIUM_PATH ${this.config.chromiumPath} is not an executable file`
          : 'No Chromium found: run `npm run setup:chromium` or set CHROMIUM_PATH',
      };
    }
    try {
      const browser = await puppeteer.launch({ executablePath, args: CHROMIUM_ARGS, headless: true, timeout: 30_000 });
      try {
        return { ready: true, executablePath, version: await browser.version() };
      } finally {
        await browser.close();
      }
    } catch (error) {
      return { ready: false, executablePath, problem: `Chromium did not start: ${(error as Error).message.split('\n')[0]}` };
    }
  }
}
