// graph-mtl's page: a thin script over the JSON API, no build step.
//
// The address says what to show: /app (search, your accounts, your open requests),
// /app/people/ID (warm paths to a person), /app/customers/ID (the account map),
// /app/team/ID (who on the team is closest to an account's key persons, or a person).
// The key is kept in the browser's session storage and sent as the bearer header;
// in demo mode there is none, and ?from=ID picks the salesperson you are.
//
// What is drawn is also in `window.graphMtl` (the view, the answer it drew, the ids of
// the nodes and edges, how long the drawing took and the whole view since the address
// was opened), and always as a list beside the
// graph: the graph is never the only way to read an answer.
//
// Every sentence is a message of graph-mtl's catalogue, marked `t(id, values)` or
// `tn(singular, plural, n, values)`: the id is the English text, values are `{named}`,
// as in Python, and ids are double-quoted literals (scripts/catalogue.py and
// /app/messages read them from this file). The tab's language is the one picked in the
// header (kept in this tab), else the one the server chose; the page's messages come
// from /app/messages in it, and every API call asks in it.

import { POWERS, accountMap, chainGraph } from "./graph.js";

const config = JSON.parse(document.getElementById("config").textContent);
const KEY = "graph-mtl.key";
const FROM = "graph-mtl.from";
const LANG = "graph-mtl.lang";
/** The languages offered, each named in its own words. */
const LANGUAGES = [["zh-CN", "中文"], ["en", "English"]];
const language = [sessionStorage.getItem(LANG), config.lang]
  .find((tag) => LANGUAGES.some(([known]) => known === tag)) || "en";
const words = { messages: {}, plurals: {} };
const params = new URLSearchParams(location.search);
const session = { key: sessionStorage.getItem(KEY), from: null, me: null, team: [], open: [] };
const state = (window.graphMtl = {
  view: null, ready: false, data: null, drawn: null, drawMs: null, generation: 0,
});

// -- words ----------------------------------------------------------------------------
function fill(text, values) {
  if (!values) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/** A message in the tab's language, its `{named}` values filled in. */
function t(id, values) {
  return fill(words.messages[id] ?? id, values);
}

/** A counted message: the form for `n` ({n} is `n`, written as the language writes it). */
function tn(singular, plural, n, values) {
  const [one, many] = words.plurals[singular] || [singular, plural];
  return fill(n === 1 ? one : many, { n: n.toLocaleString(language), ...values });
}

/** A message (as t() gave it) as nodes, for values that are elements (a `<code>`). */
function tx(text, values) {
  return text.split(/(\{\w+\})/).filter(Boolean).map((part) => {
    const name = part.match(/^\{(\w+)\}$/)?.[1];
    return name && name in values ? values[name] : part;
  });
}

async function loadWords() {
  try {
    const response = await fetch(`/app/messages?lang=${encodeURIComponent(language)}`, {
      headers: { Accept: "application/json" },
    });
    if (response.ok) Object.assign(words, await response.json());
  } catch {
    // English ids are the messages' own text: the page still reads.
  }
  document.documentElement.lang = language;
}

const reachLabel = (reach) => ({
  known: t("you know them"), chain: t("warm chain"), gap: t("gap: no path yet"),
})[reach];

const powerLabel = (power) => ({
  decision_maker: t("Decision makers"), initiator: t("Initiators"), influencer: t("Influencers"),
  user: t("Users"), gatekeeper: t("Gatekeepers"),
})[power];

/** An enum value (a status, a kind) in words; one not known here is shown as it is. */
const valueWord = (value) => ({
  requested: t("requested"), accepted: t("accepted"), declined: t("declined"),
  withdrawn: t("withdrawn"), met: t("met"), no_response: t("no response"),
  potential: t("potential"), target: t("target"), existing: t("existing"),
  validity: t("validity"), fit: t("fit"),
  person: t("person"), customer: t("customer"), channel: t("channel"),
})[value] || value;

/** The words graph.js draws. */
const drawnWords = () => ({
  you: t("You"), youNamed: (name) => t("You ({name})", { name }), power: powerLabel,
});

/** The text of the page's fixed frame (app.html). */
function frame() {
  document.title = t("graph-mtl");
  document.querySelector(".skip").textContent = t("Skip to the content");
  const find = t("Find a person, customer or channel");
  document.querySelector("label[for=q]").textContent = find;
  document.getElementById("q").placeholder = find;
  document.getElementById("results").setAttribute("aria-label", t("Search results"));
  const loading = document.querySelector("#view .muted");
  if (loading) loading.textContent = t("Loading…");
  document.getElementById("docs").textContent = t("API docs");
  const picker = h("select", { id: "lang", "aria-label": t("Language"), onchange: (event) => {
    sessionStorage.setItem(LANG, event.target.value);
    location.reload();
  } }, LANGUAGES.map(([tag, name]) => h("option", { value: tag, lang: tag, selected: tag === language }, name)));
  document.getElementById("language").replaceChildren(picker);
}

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
    super((body && (body.detail || body.title)) || t("the server answered {status}", { status }));
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
  const headers = { Accept: "application/json", "Accept-Language": language };
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
  const text = error instanceof Problem ? error.message : t("Something went wrong: {error}", { error });
  return h("p", { class: "problem", role: "alert" }, text);
}

