import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { PDFOptions } from 'puppeteer-core';
import { LessThan } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { FieldCipher, FieldContext } from '../crypto/field-cipher';
import { Transactions } from '../database/transaction';
import { JobQueue } from '../jobs/job-queue';
import { renderTimedOut } from './pdf-errors';
import { PdfRender } from './pdf-render.entity';

const POLL_MS = 100;
/** How long a worker may take to pick a render up, on top of the render's own limit. */
const QUEUE_WAIT_MS = 30_000;
const UNCOLLECTED_AFTER_MS = 3_600_000;

const requestContext = (id: string): FieldContext => ({ table: 'pdf_renders', id, field: 'request' });
const resultContext = (id: string): FieldContext => ({ table: 'pdf_renders', id, field: 'result' });

interface RenderRequest {
  html: string;
  pdf: PDFOptions;
}

/**
 * Printing through a worker: the web process stores the page (encrypted) and queues `pdf.render`
 * in one transaction, then waits for the worker's answer in the same row. Rendering is idempotent:
 * a job run twice (its first worker died) finds the answer already there, or prints it again.
 */
@Injectable()
export class PdfViaWorker {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tx: Transactions,
    private readonly cipher: FieldCipher,
    private readonly jobs: JobQueue,
  ) {
    jobs.handle('pdf.cleanup', () => this.cleanup());
  }

  /** Whether this process hands its PDFs to workers instead of starting Chromium. */
  get enabled(): boolean {
    return this.config.pdf.rendering === 'worker' && this.config.role !== 'worker';
  }

  async render(html: string, pdf: PDFOptions): Promise<Buffer> {
    const id = randomUUID();
    const request: RenderRequest = { html, pdf };
    await this.tx.run(async (tx) => {
      await tx.getRepository(PdfRender).insert({ id, request: this.cipher.encrypt(JSON.stringify(request), requestContext(id)) });
      await this.jobs.send(tx, 'pdf.render', { renderId: id });
    });
    const limit = this.config.pdf.renderTimeoutMs + QUEUE_WAIT_MS;
    try {
      for (const started = Date.now(); Date.now() - started < limit; await sleep(POLL_MS)) {
        const row = await this.tx.run((tx) =>
          tx.getRepository(PdfRender).findOne({ where: { id }, select: { id: true, result: true, error: true } }),
        );
        if (row?.result) return Buffer.from(this.cipher.decrypt(row.result, resultContext(id)), 'base64');
        if (row?.error) throw new DomainError('SERVICE_UNAVAILABLE', row.error, undefined, { 'Retry-After': '5' });
      }
      throw renderTimedOut(limit);
    } finally {
      await this.tx.run((tx) => tx.getRepository(PdfRender).delete(id));
    }
  }

  /**
   * The worker's side. A render that fails for good leaves its reason for the waiting request;
   * one asked for by a request that gave up (row gone) is skipped.
   */
  async serve(renderId: string, lastAttempt: boolean, print: (html: string, pdf: PDFOptions) => Promise<Buffer>): Promise<void> {
    const row = await this.tx.run((tx) => tx.getRepository(PdfRender).findOne({ where: { id: renderId } }));
    if (!row || row.result || row.error) return;
    const request = JSON.parse(this.cipher.decrypt(row.request, requestContext(renderId))) as RenderRequest;
    let bytes: Buffer;
    try {
      bytes = await print(request.html, request.pdf);
    } catch (error) {
      if (lastAttempt) {
        const message = error instanceof DomainError ? error.message : 'The printer could not print this document. Please try again.';
        await this.tx.run((tx) => tx.getRepository(PdfRender).update(renderId, { error: message.slice(0, 300), doneAt: new Date() }));
      }
      throw error;
    }
    const result = this.cipher.encrypt(bytes.toString('base64'), resultContext(renderId));
    await this.tx.run((tx) => tx.getRepository(PdfRender).update(renderId, { result, doneAt: new Date() }));
  }

  private async cleanup(): Promise<void> {
    await this.tx.run((tx) => tx.getRepository(PdfRender).delete({ createdAt: LessThan(new Date(Date.now() - UNCOLLECTED_AFTER_MS)) }));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
