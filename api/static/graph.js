// Drawing answers with Cytoscape.js (vendored: /static/vendor/cytoscape/).
//
// Positions are computed here, not by a force layout: a chain reads left to right
// (top to bottom on a narrow screen) hop by hop, and an account map reads top down by
// power, the way a salesperson thinks of a buying committee. Same answer, same picture.
//
// Colours are the Okabe-Ito palette (distinguishable with the common colour-vision
// deficiencies), and every reach has its own shape too, so colour is never the only cue.
//
// The words drawn come from the page (app.js), in the reader's language: `words.you`,
// `words.youNamed(name)` and `words.power(power)` (a band's name). They are not drawn on
// the canvas but over it (labels.js), at a size that does not shrink with the zoom.

import { labelLayer } from "./labels.js";

const COLOURS = {
  you: "#000000",
  known: "#0072B2",
  chain: "#E69F00",
  gap: "#F2F2F2",
  opener: "#009E73",
  contact: "#56B4E9",
  target: "#D55E00",
  channel: "#CC79A7",
};
/** The powers, strongest first: the account map's bands, top down. */
export const POWERS = ["decision_maker", "initiator", "influencer", "user", "gatekeeper"];

const STYLE = [
  { selector: "node", style: {
    width: 34, height: 34, "border-width": 2, "border-color": "#333",
    "background-color": COLOURS.contact,
  } },
  { selector: 'node[kind = "you"]', style: { shape: "star", "background-color": COLOURS.you, width: 36, height: 36 } },
  { selector: 'node[kind = "target"]', style: { shape: "ellipse", "background-color": COLOURS.target, width: 36, height: 36 } },
  { selector: 'node[kind = "opener"]', style: { shape: "hexagon", "background-color": COLOURS.opener } },
  { selector: 'node[reach = "known"]', style: { shape: "ellipse", "background-color": COLOURS.known } },
  { selector: 'node[reach = "chain"]', style: { shape: "round-rectangle", "background-color": COLOURS.chain } },
  { selector: 'node[reach = "gap"]', style: { shape: "diamond", "background-color": COLOURS.gap, "border-style": "dashed", "border-color": "#555" } },
  { selector: 'node[kind = "channel"]', style: { shape: "tag", "background-color": COLOURS.channel, width: 20, height: 20 } },
  { selector: 'node[kind = "label"]', style: {
    "background-opacity": 0, "border-width": 0, width: 1, height: 1, events: "no",
  } },
  { selector: "edge", style: {
    width: "data(width)", "line-color": "#8c8c8c", "curve-style": "bezier",
    "target-arrow-shape": "triangle", "target-arrow-color": "#8c8c8c", "arrow-scale": 0.8,
  } },
  { selector: 'edge[kind = "opens"]', style: { "line-style": "dotted", "line-color": COLOURS.opener, "target-arrow-color": COLOURS.opener } },
  { selector: 'edge[kind = "channel"]', style: { "line-style": "dashed", "line-color": COLOURS.channel, "target-arrow-color": COLOURS.channel } },
  { selector: ":selected", style: { "border-width": 4, "border-color": "#D55E00", "line-color": "#D55E00", "target-arrow-color": "#D55E00" } },
];

/** How each node's name is placed (labels.js): which kind of label, whether it must show. */
const LABELS = {
  you: ["you", true], member: ["member", true], target: ["target", true], contact: ["contact", true],
  opener: ["opener", true], label: ["band", true], channel: ["channel", false],
};
const PAD = 12; // px between the picture and the container's edge

function draw(container, nodes, edges) {
  const big = nodes.length > 150;
  // On a phone the picture is as wide as the screen and as tall as it needs, the page
  // scrolling over it: no pan or zoom inside it that would catch the finger.
  const narrow = container.clientWidth < 700;
  const cy = window.cytoscape({
    container,
    elements: [...nodes.map((n) => ({ data: n.data, position: n.position })), ...edges.map((data) => ({ data }))],
    style: STYLE,
    layout: { name: "preset", fit: false },
    minZoom: 0.1,
    maxZoom: 2,
    textureOnViewport: big,
    hideEdgesOnViewport: big,
    autoungrabify: true,
    userPanningEnabled: !narrow,
    userZoomingEnabled: !narrow,
  });
  const layer = labelLayer(cy, container, [
    ...nodes.map((n) => {
      const [kind, must] = LABELS[n.data.kind];
      return { of: n.data.id, text: n.data.label, kind, must, at: n.data.kind === "label" ? "start" : "node" };
    }),
    ...edges.map((e) => ({ of: e.id, text: e.label, kind: "weight", must: false, at: "edge" })),
  ]);
  fit(cy, container, layer, narrow);
  layer.place();
  return {
    cy,
    labels: layer.labels,
    nodes: nodes.map((n) => ({ id: n.data.id, kind: n.data.kind, reach: n.data.reach || null, label: n.data.label })),
    edges: edges.map((e) => ({ id: e.id, source: e.source, target: e.target, kind: e.kind })),
  };
}

