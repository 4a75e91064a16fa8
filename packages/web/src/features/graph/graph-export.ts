import { xmlEscape as esc } from '@dragnet/core/text/xml-text.ts';
import type { AbstractGraph as Graph } from 'graphology-types';

/** GraphML of the current view: node kind, roles and label; edge kind, count and USD. */
export function toGraphml(graph: Graph): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    '  <key id="label" for="node" attr.name="label" attr.type="string"/>',
    '  <key id="kind" for="node" attr.name="kind" attr.type="string"/>',
    '  <key id="roles" for="node" attr.name="roles" attr.type="string"/>',
    '  <key id="x" for="node" attr.name="x" attr.type="double"/>',
    '  <key id="y" for="node" attr.name="y" attr.type="double"/>',
    '  <key id="ekind" for="edge" attr.name="kind" attr.type="string"/>',
    '  <key id="count" for="edge" attr.name="count" attr.type="int"/>',
    '  <key id="usd" for="edge" attr.name="usd" attr.type="string"/>',
    '  <graph id="dragnet" edgedefault="directed">',
  ];
  graph.forEachNode((id, a) => {
    lines.push(
      `    <node id="${esc(id)}"><data key="label">${esc(String(a.label ?? id))}</data><data key="kind">${esc(String(a.kind ?? ''))}</data><data key="roles">${esc((a.roles ?? []).join(' '))}</data><data key="x">${a.x}</data><data key="y">${a.y}</data></node>`,
    );
  });
  graph.forEachEdge((id, a, s, t) => {
    lines.push(
      `    <edge id="${esc(id)}" source="${esc(s)}" target="${esc(t)}"><data key="ekind">${esc(String(a.kind ?? ''))}</data><data key="count">${Number(a.count ?? 1)}</data><data key="usd">${esc(String(a.usd ?? ''))}</data></edge>`,
    );
  });
  lines.push('  </graph>', '</graphml>');
  return `${lines.join('\n')}\n`;
}

interface Placed {
  nodes: Array<{ x: number; y: number; r: number; color: string; label: string }>;
  edges: Array<{ x1: number; y1: number; x2: number; y2: number; color: string }>;
  width: number;
  height: number;
}

/** Fits graph coordinates into a picture (y grows downwards in pictures, upwards in sigma). */
function place(graph: Graph, width = 1600, height = 1000, pad = 40): Placed {
  let minX = Infinity,
    maxX = -Infinity,
    minY = Infinity,
    maxY = -Infinity;
  graph.forEachNode((_, a) => {
    minX = Math.min(minX, a.x);
    maxX = Math.max(maxX, a.x);
    minY = Math.min(minY, a.y);
    maxY = Math.max(maxY, a.y);
  });
  const sx = (width - 2 * pad) / Math.max(1e-9, maxX - minX);
  const sy = (height - 2 * pad) / Math.max(1e-9, maxY - minY);
  const s = Math.min(sx, sy);
  const px = (x: number) => pad + (x - minX) * s;
  const py = (y: number) => height - pad - (y - minY) * s;
  const nodes: Placed['nodes'] = [];
  const edges: Placed['edges'] = [];
  graph.forEachEdge((_, a, src, dst) => {
    const A = graph.getNodeAttributes(src);
    const B = graph.getNodeAttributes(dst);
    edges.push({ x1: px(A.x), y1: py(A.y), x2: px(B.x), y2: py(B.y), color: a.color ?? '#ccc' });
  });
  graph.forEachNode((id, a) =>
    nodes.push({
      x: px(a.x),
      y: py(a.y),
      r: Math.max(3, (a.size ?? 5) * 0.8),
      color: a.color ?? '#666',
      label: String(a.label ?? id),
    }),
  );
  return { nodes, edges, width, height };
}

export function toSvg(graph: Graph): string {
  const p = place(graph);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${p.width}" height="${p.height}" viewBox="0 0 ${p.width} ${p.height}" font-family="sans-serif" font-size="11">`,
    '<rect width="100%" height="100%" fill="#fff"/>',
  ];
  for (const e of p.edges)
    parts.push(
      `<line x1="${e.x1.toFixed(1)}" y1="${e.y1.toFixed(1)}" x2="${e.x2.toFixed(1)}" y2="${e.y2.toFixed(1)}" stroke="${esc(e.color)}" stroke-width="1"/>`,
    );
  for (const n of p.nodes) {
    parts.push(
      `<circle cx="${n.x.toFixed(1)}" cy="${n.y.toFixed(1)}" r="${n.r.toFixed(1)}" fill="${esc(n.color)}"/>`,
    );
    parts.push(`<text x="${(n.x + n.r + 2).toFixed(1)}" y="${(n.y + 4).toFixed(1)}">${esc(n.label)}</text>`);
  }
  parts.push('</svg>');
  return parts.join('\n');
}

export async function toPng(graph: Graph): Promise<Blob> {
  const p = place(graph);
  const canvas = document.createElement('canvas');
  canvas.width = p.width;
  canvas.height = p.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas available for the PNG export');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, p.width, p.height);
  for (const e of p.edges) {
    ctx.strokeStyle = e.color;
    ctx.beginPath();
    ctx.moveTo(e.x1, e.y1);
    ctx.lineTo(e.x2, e.y2);
    ctx.stroke();
  }
  ctx.font = '11px sans-serif';
  for (const n of p.nodes) {
    ctx.fillStyle = n.color;
    ctx.beginPath();
    ctx.arc(n.x, n.y, n.r, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = '#222';
    ctx.fillText(n.label, n.x + n.r + 2, n.y + 4);
  }
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
  );
}

export function download(name: string, data: Blob | string, type = 'application/octet-stream'): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
