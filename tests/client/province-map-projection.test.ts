import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  MAP_HEIGHT,
  MAP_WIDTH,
  provinceShapesOf,
} from '../../client/components/province-map-projection.ts';
import { PROVINCES } from '../../server/domain/reference.ts';

const topology: unknown = JSON.parse(
  readFileSync(new URL('../../data/iran-provinces.topo.json', import.meta.url), 'utf8'),
);

describe('province map projection (run at build time)', () => {
  const shapes = provinceShapesOf(topology);

  it('has one outline per province, keyed by its ISO code', () => {
    expect(shapes.map((s) => s.code).sort()).toEqual(PROVINCES.map((p) => p.code).sort());
    for (const shape of shapes) expect(shape.d, shape.code).toMatch(/^M[\d.,-]+/);
  });

  it('fits the canvas', () => {
    for (const shape of shapes) {
      const points = [...shape.d.matchAll(/(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)/g)];
      expect(points.length, shape.code).toBeGreaterThan(3);
      const outside = points.filter(([, x, y]) => {
        const [px, py] = [Number(x), Number(y)];
        return px < -0.5 || py < -0.5 || px > MAP_WIDTH + 0.5 || py > MAP_HEIGHT + 0.5;
      });
      expect(outside, shape.code).toEqual([]);
    }
  });
});
