/** vite.config.ts `provinceMapShapes()`: URL of the province outlines (JSON `ProvinceShape[]`). */
declare module 'virtual:province-map-shapes-url' {
  const url: string;
  export default url;
}
