// sitrep's map page. Every piece of stored text reaches the page through textContent (never innerHTML),
// and links only when they are http(s): article text cannot add markup or script here.
"use strict";

(function () {
  const COLORS = {
    "Battles": "#d62728",
    "Explosions/Remote violence": "#ff7f0e",
    "Violence against civilians": "#9467bd",
    "Protests": "#1f77b4",
    "Riots": "#bcbd22",
    "Strategic developments": "#7f7f7f",
  };
  const PRECISION = {
    1: "the town or a part of it",
    2: "near a town, or part of a region",
    3: "only the province or country",
  };
  const FILTERS = ["q", "type", "country", "actor", "certainty", "since", "until", "min_outlets", "historical",
    "per_article"];
  const PAGE = 100;
  const state = { map: null, layer: null, config: null, offset: 0, timeline: [], brush: null, cardId: null };

  // ------------------------------------------------------------------------------------------- small helpers
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = String(v);
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, String(v));
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }
  function color(type) { return COLORS[type] || "#444"; }
  function safeUrl(url) {
    try {
      const u = new URL(String(url));
      return (u.protocol === "http:" || u.protocol === "https:") ? u.href : null;
    } catch (e) { return null; }
  }
  async function getJSON(path) {
    const res = await fetch(path, { credentials: "same-origin" });
    const data = await res.json();
    if (!res.ok) throw new Error(data && data.error ? data.error : res.statusText);
    return data;
  }
  function notice(message) {
    const box = document.getElementById("notice");
    box.textContent = message || "";
    box.hidden = !message;
  }

  // ------------------------------------------------------------------------------------------- filter state
  function readForm() {
    const params = new URLSearchParams();
    for (const name of FILTERS) {
      const input = document.getElementById("f-" + name);
      if (input.type === "checkbox") {
        if (input.checked) params.set(name, "1");
      } else if (input.multiple) {  // several types: any of them
        for (const option of input.selectedOptions) if (option.value) params.append(name, option.value);
      } else if (input.value && !(name === "min_outlets" && input.value === "1")) {
        params.set(name, input.value.trim());
      }
    }
    return params;
  }
  function writeForm(params) {
    for (const name of FILTERS) {
      const input = document.getElementById("f-" + name);
      const value = params.get(name);
      if (input.type === "checkbox") input.checked = value === "1";
      else if (input.multiple) {
        const chosen = new Set(params.getAll(name));
        for (const option of input.options) option.selected = chosen.has(option.value);
      } else if (name === "min_outlets") input.value = value || "1";
      else input.value = value || "";
    }
  }
  function pushState() {
    const params = readForm();
    if (state.cardId) params.set("event", state.cardId);
    const qs = params.toString();
    history.replaceState(null, "", qs ? "?" + qs : location.pathname);
  }
  function withoutDates(params) {
    const p = new URLSearchParams(params);
    p.delete("since");
    p.delete("until");
    return p;
  }

  // ------------------------------------------------------------------------------------------- set-up
  async function setUp() {
    state.config = await getJSON("/api/config");
    const facets = await getJSON("/api/facets");
    const typeSelect = document.getElementById("f-type");
    for (const t of facets.types) {
      const group = el("optgroup", { label: t.type });
      group.append(el("option", { value: t.type, text: t.type + " (all)" }));
      for (const s of t.subtypes) group.append(el("option", { value: s, text: s }));
      typeSelect.append(group);
    }
    const countrySelect = document.getElementById("f-country");
    for (const c of facets.countries) countrySelect.append(el("option", { value: c, text: c }));
    const fmt = document.getElementById("dl-format");
    for (const f of state.config.formats) fmt.append(el("option", { value: f, text: f, selected: f === "csv" }));
    fmt.addEventListener("change", updateDownload);

    const legend = el("div", { id: "legend" });
    for (const [type, c] of Object.entries(COLORS)) {
      legend.append(el("span", { class: "key" }, el("i", { class: "dot", style: "background:" + c }), type));
    }
    legend.append(el("span", { class: "key" }, el("i", { class: "ring" }), "only the province / near"));

    const params = new URLSearchParams(location.search);
    writeForm(params);
    setUpMap(legend);
    const form = document.getElementById("filters");
    let timer = null;
    form.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(refresh, 350); });
    form.addEventListener("change", () => { clearTimeout(timer); timer = setTimeout(refresh, 50); });
    form.addEventListener("submit", (e) => { e.preventDefault(); refresh(); });
    document.getElementById("reset").addEventListener("click", () => {
      writeForm(new URLSearchParams());
      refresh();
    });
    document.getElementById("close-card").addEventListener("click", closeCard);
    if (state.config.assets_missing && state.config.assets_missing.length) {
      notice("The map's files are not installed (run npm ci in the repository root); the list still works.");
    }
    await refresh();
    if (params.get("event")) openCard(params.get("event"));
  }

  function setUpMap(legend) {
    if (typeof L === "undefined") return;
    const map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 18 }).setView([20, 10], 2);
    state.map = map;
    const control = L.control({ position: "bottomleft" });
    control.onAdd = () => legend;
    control.addTo(map);
    if (state.config.tiles) {
      L.tileLayer(state.config.tiles, { maxZoom: 18, attribution: "tiles: " + new URL(state.config.tiles).host }).addTo(map);
    } else if (typeof topojson !== "undefined") {
      fetch("/static/vendor/countries-50m.json").then((r) => r.json()).then((world) => {
        const land = topojson.feature(world, world.objects.countries);
        for (const f of land.features) unwrap(f.geometry);
        L.geoJSON(land, { interactive: false, style: { color: "#8a8a8a", weight: 0.6, fillColor: "#f4f1ea", fillOpacity: 1 } })
          .addTo(map).bringToBack();
      }).catch(() => notice("country borders could not be loaded"));
      map.attributionControl.addAttribution("borders: Natural Earth");
    }
    map.on("moveend", () => loadMap());
  }

  // Rings that cross the antimeridian (Russia, Fiji) jump from +180 to -180: shift their western points by
  // 360 degrees so Leaflet draws them whole instead of a line across the world.
  function unwrap(geometry) {
    if (!geometry) return;
    const polys = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
    for (const poly of polys) {
      for (const ring of poly) {
        let jumps = false;
        for (let i = 1; i < ring.length; i++) if (Math.abs(ring[i][0] - ring[i - 1][0]) > 180) jumps = true;
        if (jumps) for (const pt of ring) if (pt[0] < 0) pt[0] += 360;
      }
    }
  }

  // ------------------------------------------------------------------------------------------- data
  async function refresh() {
    pushState();
    state.offset = 0;
    updateDownload();
    await Promise.all([loadMap(), loadList(false), loadTimeline()]).catch((e) => notice(e.message));
  }

  function updateDownload() {
    const params = readForm();
    params.set("format", document.getElementById("dl-format").value || "csv");
    document.getElementById("download").href = "/api/events?" + params.toString();
  }

  async function loadMap() {
    if (!state.map) return;
    const params = readForm();
    const key = params.toString();
    const b = state.map.getBounds().pad(0.2);
    const south = Math.max(-90, b.getSouth()), north = Math.min(90, b.getNorth());
    let west = b.getWest(), east = b.getEast();
    if (east - west >= 360) { west = -180; east = 180; }
    else {
      west = ((west + 180) % 360 + 360) % 360 - 180;
      east = ((east + 180) % 360 + 360) % 360 - 180;
    }
    params.set("bbox", [south, west, north, east].map((v) => v.toFixed(4)).join(","));
    params.set("zoom", String(state.map.getZoom()));
    const data = await getJSON("/api/map?" + params.toString());
    if (state.layer) state.map.removeLayer(state.layer);
    if (data.mode === "points") {
      const group = L.markerClusterGroup({ maxClusterRadius: 40, showCoverageOnHover: false });
      for (const p of data.points) group.addLayer(marker(p));
      state.layer = group;
    } else {
      const group = L.layerGroup();
      for (const c of data.cells) {
        const r = 8 + 4 * Math.log10(c.n);
        const m = L.circleMarker([c.lat, c.lon], { radius: r, color: "#333", weight: 1, fillColor: color(c.type), fillOpacity: 0.7 });
        m.bindTooltip(c.n + " happenings (zoom in)");
        m.on("click", () => state.map.setView([c.lat, c.lon], Math.min(state.map.getZoom() + 2, 18)));
        group.addLayer(m);
      }
      state.layer = group;
    }
    state.layer.addTo(state.map);
    document.getElementById("map").dataset.markers = String(data.mode === "points" ? data.points.length : 0);
    document.getElementById("map").dataset.mode = data.mode;
    document.getElementById("map").dataset.filters = key;  // what the markers show (tests wait on it)
  }

  function marker(p) {
    const killed = p.killed || 0;
    const radius = Math.min(30, 5 + 3 * Math.sqrt(killed));  // sized by deaths, capped
    let m;
    if ((p.precision || 1) >= 2) {  // only near a town or the province: a ring covering the area
      m = L.circle([p.lat, p.lon], { radius: p.precision >= 3 ? 60000 : 15000, color: color(p.type), weight: 2,
        dashArray: "4 4", fillOpacity: 0.08, className: "sitrep-marker sitrep-area" });
    } else {
      m = L.circleMarker([p.lat, p.lon], { radius: radius, color: "#222", weight: 1, fillColor: color(p.type),
        fillOpacity: 0.85, className: "sitrep-marker" });
    }
    const tip = el("span", {}, el("b", { text: p.subtype }), el("br"), (p.place || "") + " " + (p.date || ""),
      killed ? el("span", {}, el("br"), killed + " killed") : null);
    m.bindTooltip(tip);
    m.on("click", () => openCard(p.id));
    return m;
  }

  async function loadList(append) {
    const params = readForm();
    params.set("limit", String(PAGE));
    params.set("offset", String(state.offset));
    const key = readForm().toString();
    const data = await getJSON("/api/events?" + params.toString());
    const body = document.querySelector("#list tbody");
    if (!append) body.replaceChildren();
    const perArticle = readForm().get("per_article") === "1";
    for (const ev of data.events) {
      const where = ev.where ? [ev.where.name, ev.where.country].filter(Boolean).join(", ") : "";
      const hid = perArticle ? ev.id : (ev.cluster || ev.id);
      const tr = el("tr", { "data-id": hid, tabindex: "0", onclick: () => openCard(hid),
        onkeydown: (e) => { if (e.key === "Enter") openCard(hid); } },
        el("td", { text: (ev.when && ev.when.start) || "?" }),
        el("td", {}, el("i", { class: "dot", style: "background:" + color(ev.type) }), ev.subtype),
        el("td", { text: where }),
        el("td", { text: ev.killed && ev.killed.best !== null ? ev.killed.best : "" }),
        el("td", { text: ev.agreement || 1 }));
      body.append(tr);
    }
    const noun = readForm().get("per_article") ? "per-article events" : "happenings";
    document.getElementById("count").textContent = data.total + " " + noun;
    document.getElementById("count").dataset.total = String(data.total);
    document.getElementById("count").dataset.filters = key;  // what the list shows (tests wait on it)
    const more = document.getElementById("more");
    more.replaceChildren();
    if (data.offset + data.events.length < data.total) {
      more.append(el("button", { type: "button", text: "more", onclick: () => { state.offset += PAGE; loadList(true); } }));
    }
  }

  // ------------------------------------------------------------------------------------------- timeline
  async function loadTimeline() {
    const params = withoutDates(readForm());
    state.timeline = await getJSON("/api/timeline?" + params.toString());
    drawTimeline();
  }

  function drawTimeline() {
    const svg = document.getElementById("timeline");
    const NS = "http://www.w3.org/2000/svg";
    svg.replaceChildren();
    const width = svg.clientWidth || 800, height = 90, pad = 18;
    const rows = state.timeline;
    const note = document.getElementById("timeline-note");
    if (!rows.length) { note.textContent = "no dated happenings"; return; }
    const day = (s) => Date.parse(s + "T00:00:00Z") / 86400000;
    let first = day(rows[0].date), last = day(rows[rows.length - 1].date);
    const form = readForm();
    if (last - first < 30) { first -= 15; last += 15; }
    const perDay = new Map();
    for (const r of rows) {
      const d = day(r.date);
      if (!perDay.has(d)) perDay.set(d, []);
      perDay.get(d).push(r);
    }
    let max = 1;
    for (const list of perDay.values()) max = Math.max(max, list.reduce((a, r) => a + r.n, 0));
    const x = (d) => pad + (d - first) / (last - first + 1) * (width - 2 * pad);
    const barW = Math.max(1.5, (width - 2 * pad) / (last - first + 1));
    for (const [d, list] of perDay) {
      let y = height - pad;
      for (const r of list) {
        const h = (r.n / max) * (height - 2 * pad);
        const rect = document.createElementNS(NS, "rect");
        rect.setAttribute("x", x(d)); rect.setAttribute("y", y - h);
        rect.setAttribute("width", barW); rect.setAttribute("height", Math.max(h, 1));
        rect.setAttribute("fill", color(r.type));
        const t = document.createElementNS(NS, "title");
        t.textContent = r.date + ": " + r.n + " " + r.type;
        rect.append(t);
        svg.append(rect);
        y -= h;
      }
    }
    const iso = (d) => new Date(d * 86400000).toISOString().slice(0, 10);
    for (const [d, anchor] of [[first, "start"], [last, "end"]]) {
      const label = document.createElementNS(NS, "text");
      label.setAttribute("x", anchor === "end" ? width - pad : pad); label.setAttribute("y", height - 3);
      label.setAttribute("text-anchor", anchor); label.setAttribute("class", "axis");
      label.textContent = iso(d);
      svg.append(label);
    }
    // the brush: the chosen date range, and dragging to choose one
    const since = form.get("since"), until = form.get("until");
    const brush = document.createElementNS(NS, "rect");
    brush.setAttribute("class", "brush");
    brush.setAttribute("y", 0); brush.setAttribute("height", height - pad);
    const show = (a, b) => {
      brush.setAttribute("x", Math.min(a, b)); brush.setAttribute("width", Math.max(Math.abs(b - a), 1));
    };
    if (since || until) show(x(since ? day(since) : first), x(until ? day(until) + 1 : last + 1));
    else brush.setAttribute("width", 0);
    svg.append(brush);
    const toDay = (px) => Math.round(first + (px - pad) / (width - 2 * pad) * (last - first + 1));
    let start = null;
    svg.onmousedown = (e) => { start = e.offsetX; show(start, start); };
    svg.onmousemove = (e) => { if (start !== null) show(start, e.offsetX); };
    svg.onmouseup = (e) => {
      if (start === null) return;
      const a = Math.min(start, e.offsetX), b = Math.max(start, e.offsetX);
      start = null;
      if (b - a < 3) {  // a click: clear the range
        document.getElementById("f-since").value = "";
        document.getElementById("f-until").value = "";
      } else {
        document.getElementById("f-since").value = iso(Math.max(first, toDay(a)));
        document.getElementById("f-until").value = iso(Math.min(last, toDay(b)));
      }
      refresh();
    };
    note.textContent = "drag across the timeline to choose dates; click it to clear them";
  }

  // ------------------------------------------------------------------------------------------- the card
  function closeCard() {
    state.cardId = null;
    document.getElementById("card").hidden = true;
    if (state.map) state.map.invalidateSize();
    drawTimeline();
    pushState();
  }

  function figure(count) {
    if (!count) return "—";
    const parts = [];
    if (count.low !== null && count.low !== undefined) parts.push("low " + count.low);
    if (count.best !== null && count.best !== undefined) parts.push("best " + count.best);
    if (count.high !== null && count.high !== undefined) parts.push("high " + count.high);
    return parts.join(" · ") + (count.text ? " — “" + count.text + "”" : "");
  }

  function actor(a) {
    if (!a) return "—";
    return [a.name, a.kind ? "(" + a.kind + ")" : "", a.country || "", a.text && a.text !== a.name ? "“" + a.text + "”" : ""]
      .filter(Boolean).join(" ");
  }

  function highlighted(text, spans) {
    // code points, as the stored offsets count them (Python string offsets)
    const chars = Array.from(text || "");
    const sorted = spans.map((s) => [Math.max(0, s.start), Math.min(chars.length, s.end)])
      .filter(([a, b]) => b > a).sort((p, q) => p[0] - q[0]);
    const merged = [];
    for (const [a, b] of sorted) {
      if (merged.length && a <= merged[merged.length - 1][1]) merged[merged.length - 1][1] = Math.max(merged[merged.length - 1][1], b);
      else merged.push([a, b]);
    }
    const out = el("div", { class: "article-text" });
    let pos = 0;
    for (const [a, b] of merged) {
      if (a > pos) out.append(document.createTextNode(chars.slice(pos, a).join("")));
      out.append(el("mark", { text: chars.slice(a, b).join("") }));
      pos = b;
    }
    if (pos < chars.length) out.append(document.createTextNode(chars.slice(pos).join("")));
    return out;
  }

  async function openCard(id) {
    let data;
    try {
      data = await getJSON("/api/events/" + encodeURIComponent(id));
    } catch (e) { notice(e.message); return; }
    state.cardId = id;
    pushState();
    const r = data.record;
    const body = document.getElementById("card-body");
    body.replaceChildren();
    const w = r.where;
    const when = r.when || {};
    const dl = el("dl");
    const row = (k, v) => { dl.append(el("dt", { text: k }), el("dd", {}, v)); };
    body.append(el("h2", {}, el("i", { class: "dot", style: "background:" + color(r.type) }), r.subtype),
      el("p", { class: "type", text: r.type + (r.plover ? " · PLOVER " + r.plover : "") }));
    row("actor 1", actor(r.actor1));
    row("actor 2", actor(r.actor2));
    row("place", w ? [w.name, w.admin1, w.country].filter(Boolean).join(", ") + " — precision: " +
      (PRECISION[w.precision] || w.precision) + (w.text ? " — “" + w.text + "”" : "") : "unknown");
    row("date", (when.start || "unknown") + (when.end && when.end !== when.start ? " to " + when.end : "") +
      " — precision: " + (when.precision || "unknown") + (when.text ? " — “" + when.text + "”" : ""));
    row("certainty", r.certainty + (r.historical ? " (history)" : ""));
    row("outlets", String(r.agreement || 1) + " independent · " + (r.articles || [r.article]).length + " article(s)");
    const sources = el("ul", { class: "sources" });
    for (const s of r.sources || []) sources.append(el("li", { text: (s.name || s.text || "unnamed") + " — " + s.kind + (s.name && s.text !== s.name ? " (“" + s.text + "”)" : "") }));
    row("sources", (r.sources || []).length ? sources : "none named");
    body.append(dl);

    // figures: the merged range beside each report's own figure
    const kinds = ["killed", "injured", "arrested", "participants", "released"]
      .filter((k) => r[k] || data.reports.some((rep) => rep.record[k]));
    if (kinds.length) {
      const table = el("table", { class: "figures" });
      const head = el("tr", {}, el("th", { text: "figure" }), el("th", { text: "merged" }));
      for (const rep of data.reports) head.append(el("th", { text: rep.title || rep.article, title: rep.article }));
      table.append(head);
      for (const k of kinds) {
        const tr = el("tr", {}, el("th", { text: k }), el("td", { text: figure(r[k]) }));
        const bests = new Set();
        for (const rep of data.reports) {
          const c = rep.record[k];
          if (c && c.best !== null) bests.add(c.best);
          tr.append(el("td", { text: figure(c) }));
        }
        if (bests.size > 1) tr.classList.add("disagree");
        table.append(tr);
      }
      body.append(el("h3", { text: "figures" + (data.reports.length > 1 ? " (each report beside the merged range)" : "") }), table);
    }

    body.append(el("h3", { text: "reported by" }));
    for (const a of data.articles) {
      const box = el("section", { class: "article", "data-article": a.id });
      const url = safeUrl(a.url);
      box.append(el("h4", {}, url ? el("a", { href: url, rel: "noopener noreferrer", target: "_blank", text: a.title || a.id }) : (a.title || a.id)),
        el("p", { class: "meta", text: [a.source, a.published, a.id].filter(Boolean).join(" · ") }));
      body.append(box);
      getJSON("/api/articles/" + encodeURIComponent(a.id)).then((full) => {
        box.append(highlighted(full.text, a.evidence));
      }).catch((e) => box.append(el("p", { text: e.message })));
    }
    document.getElementById("card").hidden = false;
    if (state.map) state.map.invalidateSize();
    drawTimeline();
    body.scrollTop = 0;
  }

  window.addEventListener("resize", () => drawTimeline());
  setUp().catch((e) => notice("cannot load: " + e.message));
})();
