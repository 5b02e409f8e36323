// graph-mtl's page: a thin script over the JSON API, no build step.
//
// The address says what to show: /app (search, your accounts, your open requests),
// /app/people/ID (warm paths to a person), /app/customers/ID (the account map).
// The key is kept in the browser's session storage and sent as the bearer header;
// in demo mode there is none, and ?from=ID picks the salesperson you are.
//
// What is drawn is also in `window.graphMtl` (the view, the answer it drew, the ids of
// the nodes and edges, how long the drawing took and the whole view since the address
// was opened), and always as a list beside the
// graph: the graph is never the only way to read an answer.

import { POWER_LABELS, accountMap, chainGraph } from "./graph.js";

const config = JSON.parse(document.getElementById("config").textContent);
const KEY = "graph-mtl.key";
const FROM = "graph-mtl.from";
const params = new URLSearchParams(location.search);
const session = { key: sessionStorage.getItem(KEY), from: null, me: null, team: [], open: [] };
const state = (window.graphMtl = {
  view: null, ready: false, data: null, drawn: null, drawMs: null, generation: 0,
});

const REACH_LABELS = { known: "you know them", chain: "warm chain", gap: "gap: no path yet" };

/** The view is drawn: tests (and anyone reading the page) may look now. */
function ready() {
  state.ready = true;
  state.readyMs = performance.now(); // since the address was opened
  document.body.dataset.ready = state.view;
}

/** Draw, and keep what was drawn and how long it took for whoever reads the page. */
function drawn(draw) {
  const started = performance.now();
  state.drawn = draw();
  state.drawMs = performance.now() - started;
}

/** Whether a view's answer may still be shown: who is asking is known, and no newer
 * view has started since (a view asks for its data before that is settled). */
async function stillWanted(generation) {
  const identified = await session.identified;
  return identified && generation === state.generation;
}

// -- the API ---------------------------------------------------------------------
class Problem extends Error {
  constructor(status, body) {
    super((body && (body.detail || body.title)) || `the server answered ${status}`);
    this.status = status;
    this.body = body;
  }
}

