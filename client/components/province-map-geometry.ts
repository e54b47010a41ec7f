import { useQuery } from '@tanstack/react-query';
// The outlines projected at build time, as a hashed static file (vite.config.ts).
import shapesUrl from 'virtual:province-map-shapes-url';
import type { ProvinceShape } from './province-map-projection.ts';

export { MAP_HEIGHT, MAP_WIDTH, type ProvinceShape } from './province-map-projection.ts';

async function fetchProvinceShapes(): Promise<ProvinceShape[]> {
  const res = await fetch(shapesUrl);
  if (!res.ok) throw new Error(`province map: HTTP ${res.status}`);
  return (await res.json()) as ProvinceShape[];
}

/** The province outlines, fetched once per page load (then cached). */
export function useProvinceShapes() {
  return useQuery({
    queryKey: ['province-map-shapes'],
    queryFn: fetchProvinceShapes,
    staleTime: Infinity,
    gcTime: Infinity,
  });
}