/** Zoom and pan so that the nodes and their labels fill the container's width, and its
 * height too on a wide screen; on a narrow one the container grows to the picture. */
function fit(cy, container, layer, narrow) {
  const bounds = cy.nodes().boundingBox({ includeLabels: false, includeOverlays: false });
  const across = container.clientWidth - 2 * PAD;
  const down = container.clientHeight - 2 * PAD;
  let zoom = 1;
  let over = null;
  for (let i = 0; i < 3; i++) { // the labels' overhang depends a little on the zoom
    over = layer.overhang(bounds, zoom);
    const wide = (across - over.left - over.right) / Math.max(bounds.w, 1);
    const tall = (down - over.top - over.bottom) / Math.max(bounds.h, 1);
    zoom = Math.min(narrow ? 1.25 : 2, Math.max(0.1, narrow ? wide : Math.min(wide, tall)));
  }
  over = layer.overhang(bounds, zoom);
  const used = { w: bounds.w * zoom + over.left + over.right, h: bounds.h * zoom + over.top + over.bottom };
  if (narrow) {
    container.style.height = `${Math.ceil(used.h + 2 * PAD)}px`;
    cy.resize();
  }
  const x = Math.max(PAD, (container.clientWidth - used.w) / 2) + over.left;
  const y = Math.max(PAD, (container.clientHeight - used.h) / 2) + over.top;
  cy.viewport({ zoom, pan: { x: x - bounds.x1 * zoom, y: y - bounds.y1 * zoom } });
}

const edgeWidth = (strength) => 1 + 6 * strength;

/** The k chains to one person, hop by hop: column i holds who is i ties away. */
export function chainGraph(container, paths, onTap, words) {
  const wide = container.clientWidth >= container.clientHeight;
  const last = Math.max(1, ...paths.map((p) => p.hops));
  const column = new Map();
  const names = new Map();
  for (const path of paths) {
    path.nodes.forEach((id, i) => {
      names.set(id, path.names[i]);
      const at = i === path.nodes.length - 1 ? last : i;
      if (!column.has(id)) column.set(id, at);
    });
  }
  const rows = new Map();
  const nodes = [...column.entries()].map(([id, at]) => {
    const row = rows.get(at) || 0;
    rows.set(at, row + 1);
    const kind = at === 0 ? "you" : at === last ? "target" : "contact";
    return { data: { id, label: at === 0 ? words.youNamed(names.get(id)) : names.get(id), kind }, at, row };
  });
  for (const node of nodes) {
    const count = rows.get(node.at);
    const along = node.at * 170;
    const across = (node.row - (count - 1) / 2) * 90;
    node.position = wide ? { x: along, y: across } : { x: across, y: along };
  }
  const edges = new Map();
  const steps = new Map();
  for (const path of paths) {
    path.steps.forEach((step) => {
      const id = `${step.source}>${step.target}`;
      if (edges.has(id)) return;
      steps.set(id, step);
      edges.set(id, { id, source: step.source, target: step.target, kind: "tie",
        width: edgeWidth(step.strength), label: step.strength.toFixed(2) });
    });
  }
  const drawn = draw(container, nodes, [...edges.values()]);
  drawn.cy.on("tap mouseover", "edge", (event) => {
    const id = event.target.id();
    const step = steps.get(id);
    onTap({ kind: "edge", step, sourceName: names.get(step.source), targetName: names.get(step.target) });
  });
  drawn.cy.on("tap", "node", (event) => {
    const id = event.target.id();
    onTap({ kind: "node", id: column.get(id) === 0 ? null : id, name: names.get(id) });
  });
  return drawn;
}

/** A key-person group laid out by power. On a wide screen: you on the left, the door
 * openers next, then one band per power (decision makers on top), members side by side;
 * on a narrow one the same top down. Each gap has the channels that reach it below it. */
