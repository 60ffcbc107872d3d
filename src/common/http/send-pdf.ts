import type { Request, Response } from 'express';

/**
 * Sends a PDF as a download with a safe file name. Private documents are never stored by a cache;
 * public ones may be, briefly. The ETag lets a browser skip the bytes it already has.
 */
export function sendPdf(
  req: Request,
  res: Response,
  pdf: { bytes: Buffer; hash: string; filename: string },
  visibility: 'private' | 'public',
) {
  const etag = `"${pdf.hash}"`;
  res.setHeader('Content-Type', 'application/pdf');
  res.setHeader('Content-Disposition', `attachment; filename="${pdf.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`);
  res.setHeader('Cache-Control', visibility === 'private' ? 'private, no-store' : 'public, max-age=300');
  res.setHeader('ETag', etag);
  if (req.headers['if-none-match'] === etag) {
    res.status(304).end();
    return;
  }
  res.setHeader('Content-Length', String(pdf.bytes.length));
  res.end(pdf.bytes);
}
