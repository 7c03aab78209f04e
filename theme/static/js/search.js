// Search page: Pagefind shards (one per year + records), filters, ?q= in the URL.
// Only this page needs JavaScript; everything else works without it.

const root = document.getElementById("search");
const form = root.querySelector("form");
const input = document.getElementById("search-q");
const sortSelect = document.getElementById("search-sort");
const filterSelects = [...root.querySelectorAll("select[data-filter]")];
const statusLine = document.getElementById("search-status");
const scopeLine = document.getElementById("search-scope");
const list = document.getElementById("search-results");
const moreButton = document.getElementById("search-more");
const filtersToggle = root.querySelector(".search-filters-toggle");
const filtersBox = root.querySelector(".search-filters");
const indexBase = root.dataset.index;
const lookupUrl = root.dataset.lookup;
const PAGE = 10;
const EXACT_WINDOW = PAGE; // results re-ranked (exact words, diacritics): the ones shown first

const collator = new Intl.Collator("vi", { sensitivity: "base" });
let pagefind = null;
let manifest = null;
let lookup = null; // officials, posts and terms: [title, url, type, date, summary, words]
let noLookup = !lookupUrl; // then the record pages' shard is searched instead
let lookupReady = Promise.resolve();
let loaded = [];
let results = [];
let shown = 0;
let generation = 0;
let loadedFirst;
const firstLoad = new Promise((resolve) => { loadedFirst = resolve; });

const nfc = (text) => (text || "").normalize("NFC");
const hasMarks = (text) => /[^\u0000-\u007f]/.test(text);

function readUrl() {
  const params = new URLSearchParams(location.search);
  const filters = {};
  for (const select of filterSelects) {
    const value = nfc(params.get(select.dataset.filter) || "");
    if (value) filters[select.dataset.filter] = value;
  }
  return {
    q: nfc(params.get("q") || "").trim(),
    filters,
    sort: params.get("sort") === "date" ? "date" : "",
    all: params.get("scope") === "all",
    older: Math.min(Math.max(Number.parseInt(params.get("older") || "0", 10) || 0, 0), 1000),
  };
}

function writeUrl(state, push) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const [key, value] of Object.entries(state.filters)) params.set(key, value);
  if (state.sort) params.set("sort", state.sort);
  if (state.all) params.set("scope", "all");
  else if (state.older) params.set("older", String(state.older));
  const url = `${location.pathname}${params.toString() ? "?" + params : ""}`;
  if (url !== location.pathname + location.search) {
    history[push ? "pushState" : "replaceState"](null, "", url);
  }
}

function formState() {
  const filters = {};
  for (const select of filterSelects) {
    if (select.value) filters[select.dataset.filter] = select.value;
  }
  const { all, older } = readUrl();
  return { q: nfc(input.value).trim(), filters, sort: sortSelect.value, all, older };
}

// Which shards to load: the year asked for; else every shard when the reader
// asked for all years; else the newest shards up to the page budget, and the
// shards of a year or a day the query names ("kỳ họp 2019", "14/03/2019").
// The record pages' shard only when there is no lookup file (it has them).
function chooseShards(state) {
  const years = manifest.shards.filter((s) => s.year !== null);
  const undated = manifest.shards.filter((s) => s.year === null && (s.id !== "records" || noLookup));
  if (state.filters.year) {
    return { shards: years.filter((s) => String(s.year) === state.filters.year), partial: false };
  }
  if (state.all) return { shards: [...years, ...undated], partial: false };
  const chosen = [];
  const budget = manifest.default_pages * (1 + state.older);
  let pages = 0;
  for (const shard of years) {
    if (chosen.length && pages + shard.pages > budget) break;
    chosen.push(shard);
    pages += shard.pages;
  }
  const named = namedTimes(state.q);
  for (const shard of years) {
    if (!chosen.includes(shard) && named.some((t) => covers(shard, t))) chosen.push(shard);
  }
  return { shards: [...chosen, ...undated], partial: chosen.length < years.length };
}

// The years and days a query names: {year}, or {year, month, day}.
function namedTimes(query) {
  const date = (query || "").trim().match(DATE);
  if (date) {
    const day = `${date[1].padStart(2, "0")}/${date[2].padStart(2, "0")}/${date[3]}`;
    return [{ year: Number(date[3]), month: Number(date[2]), day }];
  }
  const years = [...queryWords(query || "")].filter((w) => YEAR.test(w));
  return years.length === 1 ? [{ year: Number(years[0]) }] : []; // two years: a term (2020-2025)
}