export function accountMap(container, group, pick, words) {
  const wide = container.clientWidth >= 700;
  // Members per line: at least 6 (3 on a phone), more for a big group, so that the
  // whole map keeps about the container's shape and stays readable when it fits.
  const shape = (container.clientWidth || 600) / (container.clientHeight || 600);
  const fitting = Math.round(Math.sqrt(shape * group.members.length * (85 / 130)));
  const perLine = Math.min(30, Math.max(wide ? 6 : 3, fitting));
  const gaps = new Map(group.gaps.map((g) => [g.id, g]));
  const members = new Map(group.members.map((m) => [m.id, m]));
  const nodes = [];
  const edges = [];
  const you = group.source;
  const outside = group.door_openers.filter((o) => !members.has(o.id));
  const opener = (o) => ({ data: { id: o.id, label: o.name, kind: "opener" } });
  const left = wide ? 420 : 0; // where the members' bands start
  let y = 0;
  if (!wide) {
    nodes.push({ data: { id: you, label: words.you, kind: "you" }, position: { x: 0, y: 0 } });
    y = 110;
    outside.forEach((o, i) => nodes.push({ ...opener(o), position: { x: ((i % perLine) - (Math.min(perLine, outside.length) - 1) / 2) * 130, y: y + Math.floor(i / perLine) * 100 } }));
    if (outside.length) y += Math.ceil(outside.length / perLine) * 100 + 20;
  }
  for (const power of POWERS) {
    const here = group.members.filter((m) => m.power === power);
    if (!here.length) continue;
    const lines = Math.ceil(here.length / perLine);
    let deepest = 0;
    here.forEach((m, i) => {
      const reach = m.known ? "known" : m.path ? "chain" : "gap";
      const channels = (gaps.get(m.id)?.channels || []).slice(0, 2);
      deepest = Math.max(deepest, channels.length * 40);
      const inLine = Math.min(perLine, here.length - Math.floor(i / perLine) * perLine);
      const column = wide ? i % perLine : (i % perLine) - (inLine - 1) / 2;
      const at = { x: left + column * 130, y: y + 35 + Math.floor(i / perLine) * (85 + channels.length * 40) };
      nodes.push({ data: { id: m.id, label: m.name, kind: "member", reach, power }, position: at });
      channels.forEach((c, j) => {
        const id = `channel:${c.channel_id}:${m.id}`;
        nodes.push({ data: { id, label: c.name, kind: "channel" }, position: { x: at.x + 28, y: at.y + 55 + j * 40 } });
        edges.push({ id: `${id}>${m.id}`, source: id, target: m.id, kind: "channel", width: edgeWidth(c.strength), label: "" });
      });
    });
    // The band's name, above its first member.
    const first = wide ? left : -((Math.min(perLine, here.length) - 1) / 2) * 130;
    nodes.push({ data: { id: `row:${power}`, label: words.power(power), kind: "label" },
      position: { x: first - 15, y } });
    y += 35 + lines * 85 + deepest + 10;
  }
  if (wide) {
    const middle = y / 2;
    nodes.push({ data: { id: you, label: words.you, kind: "you" }, position: { x: 0, y: middle } });
    outside.forEach((o, i) => nodes.push({ ...opener(o), position: { x: 190, y: middle + (i - (outside.length - 1) / 2) * 80 } }));
  }
  for (const opener of group.door_openers) {
    edges.push({ id: `${you}>${opener.id}`, source: you, target: opener.id, kind: "first",
      width: edgeWidth(opener.strength), label: opener.strength.toFixed(2) });
    for (const reached of opener.reaches) {
      if (reached !== opener.id && members.has(reached)) {
        edges.push({ id: `${opener.id}>${reached}`, source: opener.id, target: reached, kind: "opens", width: 1.5, label: "" });
      }
    }
  }
  for (const member of group.members) {
    const id = `${you}>${member.id}`;
    if (member.known && !edges.some((e) => e.id === id)) {
      edges.push({ id, source: you, target: member.id, kind: "direct",
        width: edgeWidth(member.path.strength), label: member.path.strength.toFixed(2) });
    }
  }
  const drawn = draw(container, nodes, edges);
  drawn.cy.on("tap", 'node[kind = "member"]', (event) => pick(event.target.id()));
  return drawn;
}
