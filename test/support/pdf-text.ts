import { execFileSync } from 'node:child_process';

/** The text of a PDF, as poppler's pdftotext extracts it (what a person could copy out of it). */
export const pdfText = (bytes: Buffer): string => execFileSync('pdftotext', ['-layout', '-', '-'], { input: bytes }).toString('utf8');

export const pdfPages = (bytes: Buffer): number =>
  Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', ['-'], { input: bytes }).toString('utf8'))?.[1]);