// Whether a shard holds pages of that time (a shard may hold some months of a year).
const covers = (shard, time) => shard.year === time.year
  && (!time.month || !shard.months || shard.months.includes(time.month));

// Pagefind folds tone and vowel marks but not đ (it has no decomposition).
// Pages carry their đ-words folded to d (meta "folded_title", "folded") so
// that "hdnd" finds "HĐND"; and a query's words starting with a plain d are
// also tried with đ ("dai hoi dang bo" → "đai hoi đang bo"), so that titles
// and body text match with their own weights.
const OPTIONS = {
  excerptLength: 30,
  ranking: { metaWeights: { title: 5, folded_title: 3, folded: 1 } },
};
const MAX_D_WORDS = 3;

function dVariants(query) {
  const words = query.split(/\s+/).filter(Boolean);
  const plain = words.map((w, i) => (/^d[a-z]*$/i.test(w) ? i : -1)).filter((i) => i >= 0);
  if (!plain.length) return [query];
  const all = (1 << plain.length) - 1;
  const masks = plain.length <= MAX_D_WORDS ? [...Array(all + 1).keys()] : [0, all];
  return masks.map((mask) => words.map((word, i) => {
    const bit = plain.indexOf(i);
    if (bit < 0 || !((mask >> bit) & 1)) return word;
    return (word[0] === "D" ? "Đ" : "đ") + word.slice(1);
  }).join(" "));
}

// Relevance: every variant, each page once with its best score. A year or
// a day in the query ("kỳ họp 2019", "14/03/2019") is searched as a filter
// (the rest of the query within that year or day), and those pages first.
async function searchByRelevance(state) {
  if (!state.q) return (await pagefind.search(null, { filters: state.filters })).results;
  const times = state.filters.year || state.filters.day ? [] : namedTimes(state.q);
  const rest = [...queryWords(state.q)].filter((w) => !YEAR.test(w)).join(" ");
  const within = times.map((t) => ({ ...state.filters, ...(t.day ? { day: t.day } : { year: String(t.year) }) }));
  // a day: its indexed word (d20190314) within its filter; a filter alone
  // would make Pagefind fetch every index chunk of the shard
  const inner = !times.length ? [] : times[0].day ? [`d${times[0].day.split("/").reverse().join("")}`]
    : rest ? dVariants(rest) : [null];
  // the query's other words everywhere (a date alone needs nothing more: numbers
  // are in every page, and their index chunks are the largest)
  const outer = !times.length ? dVariants(state.q) : times[0].day || !rest ? [] : dVariants(rest);
  const searches = [
    ...within.flatMap((filters) => inner.map((q) => [q, filters])),
    ...outer.map((q) => [q, state.filters]),
  ];
  const runs = await Promise.all(searches.map(([q, filters]) => pagefind.search(q, { filters })));
  const best = new Map();
  runs.forEach((run, index) => {
    const first = index < searches.length - outer.length; // within the named time
    for (const result of run.results) {
      const score = (result.score || 0) + (first ? 1e6 : 0);
      const seen = best.get(result.id);
      if (!seen || seen.score < score) best.set(result.id, { result, score });
    }
  });
  return [...best.values()].sort((a, b) => b.score - a.score).map((entry) => entry.result);
}

// The variant that matches most pages, for date order (one variant keeps
// each year's results in Pagefind's date order).
async function bestVariant(state) {
  const variants = dVariants(state.q);
  if (variants.length === 1) return state.q;
  const runs = await Promise.all(variants.map((q) => pagefind.search(q, { filters: state.filters })));
  const counts = runs.map((run) => run.results.length);
  return variants[counts.indexOf(Math.max(...counts))];
}
const RECORD_TYPES = ["cán bộ", "chức danh", "nhiệm kỳ"];

// Load the shards the state needs that are not loaded yet: the first one
// starts Pagefind (on the page's thread: no worker to fetch and start first),
// the others are merged into it (also after searches ran). Each shard once,
// even when two searches ask at the same time.
const loading = new Map();
const prefetched = new Set();
async function loadShards(state) {
  const { shards, partial } = chooseShards(state);
  for (const shard of shards.filter((s) => !prefetched.has(s.id))) {
    prefetched.add(shard.id);
    prefetch(shard, prefetched.size === 1); // the first shard loaded starts Pagefind
  }
  for (const shard of shards) {
    if (!loading.has(shard.id)) loading.set(shard.id, loadShard(shard));
    await loading.get(shard.id);
  }
  loadedFirst();
  return partial && !state.all;
}

