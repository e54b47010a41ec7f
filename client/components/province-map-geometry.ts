import { useQuery } from '@tanstack/react-query';
import { geoMercator, geoPath } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
// A hashed static file fetched when a map first shows (long-cached and compressed by our server),
// not ~45 KB of JSON inlined into the JavaScript every page downloads (issue #4's budget).
import topologyUrl from '../../data/iran-provinces.topo.json?url';

/** Map canvas in SVG units; the SVG scales to its container. */
export const MAP_WIDTH = 600;
export const MAP_HEIGHT = 540;

export interface ProvinceShape {
  /** ISO 3166-2:IR code (the TopoJSON feature id). */
  code: string;
  d: string;
}

/**
 * Province outlines as SVG path strings: Mercator fitted to the 31 features. The geometry never
 * changes and direction (RTL/LTR) does not mirror a map.
 */
export function provinceShapesOf(topology: unknown): ProvinceShape[] {
  const topo = topology as Topology<{ provinces: GeometryCollection }>;
  const collection = feature(topo, topo.objects.provinces) as FeatureCollection<Geometry>;
  const projection = geoMercator().fitSize([MAP_WIDTH, MAP_HEIGHT], collection);
  const path = geoPath(projection);
  return collection.features.map((f: Feature<Geometry>) => ({
    code: String(f.id),
    d: path(f) ?? '',
  }));
}

async function fetchProvinceShapes(): Promise<ProvinceShape[]> {
  const res = await fetch(topologyUrl);
  if (!res.ok) throw new Error(`province map: HTTP ${res.status}`);
  return provinceShapesOf(await res.json());
}

/** The province outlines, fetched and projected once per page load (then cached). */
export function useProvinceShapes() {
  return useQuery({
    queryKey: ['province-map-geometry'],
    queryFn: fetchProvinceShapes,
    staleTime: Infinity,
    gcTime: Infinity,
  });
}