const percent = (x) => `${Math.round(x * 100)}%`;
const strength = (x) => x.toFixed(2);
// Counted words and lists, built apart: a message's values never call t() inside its
// own t() (Babel's JavaScript extractor does not see nested calls).
const hops = (n) => tn("{n} hop", "{n} hops", n);
const doors = (n) => tn("{n} door", "{n} doors", n);
const requiredSeats = (n) => tn("{n} required seat", "{n} required seats", n);
const listed = (items) => items.join(t(", "));
const reasons = (items) => items.join(t("; "));

// -- signing in ------------------------------------------------------------------
function signIn(message) {
  document.getElementById("search").hidden = true;
  const input = h("input", { id: "key", type: "password", autocomplete: "off", required: true });
  const form = h(
    "form",
    { id: "sign-in", class: "card" },
    h("h1", {}, t("Sign in")),
    h("p", {}, tx(t("Paste your API key (from {command})."),
      { command: h("code", {}, "graph-mtl keys create --salesperson ID") }), " ",
      t("It is kept in this tab only, until you close it.")),
    h("label", { for: "key" }, t("API key")),
    input,
    h("button", { type: "submit" }, t("Sign in")),
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
    who.replaceChildren(h("label", { for: "as" }, t("You are")), " ", select, h("span", { class: "badge" }, t("demo")));
  } else {
    const out = h("button", { type: "button", class: "link", onclick: () => {
      sessionStorage.removeItem(KEY);
      location.reload();
    } }, t("Sign out"));
    who.replaceChildren(h("span", {}, session.me.salesperson ? session.me.salesperson.name : t("admin")), " ", out);
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
              const label = [h("span", { class: `kind ${m.kind}` }, valueWord(m.kind)), " ", h("strong", {}, m.name),
                m.detail ? h("span", { class: "muted" }, ` ${m.detail}`) : null];
              return h("li", { dataset: { kind: m.kind, id: m.id } }, link ? h("a", { href: link }, label) : label);
            })
          : [h("li", { class: "muted" }, t("Nothing matches “{q}”.", { q }))]),
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
/** The outreach plan's draft for this chain: the introduction request to its first
 * introducer, when the plan goes the same way (`plan` may be null). */
function draftFor(plan, path) {
  const person = plan && plan.people.find((p) => p.id === path.nodes.at(-1));
  if (!person || !person.introduction || !person.path) return null;
  return person.path.nodes.join(" ") === path.nodes.join(" ") ? person.introduction : null;
}

/** A draft to send, with a button that copies it (or, where the browser keeps the
 * clipboard from the page, selects it for the reader to copy). */
function draftBox(text, name) {
  const body = h("p", { class: "draft-text" }, text);
  const status = h("span", { class: "status", role: "status" });
  const select = () => {
    const range = document.createRange();
    range.selectNodeContents(body);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  };
  const copy = h("button", { type: "button", class: "small copy", onclick: async () => {
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = t("Copied.");
    } catch {
      // No clipboard for this page (plain http, a refused permission): select instead.
      select();
      status.textContent = t("Selected: copy it with your keyboard or menu.");
    }
  } }, t("Copy the draft"));
  return h("figure", { class: "draft" },
    h("figcaption", {}, t("Draft to {name}", { name }), " ", copy, " ", status), body);
}

