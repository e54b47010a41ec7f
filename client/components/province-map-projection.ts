import { geoMercator, geoPath } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';

/** Map canvas in SVG units; the SVG scales to its container. */
export const MAP_WIDTH = 600;
export const MAP_HEIGHT = 540;

export interface ProvinceShape {
  /** ISO 3166-2:IR code (the TopoJSON feature id). */
  code: string;
  d: string;
}

/**
 * Province outlines as SVG path strings: Mercator fitted to the 31 features of
 * data/iran-provinces.topo.json. Runs at build time (vite.config.ts writes the result as a hashed
 * JSON file the map fetches): the geometry never changes, and d3-geo with the TopoJSON would add
 * ~20 KB gzip to the overview's JavaScript. Direction (RTL/LTR) does not mirror a map.
 */
export function provinceShapesOf(topology: unknown): ProvinceShape[] {
  const topo = topology as Topology<{ provinces: GeometryCollection }>;
  const collection = feature(topo, topo.objects.provinces) as FeatureCollection<Geometry>;
  const projection = geoMercator().fitSize([MAP_WIDTH, MAP_HEIGHT], collection);
  const path = geoPath(projection).digits(1);
  return collection.features.map((f: Feature<Geometry>) => ({
    code: String(f.id),
    d: path(f) ?? '',
  }));
}
