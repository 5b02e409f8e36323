// The graph's words, as HTML over Cytoscape's canvas.
//
// Text drawn on the canvas scales with the zoom: a map fitted into a 390 px phone drew
// its names at 5–7 px, under the channel tags. Here every word is an element of a
// fixed size in CSS px (app.css, `.labels`), whatever the zoom, placed greedily in order
// of importance: each label takes the first of its places (below its node, above, to
// the right, to the left) that overlaps no label placed before it, no node and not the
// edge of the graph. A label that must be read (a person's name, a band's name) takes
// its least crowded place even when none is free; any other is hidden then, and tapping
// its node or edge shows it.

/** What a label is of, most important first: the order labels are placed in. */
const ORDER = { you: 0, member: 1, target: 1, contact: 1, opener: 2, band: 3, channel: 4, weight: 5 };
const GAP = 2; // px between a node and its label
const MARGIN = 2; // px kept free around a label

/** Labels for `cy`'s elements, drawn in `container`: `items` are {of (an element id),
 * text, kind (a key of ORDER), must (shown even when crowded), at ("node", "edge" or
 * "start": beginning at the node's point, for a band's name)}. */
export function labelLayer(cy, container, items) {
  const layer = document.createElement("div");
  layer.className = "labels";
  layer.setAttribute("aria-hidden", "true"); // the page lists the same words as text
  const labels = items
    .filter((item) => item.text)
    .map((item) => {
      const span = document.createElement("span");
      span.className = `label ${item.kind}`;
      span.textContent = item.text;
      span.dataset.of = item.of;
      layer.append(span);
      return { ...item, span, w: 0, h: 0, element: cy.getElementById(item.of) };
    })
    .sort((a, b) => ORDER[a.kind] - ORDER[b.kind]);
  container.append(layer);
  let tip = null;

  const measure = () => {
    for (const label of labels) { // the drawn size, rounded up: offsetWidth rounds it
      const { width, height } = label.span.getBoundingClientRect();
      label.w = Math.ceil(width);
      label.h = Math.ceil(height);
    }
  };

  const place = () => {
    measure();
    const width = container.clientWidth;
    const height = container.clientHeight;
    const nodes = cy.nodes().filter((n) => n.data("kind") !== "label")
      .map((n) => ({ id: n.id(), box: n.renderedBoundingBox({ includeLabels: false, includeOverlays: false }) }));
    const placed = [];
    // An optional label keeps a pixel clear (where it lands once moved to whole
    // pixels): shown only where nothing is, it must not touch anything once drawn.
    const crowding = (box, own, clear) => {
      let count = box.x1 < 0 || box.y1 < 0 || box.x2 > width || box.y2 > height ? 1 : 0;
      const drawn = grown(box, clear);
      for (const other of placed) if (overlaps(drawn, other)) count++;
      for (const node of nodes) if (node.id !== own && overlaps(drawn, node.box)) count++;
      return count;
    };
    for (const label of labels) {
      let best = null;
      let least = Infinity;
      for (const box of places(label)) {
        const count = crowding(box, label.of, label.must ? 0 : 1);
        if (count < least) [best, least] = [box, count];
        if (!count) break;
      }
      const shown = best !== null && (least === 0 || label.must);
      label.span.classList.toggle("crowded", !shown); // not `hidden`: that one (app.css) is 1 px wide
      label.box = shown ? best : null;
      if (!shown) continue;
      placed.push(grown(best, MARGIN));
      label.span.style.transform = `translate(${Math.round(best.x1)}px, ${Math.round(best.y1)}px)`;
    }
    if (tip) showTip(tip.label); // it follows its node, or goes once the label is shown
  };

  let pending = 0;
  const later = () => {
    if (!pending) {
      pending = requestAnimationFrame(() => {
        pending = 0;
        place();
      });
    }
  };
  cy.on("viewport resize", later);

  const hideTip = () => {
    if (tip) tip.span.remove();
    tip = null;
  };
  /** Show `label`, hidden for want of room, at its first place. */
  const showTip = (label) => {
    hideTip();
    if (label.box) return;
    const span = document.createElement("span");
    span.className = `label tip ${label.kind}`;
    span.textContent = label.text;
    layer.append(span);
    tip = { label, span };
    const [box] = places({ ...label, w: span.offsetWidth, h: span.offsetHeight });
    span.style.transform = `translate(${Math.round(box.x1)}px, ${Math.round(box.y1)}px)`;
  };
  // A hidden label is shown while its node or edge is tapped, until the next tap
  // (a pan, a zoom or a resize moves it with its node).
  cy.on("tap", (event) => {
    const label = labels.find((l) => l.of === event.target.id?.());
    if (label) showTip(label);
    else hideTip();
  });

  /** Where a label may go, best first: boxes in px from the container's corner. */
  function places(label) {
    const { w, h } = label;
    if (label.at === "edge") {
      const { x, y } = label.element.renderedMidpoint();
      return [0, -1, 1].map((shift) => box(x - w / 2, y - h / 2 + shift * (h + GAP), w, h));
    }
    if (label.at === "start") {
      const { x, y } = label.element.renderedPosition();
      return [0, -1, 1].map((shift) => box(x, y - h / 2 + shift * (h / 2 + GAP), w, h));
    }
    const b = label.element.renderedBoundingBox({ includeLabels: false, includeOverlays: false });
    const x = (b.x1 + b.x2) / 2;
    const y = (b.y1 + b.y2) / 2;
    return [
      box(x - w / 2, b.y2 + GAP, w, h), // below
      box(x - w / 2, b.y1 - GAP - h, w, h), // above
      box(b.x2 + GAP, y - h / 2, w, h), // right
      box(b.x1 - GAP - w, y - h / 2, w, h), // left
      box(b.x2 + GAP, b.y2 + GAP, w, h), // below, right
      box(b.x1 - GAP - w, b.y2 + GAP, w, h), // below, left
    ];
  }

  /** How far the labels' preferred places reach beyond the nodes at `zoom` (in px,
   * the nodes' box being `bounds` in model units): for fitting the whole picture. */
  function overhang(bounds, zoom) {
    measure();
    const out = { left: 0, right: 0, top: 0, bottom: 0 };
    for (const label of labels) {
      if (label.at === "edge") continue;
      const p = label.element.position();
      const half = label.at === "start" ? 0 : label.w / 2;
      const right = label.at === "start" ? label.w : half;
      const below = label.at === "start" ? label.h / 2 : label.element.height() * zoom / 2 + GAP + label.h;
      out.left = Math.max(out.left, half - (p.x - bounds.x1) * zoom);
      out.right = Math.max(out.right, right - (bounds.x2 - p.x) * zoom);
      out.bottom = Math.max(out.bottom, below - (bounds.y2 - p.y) * zoom);
      out.top = Math.max(out.top, label.h / 2 - (p.y - bounds.y1) * zoom);
    }
    return out;
  }

  return { place, overhang, labels: () => labels.map(({ of, kind, text, box: at }) => ({ of, kind, text, shown: !!at })) };
}

function box(x, y, w, h) {
  return { x1: x, y1: y, x2: x + w, y2: y + h };
}

function grown(b, by) {
  return { x1: b.x1 - by, y1: b.y1 - by, x2: b.x2 + by, y2: b.y2 + by };
}

function overlaps(a, b) {
  return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
}
