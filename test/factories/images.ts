import sharp from 'sharp';

/** A small photo with EXIF that includes GPS coordinates and a camera owner, as phones write them. */
export function jpegWithLocation(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 180, g: 120, b: 90 } } })
    .jpeg()
    .withExif({
      IFD0: { Artist: 'Secret Photographer', Copyright: 'Hidden Owner' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '45/1 31/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '122/1 40/1 0/1' },
    })
    .toBuffer();
}

export const png = (): Promise<Buffer> =>
  sharp({ create: { width: 40, height: 40, channels: 4, background: { r: 47, g: 107, b: 91, alpha: 1 } } })
    .png()
    .toBuffer();
