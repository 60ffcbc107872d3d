import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Response } from 'superagent';
import type request from 'supertest';

/** The text of a PDF, as poppler's pdftotext extracts it (what a person could copy out of it). */
export const pdfText = (bytes: Buffer): string => execFileSync('pdftotext', ['-layout', '-', '-'], { input: bytes }).toString('utf8');

export const pdfPages = (bytes: Buffer): number =>
  Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', ['-'], { input: bytes }).toString('utf8'))?.[1]);

/** The images embedded in a PDF, one line each, as poppler's pdfimages lists them. */
export function pdfImages(bytes: Buffer): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'ayni-pdf-'));
  try {
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, bytes);
    return execFileSync('pdfimages', ['-list', file]).toString('utf8').trim().split('\n').slice(2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Reads a response body as raw bytes (supertest buffers PDFs as text otherwise). */
export function asBytes(res: Response, done: (err: Error | null, body: Buffer) => void) {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}

/** GETs `path` as the agent's person and keeps the body as bytes (a PDF, a zip). */
export const download = (agent: request.Agent, path: string) => agent.get(path).buffer(true).parse(asBytes);
