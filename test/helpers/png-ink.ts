import { PNG } from 'pngjs';

/** Pixels in a box of a PNG that are not the white background: where something was drawn. */
export function inkIn(pngBytes: Buffer, box: { x0: number; y0: number; x1: number; y1: number }): number {
  const png = PNG.sync.read(pngBytes);
  let ink = 0;
  for (let y = box.y0; y < Math.min(box.y1, png.height); y++)
    for (let x = box.x0; x < Math.min(box.x1, png.width); x++) {
      const i = (y * png.width + x) * 4;
      if (png.data[i]! < 245 || png.data[i + 1]! < 245 || png.data[i + 2]! < 245) ink++;
    }
  return ink;
}
