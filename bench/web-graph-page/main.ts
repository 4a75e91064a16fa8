/**
 * Static page for bench/web.bench.ts: sigma v4 + graphology with a synthetic graph (random layout, the
 * size given in the query string), and `window.benchPanZoom(ms)` that moves the camera every frame and
 * returns the frame-to-frame times seen by requestAnimationFrame.
 */
import { DirectedGraph } from 'graphology';
import Sigma from 'sigma';

const params = new URLSearchParams(location.search);
const nodes = Number(params.get('nodes') ?? '20000');
const edges = Number(params.get('edges') ?? '40000');

// Deterministic so runs compare (mulberry32).
let seed = 42;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const graph = new DirectedGraph();
for (let i = 0; i < nodes; i++)
  graph.addNode(`n${i}`, {
    x: rand() * 1000,
    y: rand() * 1000,
    size: 2 + rand() * 4,
    label: `n${i}`,
    color: '#4a7',
  });
let added = 0;
while (added < edges) {
  const a = `n${Math.floor(rand() * nodes)}`;
  const b = `n${Math.floor(rand() * nodes)}`;
  if (a === b || graph.hasEdge(a, b)) continue;
  graph.addEdge(a, b, { size: 1, color: '#bbb' });
  added++;
}

const container = document.getElementById('graph') as HTMLElement;
const sigma = new Sigma(graph, container, {
  settings: { renderEdgeLabels: false, itemSizesReference: 'screen' },
});

// Main-thread time of each sigma render (node/edge processing, buffer upload, labels): the part of a
// frame a GPU does not take away, unlike the software rasterisation of headless Chromium.
let renderStart = 0;
const renders: number[] = [];
sigma.on('beforeRender', () => {
  renderStart = performance.now();
});
sigma.on('afterRender', () => {
  renders.push(performance.now() - renderStart);
});

/** Moves the camera every frame for at least `ms` and `minFrames` frames (at most `maxMs`). */
function benchPanZoom(
  ms: number,
  minFrames: number,
  maxMs: number,
): Promise<{ frames: number[]; renders: number[] }> {
  const camera = sigma.getCamera();
  const frames: number[] = [];
  renders.length = 0;
  return new Promise((resolve) => {
    const t0 = performance.now();
    let last = t0;
    const step = (now: number) => {
      if (now !== last) frames.push(now - last);
      last = now;
      const t = (now - t0) / 1000;
      // A slow circle plus a zoom in and out between ratio 0.25 (labels shown) and 1.5.
      camera.setState({
        x: 0.5 + 0.3 * Math.cos(t * 2),
        y: 0.5 + 0.3 * Math.sin(t * 2),
        ratio: 0.875 + 0.625 * Math.sin(t * 3),
        angle: 0,
      });
      const elapsed = now - t0;
      if (elapsed < maxMs && (elapsed < ms || frames.length < minFrames)) requestAnimationFrame(step);
      else resolve({ frames, renders: [...renders] });
    };
    requestAnimationFrame(step);
  });
}

const w = window as unknown as {
  benchPanZoom: typeof benchPanZoom;
  benchReady: { nodes: number; edges: number };
};
w.benchPanZoom = benchPanZoom;
w.benchReady = { nodes: graph.order, edges: graph.size };

// `?auto=1`: run the pan/zoom once and print the result on the console, for a bare browser with no driver
// (`chromium --headless --enable-logging=stderr …`), e.g. on a machine with a GPU and no Node.
if (params.get('auto') === '1') {
  const gl = document.createElement('canvas').getContext('webgl2');
  const info = gl?.getExtension('WEBGL_debug_renderer_info');
  const renderer = gl && info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : 'unknown';
  setTimeout(() => {
    void benchPanZoom(5000, 300, 30000).then(({ frames, renders }) => {
      console.log(
        `BENCHRESULT ${JSON.stringify({ renderer, nodes: graph.order, edges: graph.size, frames, renders })}`,
      );
    });
  }, 500);
}