async function loadShard(shard) {
  const tag = shard.tag ? { metaCacheTag: shard.tag } : {};
  if (!pagefind) {
    // one copy of Pagefind's script, preloaded by the page, if the manifest names it
    pagefind = await import(`${indexBase}${manifest.script || `${shard.path}pagefind.js`}`);
    await pagefind.options({ ...OPTIONS, ...tag, noWorker: true, basePath: `${indexBase}${shard.path}` });
    pagefind.init(); // fetch the index's metadata while the query is prepared
  } else {
    await pagefind.mergeIndex(`${indexBase}${shard.path}`, { ...OPTIONS, ...tag });
  }
  loaded.push(shard);
}

// Ask at once for the files Pagefind would fetch one after another (entry,
// then metadata and, for the first shard, WebAssembly), for every shard to
// load: Pagefind then finds them on their way. The entry's URL carries the
// manifest's tag, as Pagefind asks for it (metaCacheTag).
function prefetch(shard, primary) {
  if (!shard.tag) return; // an index from before the manifest named its files
  const base = `${indexBase}${shard.path}`;
  const files = [`pagefind-entry.json?ts=${shard.tag}`, shard.meta, ...(primary ? [shard.wasm] : [])];
  for (const file of files) {
    const link = document.createElement("link");
    link.rel = "preload";
    link.as = "fetch";
    link.crossOrigin = "anonymous";
    link.href = base + file;
    document.head.append(link);
  }
}

// The lookup file, fetched at once; its entries are prepared only when a
// search first needs them (after Pagefind has been asked for its files).
let lookupRows = null;
async function loadLookup() {
  try {
    const response = await fetch(lookupUrl);
    if (!response.ok) throw new Error(response.statusText);
    lookupRows = (await response.json()).records;
  } catch (error) {
    noLookup = true; // the full-text index still answers, with the record pages' shard
  }
}

function prepareLookup() {
  if (lookup || !lookupRows) return;
  lookup = lookupRows.map(([title, url, type, date, summary, titleWords, words]) => ({
    url, meta: { title, type, date, summary }, content: summary, lookup: true,
    titleWords: titleWords.split(" "), otherWords: new Set(words.split(" ")),
  }));
}

// Officials, posts and terms whose title (or posts, years, summary) holds
// every query word; the last word may be a prefix (still typing). With no
// query, those of a record type asked for in the filters.
function lookupHits(state) {
  prepareLookup();
  if (!lookup) return [];
  const filters = Object.entries(state.filters);
  const allowed = (item) => filters.every(([key, value]) => (key === "type" && item.meta.type === value)
    || (key === "official" && item.meta.type === "cán bộ" && item.meta.title === value)
    || (key === "term" && item.meta.type === "nhiệm kỳ" && item.meta.title === value));
  const words = [...queryWords(state.q)];
  if (!words.length) return state.filters.type ? lookup.filter(allowed) : [];
  const last = words[words.length - 1];
  const matches = (item) => words.every((w) => item.titleWords.includes(w) || item.otherWords.has(w)
    || (w === last && w.length > 1 && item.titleWords.some((t) => t.startsWith(w))));
  return lookup.filter((item) => allowed(item) && matches(item));
}

// Newest first across shards: Pagefind orders merged results by score, so
// search each year on its own (newest year first; a year is one shard or
// several of its months) and put the undated record pages (officials, posts,
// terms) after them.
async function searchByDate(state) {
  const found = [];
  const query = state.q ? await bestVariant(state) : null;
  const years = [...new Set(loaded.filter((s) => s.year !== null).map((s) => s.year))].sort((a, b) => b - a);
  for (const year of years) {
    if (state.filters.year && String(year) !== state.filters.year) continue;
    const filters = { ...state.filters, year: String(year) };
    found.push(...(await pagefind.search(query, { filters, sort: { date: "desc" } })).results);
  }
  const type = state.filters.type;
  if (!state.filters.year && (!type || RECORD_TYPES.includes(type))) {
    if (!noLookup) {
      const byDate = (item) => (item.meta.date || "").split("/").reverse().join("");
      found.push(...lookupHits(state).sort((a, b) => byDate(b).localeCompare(byDate(a))));
    } else {
      const filters = { ...state.filters, type: type || { any: RECORD_TYPES } };
      found.push(...(await pagefind.search(query, { filters, sort: { date: "desc" } })).results);
    }
  }
  return found;
}