function introButton(path, onDone, draft = null) {
  if (path.hops < 2) {
    return h("p", { class: "direct" }, t("You know them: reach out directly, no introduction needed."));
  }
  const via = path.names[1];
  const status = h("span", { class: "status", role: "status" });
  const drafted = draft ? draftBox(draft, via) : null;
  const pending = session.open.find((i) => i.to === path.nodes.at(-1) && i.via === path.nodes[1]);
  if (pending) {
    status.textContent = t("You asked {name} on {date} ({status}).",
      { name: pending.via_name, date: pending.requested_on, status: valueWord(pending.status) });
    return h("div", { class: "act" }, status, drafted);
  }
  const button = h("button", { type: "button", class: "ask", onclick: async () => {
    button.disabled = true;
    try {
      const intro = await api("/intros", {
        method: "POST",
        body: { to: path.nodes.at(-1), via: path.nodes[1], ...position() },
      });
      status.textContent = t("Asked {name} (request {id}, {status}).",
        { name: intro.via_name, id: intro.id, status: valueWord(intro.status) });
      onDone && onDone(intro);
    } catch (error) {
      status.textContent = error.message;
      button.disabled = false;
    }
  } }, t("Ask {name} for an introduction", { name: via }));
  return h("div", { class: "act" }, button, " ", status, drafted);
}

async function openRequests() {
  const box = h("section", { id: "intros", "aria-labelledby": "intros-title" },
    h("h2", { id: "intros-title" }, t("Your open introduction requests")));
  const refresh = async () => {
    try {
      const found = await api("/intros", { query: { status: "open", ...position() } });
      await session.identified; // whose requests these are, to say who asked
      session.open = found.intros;
      const items = found.intros.map((i) =>
        h("li", { dataset: { id: i.id, to: i.to, via: i.via, status: i.status } },
          h("a", { href: href(`/app/people/${encodeURIComponent(i.to)}`) }, i.to_name),
          " ", t("through {name}: {status} since {date}",
            { name: i.via_name, status: valueWord(i.status), date: i.updated_on }),
          i.salesperson !== session.from ? [" ", t("(asked by {name})", { name: i.salesperson_name })] : "",
          " ", moves(i, refresh)));
      box.replaceChildren(box.firstChild,
        items.length ? h("ul", {}, items) : h("p", { class: "muted" }, t("None open.")));
    } catch (error) {
      box.replaceChildren(box.firstChild, failed(error));
    }
  };
  await refresh();
  box.refresh = refresh;
  return box;
}

/** The next steps of an open request, as buttons (the API says who may take them). */
const next = () => ({
  requested: [["accepted", t("accepted")], ["declined", t("declined")], ["withdrawn", t("withdraw")]],
  accepted: [["met", t("we met")], ["no_response", t("no response")]],
});

