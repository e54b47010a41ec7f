/**
 * What Recharts may use of d3-scale here. Recharts looks scales up by name in
 * `import * as d3Scales from 'victory-vendor/d3-scale'`, so the bundler must keep all of d3-scale
 * with d3-time and d3-time-format (~7 KB gzip on every chart page) although our charts only ever
 * use category axes (band: bars, point: lines) and number axes (linear). vite.config.ts aliases
 * that import here; a chart asking for another scale would draw no axis, and the e2e pages catch it.
 */
export { scaleBand, scaleLinear, scalePoint } from 'd3-scale';
