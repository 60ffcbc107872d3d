import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { PROJECT_ROOT } from '../project-root';
import { findChromium } from '../browser/chromium';
import { DomainError } from '../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Transactions } from '../database/transaction';
import { ChromiumPool } from './chromium-pool';
import type { PDFOptions } from 'puppeteer-core';
import { JobQueue } from '../jobs/job-queue';
import { PdfDocumentsRepository } from './pdf-documents.repository';
import { PdfViaWorker } from './pdf-via-worker';
import { PdfTemplates } from './pdf-templates';

export interface RenderOptions {
  paper: 'letter' | 'a4';
  language: string;
  title: string;
  /** Printed in every page's footer, so a paper copy can be matched to its record. */
  documentId: string;
  /** Who the document is from, printed in the running header. */
  issuer: string;
}

/**
 * The one entry point for printed documents: Handlebars templates in views/pdf/, printed by a warm,
 * bounded, hardened Chromium pool; documents that cannot change are printed once and kept.
 */
@Injectable()
export class PdfService implements OnApplicationShutdown {
  private readonly templates = new PdfTemplates(join(PROJECT_ROOT, 'views', 'pdf'), join(PROJECT_ROOT, 'views', 'partials'));
  private pool?: ChromiumPool;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tx: Transactions,
    private readonly cache: PdfDocumentsRepository,
    private readonly viaWorker: PdfViaWorker,
    jobs: JobQueue,
  ) {
    jobs.handle('pdf.render', (data, job) =>
      this.viaWorker.serve(String(data.renderId), job.lastAttempt, (html, pdf) => this.chromium().render(html, pdf)),
    );
  }

  get templateVersion(): string {
    return this.templates.version;
  }

  async render(document: string, model: Record<string, unknown>, options: RenderOptions): Promise<Buffer> {
    const html = this.templates.page(document, model, { title: options.title, language: options.language });
    const { header, footer } = this.templates.headerFooter({ ...options });
    const pdf: PDFOptions = {
      format: options.paper === 'letter' ? 'Letter' : 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: header,
      footerTemplate: footer,
      margin: { top: '22mm', bottom: '20mm', left: '16mm', right: '16mm' },
      tagged: true,
    };
    return this.viaWorker.enabled ? this.viaWorker.render(html, pdf) : this.chromium().render(html, pdf);
  }

  /**
   * For documents that never change: the hash of template version, data and options names the
   * PDF; the first request prints it, every later one reads the stored bytes.
   */
  async renderOnce(practiceId: string, document: string, model: Record<string, unknown>, options: Omit<RenderOptions, 'documentId'>) {
    const hash = this.hashOf(document, model, options);
    const stored = await this.tx.run((tx) => this.cache.find(tx, practiceId, hash));
    if (stored) return { bytes: stored.bytes, hash, cached: true };
    const bytes = await this.render(document, model, { ...options, documentId: hash.slice(0, 12).toUpperCase() });
    await this.tx.run((tx) => this.cache.store(tx, { hash, practiceId, document, bytes }));
    return { bytes, hash, cached: false };
  }

  /**
   * For documents that never change but hold a client's own words (the intake summary): named the
   * same way, printed every time and never kept, since what Ayni stores of those words is encrypted
   * and a stored PDF would not be.
   */
  async renderUnkept(document: string, model: Record<string, unknown>, options: Omit<RenderOptions, 'documentId'>) {
    const hash = this.hashOf(document, model, options);
    const bytes = await this.render(document, model, { ...options, documentId: hash.slice(0, 12).toUpperCase() });
    return { bytes, hash, cached: false };
  }

  private hashOf(document: string, model: Record<string, unknown>, options: Omit<RenderOptions, 'documentId'>): string {
    return createHash('sha256')
      .update(JSON.stringify([this.templates.version, document, model, options]))
      .digest('hex');
  }

  /** For /health: Chromium starts (and stays warm) or the reason it cannot. */
  async health(): Promise<{ ready: boolean; detail: string }> {
    if (this.viaWorker.enabled) return { ready: true, detail: 'printed by workers (PDF_RENDERING=worker)' };
    try {
      await this.chromium().warm();
      return { ready: true, detail: `${this.config.pdf.pages} page(s), ${this.pool!.renders} rendered` };
    } catch (error) {
      return {
        ready: false,
        detail: error instanceof DomainError ? error.message : `Chromium did not start: ${(error as Error).message.split('\n')[0]}`,
      };
    }
  }

  get stats() {
    return {
      renders: this.pool?.renders ?? 0,
      launches: this.pool?.launches ?? 0,
      browserPid: this.pool?.browserPid,
      browserMb: this.pool?.browserMb() ?? 0,
    };
  }

  async onApplicationShutdown() {
    await this.pool?.close();
  }

  private chromium(): ChromiumPool {
    if (this.pool) return this.pool;
    const executablePath = findChromium(this.config.chromiumPath);
    if (!executablePath) {
      throw new DomainError(
        'SERVICE_UNAVAILABLE',
        this.config.chromiumPath
          ? `CHROMIUM_PATH ${this.config.chromiumPath} is not an executable file`
          : 'No Chromium found: run `npm run setup:chromium` or set CHROMIUM_PATH',
      );
    }
    this.pool = new ChromiumPool({ executablePath, ...this.config.pdf });
    return this.pool;
  }
}