async function api(path, { method = "GET", query = {}, body } = {}) {
  const url = new URL(path, location.origin);
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    for (const one of Array.isArray(value) ? value : [value]) url.searchParams.append(name, one);
  }
  const headers = { Accept: "application/json" };
  if (session.key) headers.Authorization = `Bearer ${session.key}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new Problem(response.status, data);
  return data;
}

/** `from` for a search: only in demo mode; a key always asks from its own position. */
function position() {
  return config.demo ? { from: session.from } : {};
}

/** An address inside the page, keeping the demo's chosen salesperson. */
function href(path, extra = {}) {
  const query = new URLSearchParams();
  if (config.demo && session.from) query.set("from", session.from);
  for (const [name, value] of Object.entries(extra)) if (value) query.set(name, value);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

// -- building the page (text is always set as text, never parsed as HTML) ---------
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (name === "dataset") Object.assign(element.dataset, value);
    else element.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

const view = () => document.getElementById("view");

function show(...children) {
  view().replaceChildren(...children);
}

function failed(error) {
  const text = error instanceof Problem ? error.message : `Something went wrong: ${error}`;
  return h("p", { class: "problem", role: "alert" }, text);
}

const percent = (x) => `${Math.round(x * 100)}%`;
const strength = (x) => x.toFixed(2);
const plural = (n, noun, many = `${noun}s`) => `${n.toLocaleString("en")} ${n === 1 ? noun : many}`;

// -- signing in ------------------------------------------------------------------
function signIn(message) {
  document.getElementById("search").hidden = true;
  const input = h("input", { id: "key", type: "password", autocomplete: "off", required: true });
  const form = h(
    "form",
    { id: "sign-in", class: "card" },
    h("h1", {}, "Sign in"),
    h("p", {}, "Paste your API key (from ", h("code", {}, "graph-mtl keys create --salesperson ID"), "). ",
      "It is kept in this tab only, until you close it."),
    h("label", { for: "key" }, "API key"),
    input,
    h("button", { type: "submit" }, "Sign in"),
    message ? h("p", { class: "problem", role: "alert" }, message) : null,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.setItem(KEY, input.value.trim());
    location.reload();
  });
  show(form);
  input.focus();
  state.view = "sign-in";
  ready();
}

function showWho() {
  const who = document.getElementById("who");
  if (config.demo) {
    const select = h(
      "select",
      { id: "as", onchange: (event) => {
        sessionStorage.setItem(FROM, event.target.value);
        const query = new URLSearchParams(location.search);
        query.set("from", event.target.value);
        location.search = query.toString();
      } },
      session.team.map((m) => h("option", { value: m.id, selected: m.id === session.from }, m.name)),
    );
    who.replaceChildren(h("label", { for: "as" }, "You are "), select, h("span", { class: "badge" }, "demo"));
  } else {
    const out = h("button", { type: "button", class: "link", onclick: () => {
      sessionStorage.removeItem(KEY);
      location.reload();
    } }, "Sign out");
    who.replaceChildren(h("span", {}, session.me.salesperson ? session.me.salesperson.name : "admin"), " ", out);
  }
}

// -- search as you type ------------------------------------------------------------
function searchLink(match) {
  if (match.kind === "customer") return href(`/app/customers/${encodeURIComponent(match.id)}`);
  const person = match.kind === "person" ? match.id : match.person_id;
  return person ? href(`/app/people/${encodeURIComponent(person)}`) : null;
}

function wireSearch() {
  const input = document.getElementById("q");
  const results = document.getElementById("results");
  let latest = 0;
  let timer = null;
  const run = async () => {
    const q = input.value.trim();
    const asked = ++latest;
    if (!q) {
      results.replaceChildren();
      return;
    }
    try {
      const found = await api("/search", { query: { q, limit: 12 } });
      if (asked !== latest) return; // a newer search is on its way
      results.replaceChildren(
        ...(found.matches.length
          ? found.matches.map((m) => {
              const link = searchLink(m);
              const label = [h("span", { class: `kind ${m.kind}` }, m.kind), " ", h("strong", {}, m.name),
                m.detail ? h("span", { class: "muted" }, ` ${m.detail}`) : null];
              return h("li", { dataset: { kind: m.kind, id: m.id } }, link ? h("a", { href: link }, label) : label);
            })
          : [h("li", { class: "muted" }, `Nothing matches "${q}".`)]),
      );
    } catch (error) {
      if (asked === latest) results.replaceChildren(h("li", {}, failed(error)));
    }
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 150);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      input.value = "";
      results.replaceChildren();
    }
  });
  document.getElementById("search").addEventListener("submit", async (event) => {
    event.preventDefault();
    clearTimeout(timer);
    await run();
    const first = results.querySelector("a");
    if (first) location.href = first.href;
  });
}

// -- introduction requests ---------------------------------------------------------
function introButton(path, onDone) {
  if (path.hops < 2) {
    return h("p", { class: "direct" }, "You know them: reach out directly, no introduction needed.");
  }
  const via = path.names[1];
  const status = h("span", { class: "status", role: "status" });
  const pending = session.open.find((i) => i.to === path.nodes.at(-1) && i.via === path.nodes[1]);
  if (pending) {
    status.textContent = `You asked ${pending.via_name} on ${pending.requested_on} (${pending.status}).`;
    return h("div", { class: "act" }, status);
  }
  const button = h("button", { type: "button", class: "ask", onclick: async () => {
    button.disabled = true;
    try {
      const intro = await api("/intros", {
        method: "POST",
        body: { to: path.nodes.at(-1), via: path.nodes[1], ...position() },
      });
      status.textContent = `Asked ${intro.via_name} (request ${intro.id}, ${intro.status}).`;
      onDone && onDone(intro);
    } catch (error) {
      status.textContent = error.message;
      button.disabled = false;
    }
  } }, `Ask ${via} for an introduction`);
  return h("div", { class: "act" }, button, " ", status);
}

async function openRequests() {
  const box = h("section", { id: "intros", "aria-labelledby": "intros-title" },
    h("h2", { id: "intros-title" }, "Your open introduction requests"));
  const refresh = async () => {
    try {
      const found = await api("/intros", { query: { status: "open", ...position() } });
      await session.identified; // whose requests these are, to say who asked
      session.open = found.intros;
      const items = found.intros.map((i) =>
        h("li", { dataset: { id: i.id, to: i.to, via: i.via, status: i.status } },
          h("a", { href: href(`/app/people/${encodeURIComponent(i.to)}`) }, i.to_name),
          ` through ${i.via_name}: ${i.status} since ${i.updated_on}`,
          i.salesperson !== session.from ? ` (asked by ${i.salesperson_name})` : "",
          " ", moves(i, refresh)));
      box.replaceChildren(box.firstChild,
        items.length ? h("ul", {}, items) : h("p", { class: "muted" }, "None open."));
    } catch (error) {
      box.replaceChildren(box.firstChild, failed(error));
    }
  };
  await refresh();
  box.refresh = refresh;
  return box;
}

/** The next steps of an open request, as buttons (the API says who may take them). */
const NEXT = {
  requested: [["accepted", "accepted"], ["declined", "declined"], ["withdrawn", "withdraw"]],
  accepted: [["met", "we met"], ["no_response", "no response"]],
};

function moves(intro, refresh) {
  const status = h("span", { class: "status", role: "status" });
  const buttons = (NEXT[intro.status] || []).map(([next, label]) =>
    h("button", { type: "button", class: "small", dataset: { move: next }, onclick: async () => {
      try {
        await api(`/intros/${encodeURIComponent(intro.id)}`, { method: "PATCH", body: { status: next } });
        await refresh();
      } catch (error) {
        status.textContent = error.message;
      }
    } }, label));
  return h("span", { class: "moves" }, ...buttons, status);
}

// -- one chain, as text ------------------------------------------------------------
function chainText(path, index) {
  return h("li", { class: "chain", dataset: { nodes: path.nodes.join(" ") } },
    h("p", {}, h("strong", {}, index === undefined ? "Best chain" : `Chain ${index + 1}`),
      `: ${path.names.join(" → ")}`,
      h("span", { class: "muted" }, ` strength ${strength(path.strength)}, ${plural(path.hops, "hop")}`)),
    h("ol", { class: "steps" }, path.steps.map((step, i) =>
      h("li", {}, `${path.names[i]} → ${step.target_name} (${strength(step.strength)}`,
        step.last_contact ? `, last contact ${step.last_contact}` : "", "): ",
        step.reasons.join("; ")))));
}

// -- /app ---------------------------------------------------------------------------
async function homeView() {
  const generation = ++state.generation;
  state.view = "search";
  const accounts = h("section", { id: "accounts", "aria-labelledby": "accounts-title" },
    h("h2", { id: "accounts-title" }, "Your accounts, first things first"));
  show(h("h1", {}, "Whom do you want to reach?"),
    h("p", { class: "muted" }, "Type a name, a company or a title above, in Chinese or Latin letters."));
  try {
    const [ranked, requests] = await Promise.all([
      api("/accounts", { query: { top: 10, ...position() } }),
      openRequests(),
    ]);
    if (!(await stillWanted(generation))) return;
    accounts.append(h("ol", {}, ranked.accounts.map((a) =>
      h("li", { dataset: { id: a.customer_id } },
        h("a", { href: href(`/app/customers/${encodeURIComponent(a.customer_id)}`) }, a.name),
        h("span", { class: "muted" }, ` ${a.status}, ${a.score_kind} ${percent(a.score.value)}`)))));
    view().append(accounts, requests);
  } catch (error) {
    if (!(await stillWanted(generation))) return;
    view().append(failed(error));
  }
  ready();
}

// -- /app/people/ID -----------------------------------------------------------------
async function personView(personId) {
  const generation = ++state.generation;
  state.view = "person";
  const k = Number(params.get("k") || 3);
  const maxHops = Number(params.get("max_hops") || 4);
  const mode = params.get("mode") || "strongest";
  const exclude = (params.get("exclude") || "").split(",").map((x) => x.trim()).filter(Boolean);
  const controls = h("form", { id: "controls", class: "controls" },
    h("label", {}, "Chains ", h("input", { name: "k", type: "number", min: 1, max: 10, value: k })),
    h("label", {}, "At most ", h("input", { name: "max_hops", type: "number", min: 1, max: 6, value: maxHops }), " hops"),
    h("label", {}, "Best by ", h("select", { name: "mode" },
      h("option", { value: "strongest", selected: mode === "strongest" }, "strength"),
      h("option", { value: "shortest", selected: mode === "shortest" }, "fewest hops"))),
    h("label", {}, "Leave out ", h("input", { name: "exclude", value: exclude.join(", "),
      placeholder: "ids of people or customers", size: 24 })),
    h("button", { type: "submit" }, "Show"));
  controls.addEventListener("submit", (event) => {
    event.preventDefault();
    const form = new FormData(controls);
    location.href = href(location.pathname, Object.fromEntries(form.entries()));
  });
  const heading = h("h1", {}, `Warm paths to ${personId}`);
  const detail = h("div", { id: "detail", class: "card", "aria-live": "polite" },
    h("p", { class: "muted" }, "Tap a person or a tie in the graph to see why it is there."));
  const graph = h("div", { id: "graph", role: "img", "aria-label": "The chains as a graph; the same chains are listed below." });
  const chains = h("ol", { id: "chains", class: "chains" });
  show(heading, controls, h("div", { class: "split" }, graph, detail), h("h2", {}, "The chains"), chains);
  let requests;
  try {
    const [answer, box] = await Promise.all([
      api("/paths", { query: { to: personId, k, max_hops: maxHops, mode, exclude, ...position() } }),
      openRequests(),
    ]);
    if (!(await stillWanted(generation))) return;
    requests = box;
    state.data = answer;
    if (answer.paths.length) heading.textContent = `Warm paths to ${answer.paths[0].names.at(-1)}`;
    if (!answer.paths.length) {
      chains.replaceWith(h("p", { id: "chains", class: "problem" },
        `No chain of at most ${plural(maxHops, "hop")} reaches ${personId}` +
        (exclude.length ? " without the people left out." : ".")));
    }
    answer.paths.forEach((path, i) => {
      const item = chainText(path, i);
      item.append(introButton(path, () => requests.refresh()));
      chains.append(item);
    });
    drawn(() => chainGraph(graph, answer.paths, (what) => describe(detail, what)));
    view().append(requests);
  } catch (error) {
    if (!(await stillWanted(generation))) return;
    view().append(failed(error));
  }
  ready();
}

function describe(detail, what) {
  if (what.kind === "edge") {
    detail.replaceChildren(h("h3", {}, `${what.sourceName} → ${what.targetName}`),
      h("p", {}, `strength ${strength(what.step.strength)}`,
        what.step.last_contact ? `, last contact ${what.step.last_contact}` : ""),
      h("ul", {}, what.step.reasons.map((r) => h("li", {}, r))));
  } else {
    detail.replaceChildren(h("h3", {}, what.name),
      what.id ? h("p", {}, h("a", { href: href(`/app/people/${encodeURIComponent(what.id)}`) }, "Warm paths to them")) : null);
  }
}

// -- /app/customers/ID --------------------------------------------------------------
async function customerView(customerId) {
  const generation = ++state.generation;
  state.view = "customer";
  const need = params.get("need") || "";
  const heading = h("h1", {}, `Account map: ${customerId}`);
  const summary = h("section", { id: "summary", class: "card", "aria-live": "polite" });
  const detail = h("div", { id: "detail", class: "card", "aria-live": "polite", tabindex: -1 },
    h("p", { class: "muted" }, "Tap a member to see your best chain to them."));
  const graph = h("div", { id: "graph", class: "map", role: "img",
    "aria-label": "The committee as a graph; the same members are listed below." });
  const members = h("section", { id: "members", "aria-labelledby": "members-title" });
  show(heading, summary, h("div", { class: "split" }, graph, detail), legend(), members);
  try {
    const [committee, requests] = await Promise.all([
      api(`/customers/${encodeURIComponent(customerId)}/committee`, { query: { need, ...position() } }),
      openRequests(),
    ]);
    if (!(await stillWanted(generation))) return;
    state.data = committee;
    heading.textContent = `Account map: ${committee.customer_name}`;
    document.title = `${committee.customer_name} · graph-mtl`;
    const pick = (memberId) => {
      const member = committee.members.find((m) => m.id === memberId);
      if (!member) return;
      showMember(detail, member, requests);
      const cy = state.drawn && state.drawn.cy;
      if (cy) {
        cy.elements().unselect();
        cy.getElementById(memberId).select();
      }
    };
    summary.replaceChildren(...summaryOf(committee, need));
    members.replaceChildren(...membersText(committee, pick));
    drawn(() => accountMap(graph, committee, pick));
    view().append(requests);
  } catch (error) {
    if (!(await stillWanted(generation))) return;
    view().append(failed(error));
  }
  ready();
}

function legend() {
  return h("ul", { class: "legend", "aria-label": "Legend" },
    h("li", {}, h("span", { class: "swatch known" }), "you know them (circle)"),
    h("li", {}, h("span", { class: "swatch chain" }), "warm chain (rounded square)"),
    h("li", {}, h("span", { class: "swatch gap" }), "gap: no path yet (diamond, dashed)"),
    h("li", {}, h("span", { class: "swatch opener" }), "door opener (hexagon)"),
    h("li", {}, h("span", { class: "swatch channel" }), "channel to a gap (tag)"));
}

function summaryOf(committee, need) {
  const needs = h("select", { id: "need", onchange: (event) => {
    location.href = href(location.pathname, { need: event.target.value });
  } }, h("option", { value: "" }, "all needs"),
  committee.needs.map((n) => h("option", { value: n, selected: n === need }, n)));
  const parts = [
    h("p", {}, h("label", { for: "need" }, "Need "), needs, ` · ${committee.status} customer`),
    h("p", { class: "figure" }, `You reach ${committee.reached} of ${plural(committee.members.length, "member")} (${percent(committee.coverage)}) within ${plural(committee.max_hops, "hop")}.`),
  ];
  if (committee.seat_coverage !== null) {
    parts.push(h("p", { class: "figure" },
      `Coverage by required seats ${percent(committee.seat_coverage)}: ${committee.required_seats_covered} of ${plural(committee.required_seats, "required seat")} held by someone you reach.`));
  }
  if (committee.door_openers.length) {
    parts.push(h("h2", {}, "Door openers"), h("ol", { class: "openers" }, committee.door_openers.map((o) =>
      h("li", { dataset: { id: o.id } }, h("strong", {}, o.name),
        ` opens ${plural(o.covers.length, "door")} (tie ${strength(o.strength)})`,
        o.record ? `, ${o.record}` : "", o.is_member ? ", a member" : ""))));
  }
  if (committee.vacant_seats.length) {
    parts.push(h("h2", {}, "Seats nobody is known to hold"), h("ul", { class: "vacant" },
      committee.vacant_seats.map((r) => h("li", { dataset: { role: r.role } }, r.text,
        r.required ? " (required)" : " (optional)",
        r.ask.length ? `; ask ${r.ask.slice(0, 3).join(", ")}` : ""))));
  }
  return parts;
}

function reachOf(member) {
  return member.known ? "known" : member.path ? "chain" : "gap";
}

function membersText(committee, pick) {
  const gaps = new Map(committee.gaps.map((g) => [g.id, g]));
  const out = [h("h2", { id: "members-title" }, "Members by power")];
  for (const [power, label] of Object.entries(POWER_LABELS)) {
    const here = committee.members.filter((m) => m.power === power);
    if (!here.length) continue;
    out.push(h("h3", {}, label), h("ul", { class: "members" }, here.map((m) => {
      const reach = reachOf(m);
      const gap = gaps.get(m.id);
      return h("li", { dataset: { id: m.id, reach } },
        h("button", { type: "button", class: "link", onclick: () => pick(m.id) }, m.name),
        ` ${m.role_name}: `, h("span", { class: `reach ${reach}` }, REACH_LABELS[reach]),
        m.path && !m.known ? ` through ${m.path.names.slice(1, -1).join(" → ")}` : "",
        gap && gap.channels.length ? `; channels: ${gap.channels.slice(0, 3).map((c) => c.name).join(", ")}` : "");
    })));
  }
  return out;
}

function showMember(detail, member, requests) {
  const parts = [h("h3", {}, member.name), h("p", {}, member.role_name, " · ", REACH_LABELS[reachOf(member)])];
  if (member.path) {
    parts.push(h("ol", { class: "chains" }, chainText(member.path)));
    parts.push(introButton(member.path, () => requests.refresh()));
  }
  parts.push(h("p", {}, h("a", { href: href(`/app/people/${encodeURIComponent(member.id)}`) },
    "All warm paths to them")));
  detail.replaceChildren(...parts);
  detail.scrollIntoView({ block: "nearest" });
  detail.focus({ preventScroll: true }); // a keyboard user goes on from the chain shown
  state.selected = member.id;
}

// -- start ----------------------------------------------------------------------------
/** Who is asking: the key's salesperson, or in demo mode the one picked. Resolves
 * to whether the page may go on. */
async function identify() {
  try {
    const [me, team] = await Promise.all([api("/me"), config.demo ? api("/team") : null]);
    session.me = me;
    if (config.demo) {
      session.team = team.members;
      const known = (id) => session.team.some((m) => m.id === id);
      if (!known(session.from)) session.from = known(config.from) ? config.from : session.team[0]?.id;
      sessionStorage.setItem(FROM, session.from);
    } else {
      session.from = me.salesperson && me.salesperson.id;
    }
    return true;
  } catch (error) {
    state.generation++; // whatever view was on its way is no longer wanted
    if (error.status === 401) {
      sessionStorage.removeItem(KEY);
      session.key = null;
      signIn("That key is unknown or revoked.");
    } else {
      show(failed(error));
      ready();
    }
    return false;
  }
}

function route() {
  const [, app, what, id] = location.pathname.split("/").map(decodeURIComponent);
  if (app === "app" && what === "people" && id) return personView(id);
  if (app === "app" && what === "customers" && id) return customerView(id);
  return homeView();
}

async function start() {
  if (!config.demo && !session.key) return signIn();
  // The view's data is asked for at once, beside who is asking (in demo mode from
  // whom the address, this tab or the server names, checked when the team arrives).
  const asked = config.demo
    ? [params.get("from"), sessionStorage.getItem(FROM), config.from].find(Boolean) || null
    : null;
  session.from = asked;
  const identified = (session.identified = identify());
  route();
  if (!(await identified)) return;
  showWho();
  wireSearch();
  if (session.from !== asked) route(); // the demo had no such salesperson: ask again
}

start();
