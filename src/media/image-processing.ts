import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { DomainError } from '../common/errors/domain-error';
import type { ImageType } from './image.entity';

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
const MAX_PIXELS = 40_000_000; // refuses "decompression bombs" before decoding them
const MAX_SIDE = 1024;

const NAMES: Record<ImageType, string> = { 'image/png': 'PNG', 'image/jpeg': 'JPEG', 'image/webp': 'WebP' };

/** The type the bytes themselves say, from their signature; never the file name. */
export function sniffImageType(bytes: Buffer): ImageType | undefined {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return undefined;
}

/** What the upload claims to be, from its declared type or its name. */
export function claimedImageType(mimetype?: string, filename?: string): ImageType | undefined {
  const byMime = { 'image/png': 'image/png', 'image/jpeg': 'image/jpeg', 'image/jpg': 'image/jpeg', 'image/webp': 'image/webp' } as const;
  const declared = mimetype ? byMime[mimetype.toLowerCase() as keyof typeof byMime] : undefined;
  if (declared) return declared;
  const ext = filename?.toLowerCase().match(/\.(png|jpe?g|webp)$/)?.[1];
  if (ext === 'png') return 'image/png';
  if (ext === 'jpg' || ext === 'jpeg') return 'image/jpeg';
  if (ext === 'webp') return 'image/webp';
  return undefined;
}

export interface CleanImage {
  contentType: ImageType;
  bytes: Buffer;
  width: number;
  height: number;
  sha256: string;
}

/**
 * Checks an upload by its content and re-encodes it in the same format: orientation applied,
 * at most 1024 px a side, and no metadata at all (EXIF, GPS, XMP, ICC comments).
 */
export async function cleanImage(input: Buffer, claim: { mimetype?: string; filename?: string }, field: string): Promise<CleanImage> {
  const refuse = (message: string) => new DomainError('VALIDATION_FAILED', message, { [field]: message });
  if (input.length === 0) throw refuse('Choose a picture to upload.');
  if (input.length > MAX_IMAGE_BYTES) throw refuse('The picture is larger than 5 MB. Please choose a smaller one.');
  const actual = sniffImageType(input);
  if (!actual) throw refuse('The file is not a PNG, JPEG or WebP picture.');
  const claimed = claimedImageType(claim.mimetype, claim.filename);
  if (claimed && claimed !== actual) {
    throw refuse(`The file says it is ${NAMES[claimed]} but contains ${NAMES[actual]}. Please upload the picture as it is.`);
  }
  try {
    const pipeline = sharp(input, { limitInputPixels: MAX_PIXELS, failOn: 'error' })
      .rotate()
      .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true });
    const encoded =
      actual === 'image/png'
        ? pipeline.png({ compressionLevel: 9 })
        : actual === 'image/jpeg'
          ? pipeline.jpeg({ quality: 85, mozjpeg: true })
          : pipeline.webp({ quality: 85 });
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    return {
      contentType: actual,
      bytes: data,
      width: info.width,
      height: info.height,
      sha256: createHash('sha256').update(data).digest('hex'),
    };
  } catch {
    throw refuse(`The ${NAMES[actual]} picture could not be read. It may be damaged or too large (over 40 megapixels).`);
  }
}

export const dataUri = (image: { contentType: string; bytes: Buffer }): string =>
  `data:${image.contentType};base64,${image.bytes.toString('base64')}`;
