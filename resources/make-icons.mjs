#!/usr/bin/env node
/**
 * Generates the app icon set as plain PNGs (no image tools needed): `node resources/make-icons.mjs`.
 *   icon.png              512x512 app icon (electron-builder derives .ico / .icns from it)
 *   icons/<n>x<n>.png     Linux icon sizes
 *   tray/tray-<state>.png 32x32 tray icons: normal, approvals (orange badge), offline (grey)
 * The drawing: a rounded square in Westhoek blue with a white "P" made of a bar and a ring.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deflateSync } from 'node:zlib';

const here = dirname(new URL(import.meta.url).pathname);
const CRC = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) raw.set(pixel((x + 0.5) / size, (y + 0.5) / size), y * (size * 4 + 1) + 1 + x * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

const BLUE = [0x1f, 0x4e, 0x8c, 255];
const GREY = [0x6b, 0x72, 0x80, 255];
const ORANGE = [0xe8, 0x6a, 0x10, 255];
const WHITE = [255, 255, 255, 255];
const CLEAR = [0, 0, 0, 0];

function draw(background, badge) {
  return (x, y) => {
    // Rounded square with 18 % corner radius.
    const r = 0.18;
    const cx = Math.min(Math.max(x, r), 1 - r);
    const cy = Math.min(Math.max(y, r), 1 - r);
    if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return CLEAR;
    if (badge && (x - 0.8) ** 2 + (y - 0.2) ** 2 < 0.2 ** 2) return badge;
    // The "P": a vertical bar and a ring on its upper half.
    if (x > 0.3 && x < 0.42 && y > 0.22 && y < 0.8) return WHITE;
    const d = Math.hypot(x - 0.5, y - 0.4);
    if (d < 0.2 && d > 0.09 && x > 0.36) return WHITE;
    return background;
  };
}

const write = (file, data) => {
  mkdirSync(dirname(join(here, file)), { recursive: true });
  writeFileSync(join(here, file), data);
};
write('icon.png', png(512, draw(BLUE)));
for (const size of [16, 32, 48, 64, 128, 256, 512]) write(`icons/${size}x${size}.png`, png(size, draw(BLUE)));
write('tray/tray-normal.png', png(32, draw(BLUE)));
write('tray/tray-approvals.png', png(32, draw(BLUE, ORANGE)));
write('tray/tray-offline.png', png(32, draw(GREY)));
console.log('icons written to', here);