function showScope(partial, shards) {
  if (!partial) {
    scopeLine.hidden = true;
    return;
  }
  const years = [...new Set(shards.filter((s) => s.year !== null).map((s) => s.year))].sort();
  const total = manifest.shards.reduce((sum, s) => sum + s.pages, 0);
  const contiguous = years.length && years[years.length - 1] - years[0] === years.length - 1;
  const label = years.length === 1 ? `năm ${years[0]}`
    : contiguous ? `các năm ${years[0]}–${years[years.length - 1]}` : `các năm ${years.join(", ")}`;
  const part = shards.some((s) => s.months) ? " (các tháng gần nhất)" : "";
  scopeLine.replaceChildren(`Đang tìm trong bài viết ${label}${part} và hồ sơ cán bộ. `);
  const older = document.createElement("button");
  older.type = "button";
  older.className = "link-button";
  older.textContent = "Tìm thêm trong các bài cũ hơn";
  older.addEventListener("click", () => {
    const state = formState();
    state.older += 1;
    writeUrl(state, true);
    run(state);
  });
  scopeLine.append(older, " · ");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "link-button";
  button.textContent = `Tìm trong tất cả các năm (${total.toLocaleString("vi-VN")} trang)`;
  button.addEventListener("click", () => {
    const state = formState();
    state.all = true;
    writeUrl(state, true);
    run(state);
  });
  scopeLine.append(button);
  scopeLine.hidden = false;
}

// Show the URL's filters in the form at once; their full lists come later.
function reflectState(state) {
  for (const select of filterSelects) {
    const value = state.filters[select.dataset.filter] || "";
    if (value && ![...select.options].some((o) => o.value === value)) select.add(new Option(value, value));
    select.value = value;
  }
  sortSelect.value = state.sort;
}

async function fillFilters(state) {
  await firstLoad;
  const available = pagefind ? await pagefind.filters() : {};
  prepareLookup();
  for (const item of lookup || []) { // record pages are counted from the lookup
    available.type = available.type || {};
    available.type[item.meta.type] = (available.type[item.meta.type] || 0) + 1;
  }
  for (const select of filterSelects) {
    const key = select.dataset.filter;
    let values = Object.keys(available[key] || {});
    if (key === "year") values = [...new Set(manifest.shards.filter((s) => s.year !== null).map((s) => String(s.year)))];
    else if (key === "official") values.sort(byGivenName);
    else values.sort(collator.compare);
    const keep = select.options[0];
    select.replaceChildren(keep);
    for (const value of values) {
      const option = new Option(value, value);
      if (key !== "year" && available[key]) option.textContent = `${value} (${available[key][value]})`;
      select.add(option);
    }
    select.value = state.filters[key] || "";
    if (state.filters[key] && select.value !== state.filters[key]) {
      select.add(new Option(state.filters[key], state.filters[key], true, true));
    }
  }
  sortSelect.value = state.sort;
  root.dataset.filters = "ready";
}

// Vietnamese order of people: given name (last word), then family, then middle.
function byGivenName(a, b) {
  const parts = (name) => {
    const words = name.split(" ");
    return [words[words.length - 1], words[0], words.slice(1, -1).join(" ")];
  };
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i += 1) {
    const order = collator.compare(x[i], y[i]) || x[i].localeCompare(y[i], "vi");
    if (order) return order;
  }
  return 0;
}

// A word as search compares it: no marks, đ → d, lower case.
const fold = (text) => nfc(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "")
  .replace(/[đĐ]/g, "d").toLowerCase();
const queryWords = (query) => new Set(fold(query).split(/[^\p{L}\p{N}]+/u).filter(Boolean));

// Rebuild Pagefind's excerpt keeping only text and the <mark>s of words the
// query names whole ("tu" marks "Tư", not "Tuyên"), so nothing from the index
// can inject markup.
function safeExcerpt(html, words) {
  const template = document.createElement("template");
  template.innerHTML = html;
  const out = document.createDocumentFragment();
  for (const node of template.content.childNodes) {
    if (node.nodeName === "MARK" && words.has(fold(node.textContent))) {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      out.append(mark);
    } else {
      out.append(document.createTextNode(node.textContent));
    }
  }
  return out;
}

