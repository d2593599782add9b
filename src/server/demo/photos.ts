/**
 * Demo photos: small portrait-like PNGs (a head-and-shoulders silhouette on a coloured
 * background), drawn deterministically from the person id and encoded here (zlib + CRC), so the
 * demo batch stays synchronous and its bytes are the same on every run (an unchanged re-import of
 * the demo writes nothing). They go through the import's photo processing like a source's photos.
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

const SIZE = 120;
/** How many people per municipality get a photo (the first ones: director, department heads). */
export const DEMO_PHOTOS_PER_MUNICIPALITY = 6;

const BACKGROUNDS: Array<[number, number, number]> = [
  [46, 94, 140],
  [130, 72, 110],
  [52, 120, 96],
  [160, 100, 50],
  [90, 90, 140],
  [120, 60, 60],
];
const SKIN: Array<[number, number, number]> = [
  [241, 204, 178],
  [224, 172, 140],
  [198, 140, 105],
  [141, 94, 64],
];
const CLOTHES: Array<[number, number, number]> = [
  [30, 40, 60],
  [70, 70, 70],
  [200, 200, 210],
  [90, 40, 40],
];

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An RGB PNG of width x height from a pixel function. */
export function encodePng(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): Uint8Array {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  let o = 0;
  for (let y = 0; y < height; y++) {
    raw[o++] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      raw[o++] = r;
      raw[o++] = g;
      raw[o++] = b;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new Uint8Array(Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', new Uint8Array(0))]));
}

/** The demo photo of a person: the same id always gives the same bytes. */
export function demoPhoto(personId: string): Uint8Array {
  const h = createHash('sha256').update(personId).digest();
  const bg = BACKGROUNDS[h[0]! % BACKGROUNDS.length]!;
  const skin = SKIN[h[1]! % SKIN.length]!;
  const cloth = CLOTHES[h[2]! % CLOTHES.length]!;
  const hair: [number, number, number] = h[3]! % 2 ? [60, 40, 25] : [150, 110, 60];
  const c = SIZE / 2;
  return encodePng(SIZE, SIZE, (x, y) => {
    // Background: a soft vertical gradient.
    const shade = 1 - (y / SIZE) * 0.25;
    let px: [number, number, number] = [Math.round(bg[0] * shade), Math.round(bg[1] * shade), Math.round(bg[2] * shade)];
    const shoulders = ((x - c) / 46) ** 2 + ((y - SIZE - 8) / 44) ** 2 <= 1;
    const head = ((x - c) / 22) ** 2 + ((y - 50) / 27) ** 2 <= 1;
    const hairTop = ((x - c) / 24) ** 2 + ((y - 44) / 25) ** 2 <= 1 && y < 44;
    if (shoulders) px = cloth;
    if (head) px = skin;
    if (hairTop) px = hair;
    return px;
  });
}
