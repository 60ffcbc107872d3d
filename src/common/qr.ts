import qrcode from 'qrcode-generator';

/** The blank margin around a QR code that scanners need, in modules (the standard asks for 4). */
const QUIET_ZONE = 4;

/**
 * A QR code of `text` (error correction M) as an SVG `data:` URI, ready for an `<img src>` in a page or a
 * printed document: computed here, in memory, with no network and no disk. The text is encoded as
 * UTF-8 bytes, so any URL reads back as it was written.
 */
export async function qrDataUri(text: string): Promise<string> {
  return `data:image/svg+xml;base64,${Buffer.from(qrSvg(text), 'utf8').toString('base64')}`;
}

/** The SVG itself: one path of dark modules on white, sized by its viewBox. */
export function qrSvg(text: string): string {
  const qr = qrcode(0, 'M');
  // The library turns each character into one byte; handing it UTF-8 bytes as characters keeps non-ASCII intact.
  qr.addData(Buffer.from(text, 'utf8').toString('latin1'), 'Byte');
  qr.make();
  const count = qr.getModuleCount();
  const size = count + 2 * QUIET_ZONE;
  let path = '';
  for (let row = 0; row < count; row++) {
    for (let col = 0; col < count; col++) {
      if (qr.isDark(row, col)) path += `M${col + QUIET_ZONE} ${row + QUIET_ZONE}h1v1h-1z`;
    }
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" width="${size * 4}" height="${size * 4}" shape-rendering="crispEdges">` +
    `<rect width="${size}" height="${size}" fill="#fff"/><path fill="#000" d="${path}"/></svg>`
  );
}