// A record page's result text is its summary sentence, its query words marked.
function markedText(text, words) {
  const out = document.createDocumentFragment();
  for (const part of nfc(text).split(/([\p{L}\p{N}]+)/u)) {
    if (part && words.has(fold(part))) {
      const mark = document.createElement("mark");
      mark.textContent = part;
      out.append(mark);
    } else if (part) {
      out.append(document.createTextNode(part));
    }
  }
  return out;
}

function render(item) {
  const li = document.createElement("li");
  li.className = "search-result";
  const title = document.createElement("h2");
  title.className = "search-result__title";
  const link = document.createElement("a");
  link.href = item.url;
  link.textContent = item.meta.title || item.url;
  title.append(link);
  const meta = document.createElement("p");
  meta.className = "search-result__meta";
  const type = document.createElement("span");
  type.className = "search-result__type";
  type.textContent = item.meta.type || "trang";
  meta.append(type);
  if (item.meta.date) meta.append(item.meta.date);
  const excerpt = document.createElement("p");
  excerpt.className = "search-result__excerpt";
  const words = queryWords(input.value);
  excerpt.append(item.meta.summary ? markedText(item.meta.summary, words)
    : safeExcerpt(item.excerpt, words));
  li.append(title, meta, excerpt);
  return li;
}

// Pagefind folds most marks; put pages that contain the query exactly as
// typed (with its diacritics) first, keeping Pagefind's order otherwise.
function exactFirst(items, query) {
  if (!query || !hasMarks(query)) return items;
  const needle = query.toLocaleLowerCase("vi");
  const exact = (d) => nfc(`${d.meta.title || ""} ${d.content || ""}`).toLocaleLowerCase("vi").includes(needle);
  return [...items.filter(exact), ...items.filter((d) => !exact(d))];
}

const DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const YEAR = /^(?:19|20)\d\d$/;
const wordsOf = (text) => fold(text || "").split(/[^\p{L}\p{N}]+/u).filter(Boolean);

// Whole words beat prefixes: the page whose title is the query (an official's
// name) first, then pages whose title holds every query word whole, then
// those whose text does; Pagefind's order within each. Record pages
// (officials, posts, terms) come first only when their title is the query (a
// name, a post); among pages whose titles hold every query word, reports and
// meetings come before them ("dân vận", "hdnd": the news). A year in the
// query ("hội nghị 2019") prefers pages of that year; a date (14/03/2019),
// pages of that day.
function wholeWordsFirst(items, query) {
  const day = namedTimes(query)[0]?.day;
  const all = [...queryWords(query)];
  const years = all.filter((w) => YEAR.test(w));
  const wanted = day ? [] : all.filter((w) => !YEAR.test(w) || all.length === 1);
  const tier = (item) => {
    const title = wordsOf(item.meta.title);
    if (!day && title.join(" ") === all.join(" ")) return 0;
    if (wanted.every((w) => title.includes(w))) return RECORD_TYPES.includes(item.meta.type) ? 1.5 : 1;
    const text = new Set(wordsOf(item.content));
    return wanted.every((w) => text.has(w) || title.includes(w)) ? 2 : 3;
  };
  const when = (item) => {
    const shown = item.meta.date || "";
    if (day) return shown === day ? 0 : 1;
    return years.length && !years.some((y) => shown.endsWith(y)) ? 1 : 0;
  };
  return items.map((item, index) => [when(item), tier(item), index, item])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]).map((entry) => entry[3]);
}

async function showMore(token) {
  const slice = results.slice(shown, shown + PAGE);
  const items = await Promise.all(slice.map((r) => (r.data ? r.data() : r)));
  if (token !== generation) return;
  for (const item of items) list.append(render(item));
  shown += slice.length;
  moreButton.hidden = shown >= results.length;
}

const sameTitle = (item, query) => wordsOf(item.meta.title).join(" ") === [...queryWords(query)].join(" ");