function moves(intro, refresh) {
  const status = h("span", { class: "status", role: "status" });
  const buttons = (next()[intro.status] || []).map(([next, label]) =>
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

/** The account's outreach plan (its drafts), or null: the page reads without it. */
async function outreach(customerId) {
  try {
    return await api(`/customers/${encodeURIComponent(customerId)}/outreach`, { query: position() });
  } catch {
    return null;
  }
}

// -- one chain, as text ------------------------------------------------------------
function chainText(path, index) {
  return h("li", { class: "chain", dataset: { nodes: path.nodes.join(" ") } },
    h("p", {}, h("strong", {}, index === undefined ? t("Best chain") : t("Chain {n}", { n: index + 1 })),
      t(": {names}", { names: path.names.join(" → ") }),
      h("span", { class: "muted" }, " ", t("strength {strength}, {hops}",
        { strength: strength(path.strength), hops: hops(path.hops) }))),
    h("ol", { class: "steps" }, path.steps.map((step, i) =>
      h("li", {}, `${path.names[i]} → ${step.target_name} `,
        step.last_contact
          ? t("({strength}, last contact {date})", { strength: strength(step.strength), date: step.last_contact })
          : t("({strength})", { strength: strength(step.strength) }),
        t(": {names}", { names: reasons(step.reasons) })))));
}

// -- /app ---------------------------------------------------------------------------
async function homeView() {
  const generation = ++state.generation;
  state.view = "search";
  const accounts = h("section", { id: "accounts", "aria-labelledby": "accounts-title" },
    h("h2", { id: "accounts-title" }, t("Your accounts, first things first")));
  show(h("h1", {}, t("Whom do you want to reach?")),
    h("p", { class: "muted" }, t("Type a name, a company or a title above, in Chinese or Latin letters.")));
  try {
    const [ranked, requests] = await Promise.all([
      api("/accounts", { query: { top: 10, ...position() } }),
      openRequests(),
    ]);
    if (!(await stillWanted(generation))) return;
    accounts.append(h("ol", {}, ranked.accounts.map((a) =>
      h("li", { dataset: { id: a.customer_id } },
        h("a", { href: href(`/app/customers/${encodeURIComponent(a.customer_id)}`) }, a.name),
        h("span", { class: "muted" }, " ", t("{status}, {kind} {score}",
          { status: valueWord(a.status), kind: valueWord(a.score_kind), score: percent(a.score.value) }))))));
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
  const customer = params.get("customer"); // set by the account map: its outreach drafts
  const controls = h("form", { id: "controls", class: "controls" },
    h("label", {}, t("Chains"), " ", h("input", { name: "k", type: "number", min: 1, max: 10, value: k })),
    h("label", {}, t("At most"), " ", h("input", { name: "max_hops", type: "number", min: 1, max: 6, value: maxHops }),
      " ", t("hops")),
    h("label", {}, t("Best by"), " ", h("select", { name: "mode" },
      h("option", { value: "strongest", selected: mode === "strongest" }, t("strength")),
      h("option", { value: "shortest", selected: mode === "shortest" }, t("fewest hops")))),
    h("label", {}, t("Leave out"), " ", h("input", { name: "exclude", value: exclude.join(", "),
      placeholder: t("ids of people or customers"), size: 24 })),
    h("button", { type: "submit" }, t("Show")));
  controls.addEventListener("submit", (event) => {
    event.preventDefault();
    const form = new FormData(controls);
    location.href = href(location.pathname, { ...Object.fromEntries(form.entries()), customer });
  });
  const heading = h("h1", {}, t("Warm paths to {name}", { name: personId }));
  const detail = h("div", { id: "detail", class: "card", "aria-live": "polite" },
    h("p", { class: "muted" }, t("Tap a person or a tie in the graph to see why it is there.")));
  const graph = h("div", { id: "graph", role: "img", "aria-label": t("The chains as a graph; the same chains are listed below.") });
  const chains = h("ol", { id: "chains", class: "chains" });
  show(heading, controls, teamLink(personId), h("div", { class: "split" }, graph, detail), h("h2", {}, t("The chains")), chains);
  let requests;
  try {
    const [answer, box, plan] = await Promise.all([
      api("/paths", { query: { to: personId, k, max_hops: maxHops, mode, exclude, ...position() } }),
      openRequests(),
      customer ? outreach(customer) : null,
    ]);
    if (!(await stillWanted(generation))) return;
    requests = box;
    state.data = answer;
    if (answer.paths.length) heading.textContent = t("Warm paths to {name}", { name: answer.paths[0].names.at(-1) });
    if (!answer.paths.length) {
      const values = { hops: hops(maxHops), name: personId };
      chains.replaceWith(h("p", { id: "chains", class: "problem" }, exclude.length
        ? t("No chain of at most {hops} reaches {name} without the people left out.", values)
        : t("No chain of at most {hops} reaches {name}.", values)));
    }
    answer.paths.forEach((path, i) => {
      const item = chainText(path, i);
      item.append(introButton(path, () => requests.refresh(), draftFor(plan, path)));
      chains.append(item);
    });
    drawn(() => chainGraph(graph, answer.paths, (what) => describe(detail, what), drawnWords()));
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
      h("p", {}, what.step.last_contact
        ? t("strength {strength}, last contact {date}", { strength: strength(what.step.strength), date: what.step.last_contact })
        : t("strength {strength}", { strength: strength(what.step.strength) })),
      h("ul", {}, what.step.reasons.map((r) => h("li", {}, r))));
  } else {
    detail.replaceChildren(h("h3", {}, what.name),
      what.id ? h("p", {}, h("a", { href: href(`/app/people/${encodeURIComponent(what.id)}`) }, t("Warm paths to them"))) : null);
  }
}

// -- /app/customers/ID --------------------------------------------------------------
async function customerView(customerId) {
  const generation = ++state.generation;
  state.view = "customer";
  const need = params.get("need") || "";
  const heading = h("h1", {}, t("Account map: {name}", { name: customerId }));
  const summary = h("section", { id: "summary", class: "card", "aria-live": "polite" });
  const detail = h("div", { id: "detail", class: "card", "aria-live": "polite", tabindex: -1 },
    h("p", { class: "muted" }, t("Tap a member to see your best chain to them.")));
  const graph = h("div", { id: "graph", class: "map", role: "img",
    "aria-label": t("The committee as a graph; the same members are listed below.") });
  const members = h("section", { id: "members", "aria-labelledby": "members-title" });
  show(heading, summary, h("div", { class: "split" }, graph, detail), legend(), members);
  try {
    const [committee, requests, plan] = await Promise.all([
      api(`/customers/${encodeURIComponent(customerId)}/committee`, { query: { need, ...position() } }),
      openRequests(),
      outreach(customerId),
    ]);
    if (!(await stillWanted(generation))) return;
    state.data = committee;
    heading.textContent = t("Account map: {name}", { name: committee.customer_name });
    document.title = `${committee.customer_name} · graph-mtl`;
    const pick = (memberId) => {
      const member = committee.members.find((m) => m.id === memberId);
      if (!member) return;
      showMember(detail, member, requests, plan, committee.customer);
      const cy = state.drawn && state.drawn.cy;
      if (cy) {
        cy.elements().unselect();
        cy.getElementById(memberId).select();
      }
    };
    summary.replaceChildren(...summaryOf(committee, need), teamLink(committee.customer, need));
    members.replaceChildren(...membersText(committee, pick));
    drawn(() => accountMap(graph, committee, pick, drawnWords()));
    view().append(requests);
  } catch (error) {
    if (!(await stillWanted(generation))) return;
    view().append(failed(error));
  }
  ready();
}

function legend() {
  return h("ul", { class: "legend", "aria-label": t("Legend") },
    h("li", {}, h("span", { class: "swatch known" }), t("you know them (circle)")),
    h("li", {}, h("span", { class: "swatch chain" }), t("warm chain (rounded square)")),
    h("li", {}, h("span", { class: "swatch gap" }), t("gap: no path yet (diamond, dashed)")),
    h("li", {}, h("span", { class: "swatch opener" }), t("door opener (hexagon)")),
    h("li", {}, h("span", { class: "swatch channel" }), t("channel to a gap (tag)")));
}

function summaryOf(committee, need) {
  const needs = h("select", { id: "need", onchange: (event) => {
    location.href = href(location.pathname, { need: event.target.value });
  } }, h("option", { value: "" }, t("all needs")),
  committee.needs.map((n) => h("option", { value: n, selected: n === need },
    (committee.need_names && committee.need_names[n]) || n)));
  const reach = { reached: committee.reached, members: tn("{n} member", "{n} members", committee.members.length),
    share: percent(committee.coverage), hops: hops(committee.max_hops) };
  const parts = [
    h("p", {}, h("label", { for: "need" }, t("Need")), " ", needs, " · ",
      t("{status} customer", { status: valueWord(committee.status) })),
    h("p", { class: "figure" }, t("You reach {reached} of {members} ({share}) within {hops}.", reach)),
  ];
  if (committee.seat_coverage !== null) {
    parts.push(h("p", { class: "figure" },
      t("Coverage by required seats {share}: {covered} of {seats} held by someone you reach.", {
        share: percent(committee.seat_coverage), covered: committee.required_seats_covered,
        seats: requiredSeats(committee.required_seats) })));
  }
  if (committee.door_openers.length) {
    parts.push(h("h2", {}, t("Door openers")), h("ol", { class: "openers" }, committee.door_openers.map((o) =>
      h("li", { dataset: { id: o.id } }, h("strong", {}, o.name), " ",
        t("opens {doors} (tie {strength})",
          { doors: doors(o.covers.length), strength: strength(o.strength) }),
        o.record ? t(", {record}", { record: o.record }) : "", o.is_member ? t(", a member") : ""))));
  }
  if (committee.vacant_seats.length) {
    parts.push(h("h2", {}, t("Seats nobody is known to hold")), h("ul", { class: "vacant" },
      committee.vacant_seats.map((r) => h("li", { dataset: { role: r.role } }, r.text, " ",
        r.required ? t("(required)") : t("(optional)"),
        r.ask.length ? t("; ask {names}", { names: listed(r.ask.slice(0, 3)) }) : ""))));
  }
  return parts;
}

function teamLink(targetId, need) {
  return h("p", {}, h("a", { id: "team-link", href: href(`/app/team/${encodeURIComponent(targetId)}`, { need }) },
    t("Who on the team is closest")));
}

function reachOf(member) {
  return member.known ? "known" : member.path ? "chain" : "gap";
}

function membersText(committee, pick) {
  const gaps = new Map(committee.gaps.map((g) => [g.id, g]));
  const out = [h("h2", { id: "members-title" }, t("Members by power"))];
  for (const power of POWERS) {
    const label = powerLabel(power);
    const here = committee.members.filter((m) => m.power === power);
    if (!here.length) continue;
    out.push(h("h3", {}, label), h("ul", { class: "members" }, here.map((m) => {
      const reach = reachOf(m);
      const gap = gaps.get(m.id);
      return h("li", { dataset: { id: m.id, reach } },
        h("button", { type: "button", class: "link", onclick: () => pick(m.id) }, m.name),
        " ", t("{role}:", { role: m.role_name }), " ", h("span", { class: `reach ${reach}` }, reachLabel(reach)),
        m.path && !m.known ? [" ", t("through {names}", { names: m.path.names.slice(1, -1).join(" → ") })] : "",
        gap && gap.channels.length
          ? t("; channels: {names}", { names: listed(gap.channels.slice(0, 3).map((c) => c.name)) })
          : "");
    })));
  }
  return out;
}

function showMember(detail, member, requests, plan, customer) {
  const parts = [h("h3", {}, member.name), h("p", {}, member.role_name, " · ", reachLabel(reachOf(member)))];
  if (member.path) {
    parts.push(h("ol", { class: "chains" }, chainText(member.path)));
    parts.push(introButton(member.path, () => requests.refresh(), draftFor(plan, member.path)));
  }
  parts.push(h("p", {}, h("a", { href: href(`/app/people/${encodeURIComponent(member.id)}`, { customer }) },
    t("All warm paths to them"))));
  detail.replaceChildren(...parts);
  detail.scrollIntoView({ block: "nearest" });
  detail.focus({ preventScroll: true }); // a keyboard user goes on from the chain shown
  state.selected = member.id;
}

// -- /app/team/ID -------------------------------------------------------------------
/** Who on the team is closest to each key person of an account (or to one person). */
async function teamView(targetId) {
  const generation = ++state.generation;
  state.view = "team";
  const need = params.get("need") || "";
  const heading = h("h1", {}, t("Who on the team is closest to {name}", { name: targetId }));
  const people = h("section", { id: "closest", "aria-live": "polite" });
  show(heading, h("p", { class: "muted" },
    t("Salespeople are listed by their best chain; one who keeps their ties private is listed only to themself and to admins.")),
  people);
  try {
    const answer = await api("/team/closest", { query: { to: targetId, need, ...position() } });
    if (!(await stillWanted(generation))) return;
    state.data = answer;
    heading.textContent = t("Who on the team is closest to {name}", { name: answer.target_name });
    document.title = `${answer.target_name} · graph-mtl`;
    if (!answer.people.length) people.append(h("p", {}, t("No key persons at {name}.", { name: answer.target_name })));
    for (const person of answer.people) people.append(closestTo(person, answer));
  } catch (error) {
    if (!(await stillWanted(generation))) return;
    view().append(failed(error));
  }
  ready();
}

function closestTo(person, answer) {
  const title = person.role_name ? t("{name} ({role})", { name: person.name, role: person.role_name }) : person.name;
  const section = h("section", { class: "card closest", dataset: { id: person.id } },
    h("h2", {}, h("a", { href: href(`/app/people/${encodeURIComponent(person.id)}`) }, title)));
  if (!person.teammates.length) {
    section.append(h("p", { class: "muted" }, t("Nobody on the team reaches them within {hops}.", { hops: hops(answer.max_hops) })));
  } else {
    section.append(h("ol", { class: "teammates" }, person.teammates.map((c) =>
      h("li", { dataset: { id: c.id, you: c.you ? "true" : "false" } },
        h("strong", {}, c.you ? t("{name} (you)", { name: c.name }) : c.name), " ",
        t("asks {name} first", { name: c.ask_name }),
        h("span", { class: "muted" }, " ", t("strength {strength}, {hops}", { strength: strength(c.strength), hops: hops(c.hops) })),
        h("br"), h("span", { class: "chain-names" }, c.path.names.join(" → "))))));
  }
  if (answer.source) {
    section.append(h("p", { class: "own" }, person.own
      ? t("Your own chain: {names} (strength {strength}, {hops})",
        { names: person.own.names.join(" → "), strength: strength(person.own.strength), hops: hops(person.own.hops) })
      : t("You have no chain to them within {hops}.", { hops: hops(answer.max_hops) })));
  }
  return section;
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
      signIn(t("That key is unknown or revoked."));
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
  if (app === "app" && what === "team" && id) return teamView(id);
  return homeView();
}

async function start() {
  await loadWords();
  frame();
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
