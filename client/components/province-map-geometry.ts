import { geoMercator, geoPath } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import topology from '../../data/iran-provinces.topo.json';

/** Map canvas in SVG units; the SVG scales to its container. */
export const MAP_WIDTH = 600;
export const MAP_HEIGHT = 540;

export interface ProvinceShape {
  /** ISO 3166-2:IR code (the TopoJSON feature id). */
  code: string;
  d: string;
}

let cached: ProvinceShape[] | null = null;

/**
 * Province outlines as SVG path strings: Mercator fitted to the 31 features. Computed once; the
 * geometry never changes and direction (RTL/LTR) does not mirror a map.
 */
export function provinceShapes(): ProvinceShape[] {
  if (cached) return cached;
  const topo = topology as unknown as Topology<{ provinces: GeometryCollection }>;
  const collection = feature(topo, topo.objects.provinces) as FeatureCollection<Geometry>;
  const projection = geoMercator().fitSize([MAP_WIDTH, MAP_HEIGHT], collection);
  const path = geoPath(projection);
  cached = collection.features.map((f: Feature<Geometry>) => ({
    code: String(f.id),
    d: path(f) ?? '',
  }));
  return cached;
}