async function run(state) {
  const token = ++generation;
  input.value = state.q;
  if (!state.q && !Object.keys(state.filters).length) {
    list.replaceChildren();
    statusLine.textContent = "Nhập từ khóa để tìm bài viết, sự kiện, cán bộ, chức danh hoặc nhiệm kỳ.";
    moreButton.hidden = true;
    return;
  }
  statusLine.textContent = "Đang tìm…";
  const records = lookupHits(state);
  // An official, post or term whose title is the query stays first whatever
  // the reports say: show it while the full-text index loads.
  const early = !state.sort ? records.filter((item) => sameTitle(item, state.q)) : [];
  if (early.length) {
    list.replaceChildren(...early.map(render));
    statusLine.textContent = "Đang tìm thêm trong bài viết…";
  }
  let partial;
  try {
    partial = await loadShards(state);
  } catch (error) {
    if (token === generation) statusLine.textContent = "Không tải được chỉ mục tìm kiếm. Vui lòng thử lại sau.";
    return;
  }
  if (token !== generation) return;
  let found = !pagefind ? [] : state.sort === "date" ? await searchByDate(state) : await searchByRelevance(state);
  if (token !== generation) return;
  if (!state.sort) {
    const head = await Promise.all(found.slice(0, EXACT_WINDOW).map((r) => r.data()));
    if (token !== generation) return;
    const urls = new Set(records.map((item) => item.url));
    const merged = [...records, ...head.filter((item) => !urls.has(item.url))];
    found = [...(state.q ? wholeWordsFirst(exactFirst(merged, state.q), state.q) : merged),
      ...found.slice(EXACT_WINDOW)];
  }
  results = found;
  shown = 0;
  list.replaceChildren();
  if (!results.length) {
    showEmpty(state);
    showScope(partial, loaded);
    moreButton.hidden = true;
    return;
  }
  await showMore(token);
  if (token !== generation) return;
  showScope(partial, loaded); // after the results: its number formatting starts slowly
  const what = state.q ? ` cho “${state.q}”` : "";
  statusLine.textContent = `Tìm thấy ${results.length.toLocaleString("vi-VN")} kết quả${what}.`;
}

function showEmpty(state) {
  const what = state.q ? ` cho “${state.q}”` : "";
  statusLine.replaceChildren(`Không tìm thấy kết quả nào${what}. `);
  if (Object.keys(state.filters).length) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "link-button";
    button.textContent = "Bỏ các bộ lọc và tìm lại";
    button.addEventListener("click", () => {
      for (const select of filterSelects) select.value = "";
      submit();
    });
    statusLine.append("Hãy thử bỏ bớt bộ lọc. ", button);
  } else {
    statusLine.append("Hãy thử từ khóa khác hoặc ngắn hơn.");
  }
}

function submit() {
  const state = formState();
  writeUrl(state, true);
  run(state);
}

// Filter values come from the loaded shards' filter files (and the lookup):
// fetched only when the reader turns to the filters.
let filling = null;
function ensureFilters() {
  filling = filling || fillFilters(readUrl()).catch(() => { filling = null; });
  return filling;
}

async function start() {
  const state = readUrl();
  input.value = state.q;
  const manifestReady = fetch(`${indexBase}shards.json`).then((response) => response.json());
  if (lookupUrl) lookupReady = loadLookup();
  try {
    manifest = await manifestReady;
  } catch (error) {
    statusLine.textContent = "Không tải được chỉ mục tìm kiếm. Vui lòng thử lại sau.";
    return;
  }
  if (state.q || Object.keys(state.filters).length) loadShards(state).catch(() => {}); // start early
  await lookupReady;
  if (!manifest.shards.length && !lookupRows) {
    statusLine.textContent = "Chưa có nội dung nào để tìm.";
    return;
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit();
  });
  for (const select of [...filterSelects, sortSelect]) select.addEventListener("change", submit);
  moreButton.addEventListener("click", () => showMore(generation));
  // On phones the filters fold behind one button (CSS); a filter in use shows them.
  const unfold = (open) => {
    filtersBox.classList.toggle("is-open", open);
    filtersToggle.setAttribute("aria-expanded", String(open));
    if (open) ensureFilters();
  };
  filtersToggle.addEventListener("click", () => unfold(!filtersBox.classList.contains("is-open")));
  for (const event of ["focusin", "pointerdown", "pointerenter"]) {
    filtersBox.addEventListener(event, ensureFilters, { once: true });
  }
  window.addEventListener("popstate", () => {
    const now = readUrl();
    for (const select of filterSelects) select.value = now.filters[select.dataset.filter] || "";
    sortSelect.value = now.sort;
    run(now);
  });
  reflectState(state);
  filtersBox.hidden = false;
  filtersToggle.hidden = false;
  unfold(Object.keys(state.filters).length > 0 || state.sort !== "");
  await run(state);
}

start();
