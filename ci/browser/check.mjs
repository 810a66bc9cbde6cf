// Drives headless Chromium over the built book (book/html) the way readers use
// it, on a local server under book.toml's site-url:
//   pages        every SUMMARY.md page loads with no console error and no
//                request to another host; sidebar, next/previous links, the
//                repository/edit/print links, the 404 and print pages
//   search       every message of the message index (whole, its first 60
//                characters typed, and as a whole pasted panic line) and every
//                chapter title finds its page first
//   screenshots  version labels readable in every theme; every table fits
//                its column at 1280 and 390 px wide; target/screenshots/
//   fix          each symptom page's first fix block within its first
//                1,200 px at 1280x800 (a screenshot of each)
//   copy         every block presented as a complete program: the copy button
//                copies exactly the visible program, which is the whole
//                program the tests ran, naming no crate of [dev-dependencies]
//   reading      a measurement, run only when named (ci/reader-timing): for
//                each symptom page, its height, the pixels and words above
//                its first fix block, and its rank for each of its messages
//                pasted whole, as a Markdown table
//   node check.mjs [pages] [search] [screenshots] [fix] [copy] [reading]
//                (default: every check, no measurement)
// Prints one line per check and ends with `browser: N passed, M failed`.
import { chromium } from 'playwright-core';
import * as toml from 'smol-toml';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';

// ci/browser-test runs a copy of this file next to its node_modules, outside
// the repository, and names the repository in GUIDE_ROOT.
const ROOT = path.resolve(process.env.GUIDE_ROOT || path.join(path.dirname(fileURLToPath(import.meta.url)), '../..'));
const BOOK = path.resolve(process.env.BOOK_HTML || path.join(ROOT, 'book/html')); // another build, to test the checks
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium-headless-shell'; // ci/browser-test says why
const SCREENSHOTS = path.resolve(process.env.SCREENSHOTS || path.join(ROOT, 'target/screenshots')); // faults.mjs's go elsewhere
const THEMES = ['light', 'rust', 'coal', 'navy', 'ayu']; // mdBook 0.4's built-in themes
const SCREENSHOT_PAGES = ['start-here.html', 'sync-call-on-async-store.html'];
const SCREENSHOT_THEMES = ['light', 'navy'];
const PREFIX_LENGTH = 60; // the second search types only this many characters
const MIN_CONTRAST = 4.5; // WCAG AA for normal-size text

const GROUPS = ['pages', 'search', 'screenshots', 'fix', 'copy'];
// Measurements, not checks: run only when named (ci/reader-timing).
const MEASURES = ['reading'];
const groups = process.argv.slice(2);
for (const g of groups) {
  if (!GROUPS.includes(g) && !MEASURES.includes(g)) throw new Error(`unknown check "${g}" (one of: ${[...GROUPS, ...MEASURES].join(', ')})`);
}
const wanted = (g) => (groups.length === 0 && GROUPS.includes(g)) || groups.includes(g);

let passed = 0;
let failed = 0;
function pass(what) {
  passed++;
  console.log(`ok    ${what}`);
}
function fail(what, why) {
  failed++;
  console.log(`FAIL  ${what}\n      ${String(why).replaceAll('\n', '\n      ')}`);
}
const check = (ok, what, why) => (ok ? pass(what) : fail(what, why));

// The page a search should find ranks first: mdBook's ranking, with
// theme/message-search.js moving the explaining pages of a pasted message
// first.
function checkFirst(results, accepted, what, more = '') {
  check(results.length > 0 && accepted.has(pageOf(results[0].href)), what, `${rankReport(results, accepted)}${more}`);
  // A result the page moved first for a recognised message opens its page at
  // the top (where the answer is), without a section anchor or a highlight.
  // (A ranking made in Node writes that link itself: only the page's count.)
  for (const r of results.filter((r) => r.promoted && !r.inNode)) {
    const url = new URL(r.href);
    check(url.hash === '' && url.search === '', `${what}: opens at the top of ${pageOf(r.href)}`,
      `the promoted result links to ${url.search}${url.hash}`);
  }
}

// ---------------------------------------------------------------- the book

// The book as data: ci/guide-md writes it next to the HTML during `mdbook
// build` (the chapters in book order, and the message index).
const MANIFEST_FILE = path.join(path.dirname(BOOK), 'manifest.json');
if (!fs.existsSync(MANIFEST_FILE)) throw new Error(`${MANIFEST_FILE} is missing: \`mdbook build\` writes it (ci/guide-md)`);
const MANIFEST = JSON.parse(fs.readFileSync(MANIFEST_FILE, 'utf8'));
// A manifest written before a field this check reads: build the book
// again, rather than read the field as empty.
const lacking = [['chapters', 'part'], ['messages', 'location']]
  .filter(([list, key]) => MANIFEST[list].some((item) => !(key in item))).map(([list, key]) => `${list}[].${key}`);
if (lacking.length) throw new Error(`${MANIFEST_FILE} has no ${lacking.join(' or ')}: it is older than this check; run mdbook build`);

// A chapter's .md path as its page's .html path.
const htmlOf = (md) => md.replace(/\.md$/, '.html');
const readToml = (name) => toml.parse(fs.readFileSync(path.join(ROOT, name), 'utf8'));

// ---------------------------------------------------------- static server

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.eot': 'application/vnd.ms-fontobject',
  '.otf': 'font/otf', '.txt': 'text/plain',
};

// Serves book/html under `base` like GitHub Pages: a missing file gets
// 404.html with status 404.
function serve(base) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (!url.pathname.startsWith(base)) {
      res.writeHead(302, { location: base });
      return res.end();
    }
    let rel = decodeURIComponent(url.pathname.slice(base.length));
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = path.join(BOOK, path.normalize(rel));
    const found = file.startsWith(BOOK + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile();
    const type = found ? TYPES[path.extname(file)] || 'application/octet-stream' : TYPES['.html'];
    res.writeHead(found ? 200 : 404, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(fs.readFileSync(found ? file : path.join(BOOK, '404.html')));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// ------------------------------------------------------------------ browser

// Every request the pages make, console errors and failed loads, per label.
class Recorder {
  constructor(origin) {
    this.origin = origin;
    this.label = '';
    this.foreign = [];
    this.errors = [];
  }
  watch(context) {
    // Nothing leaves the machine: requests to other hosts are recorded, then aborted.
    context.route('**/*', (route) => {
      const url = route.request().url();
      if (new URL(url).origin === this.origin) return route.continue();
      this.foreign.push(`${this.label}: ${route.request().resourceType()} ${url}`);
      return route.abort();
    });
    context.on('page', (page) => {
      page.on('console', (msg) => {
        if (msg.type() === 'error') this.errors.push(`${this.label}: console: ${msg.text()} (${msg.location().url})`);
      });
      page.on('pageerror', (err) => this.errors.push(`${this.label}: uncaught: ${err.message}`));
      page.on('response', (res) => {
        if (res.status() >= 400 && !this.expect404) this.errors.push(`${this.label}: HTTP ${res.status()} ${res.url()}`);
      });
      page.on('requestfailed', (req) => {
        // ERR_ABORTED: cancelled because the page navigated on (a missing file is a 404 above).
        if (new URL(req.url()).origin === this.origin && req.failure()?.errorText !== 'net::ERR_ABORTED') {
          this.errors.push(`${this.label}: request failed: ${req.url()} (${req.failure()?.errorText})`);
        }
      });
    });
  }
  // Runs fn under a label; returns the errors and foreign requests it caused.
  async during(label, fn) {
    this.label = label;
    const e0 = this.errors.length;
    const f0 = this.foreign.length;
    await fn();
    return { errors: this.errors.slice(e0), foreign: this.foreign.slice(f0) };
  }
}

// Playwright starts Chromium with a fresh temporary --user-data-dir of its own
// (it refuses one in `args`) and removes it on close.
const launch = () => chromium.launch({
  executablePath: CHROMIUM, headless: true, args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});

// A browser context the recorder watches, and a tab in it.
async function newTab(browser, recorder, { theme, permissions = [], viewport = { width: 1280, height: 900 } } = {}) {
  const context = await browser.newContext({ viewport });
  if (permissions.length) await context.grantPermissions(permissions, { origin: recorder.origin });
  if (theme) await context.addInitScript((t) => localStorage.setItem('mdbook-theme', t), theme);
  recorder.watch(context);
  return { context, page: await context.newPage() };
}

const pageOf = (href) => path.posix.basename(new URL(href).pathname);
const firstPage = (results) => (results[0] ? pageOf(results[0].href) : 'no results');

// ------------------------------------------------------------------- search

// The message index as data: every chapter carries it (window.guideMessages,
// written by ci/guide-md for theme/message-search.js), each message with the
// pages that explain it, as paths from the book's root.
async function rawMessages(page, base) {
  await page.goto(`${base}start-here.html`);
  return page.evaluate(() => window.guideMessages ?? []);
}

// A message as the checks read it.
const asChecked = (m) => ({
  text: m.text.trim(),
  explained: m.pages.map((p) => path.posix.basename(p.path)),
  // Where each page's programs panicked with it (ci/guide-md's panic_files).
  files: m.pages.map((p) => ({ page: path.posix.basename(p.path), files: p.files ?? [] })),
});

// A search, as a reader makes it: the `s` shortcut opens the search box,
// then the query is pasted (filled, then a key press: mdBook searches on
// keyup) or typed (mdBook searches on each keyup and shows the last one's
// results, so the box gets all but the last character at once and the last
// as a key press; pressing every key gave the same results).
async function searchByKeyboard(page, term, how) {
  const bar = page.locator('#searchbar');
  if (!(await bar.isVisible())) {
    await page.keyboard.press('s'); // the shortcut the start page tells readers about
    await bar.waitFor({ state: 'visible' });
  }
  if (how === 'paste') {
    await bar.fill(term);
    await bar.press('End');
  } else {
    await bar.fill(term.slice(0, -1));
    await bar.pressSequentially(term.slice(-1));
  }
  // The header names the term searched: "N search results for 'term':", as
  // the search box holds it (an <input> drops a pasted message's line breaks).
  await page.waitForFunction(() => {
    const held = document.getElementById('searchbar').value.trim();
    return document.getElementById('searchresults-header').textContent.includes(`for '${held}'`);
  }, null, { timeout: 10000 });
  return shownResults(page);
}

const shownResults = (page) => page.$$eval('#searchresults > li a', (as) => as.map((a) => ({
  href: a.href, text: a.textContent.trim(),
  // theme/message-search.js marks the results it moved first.
  promoted: a.parentElement.querySelector('.guide-explains') !== null,
})));

// The same search in one step inside the page: the query inserted into the
// search box and the keyup that mdBook's search and
// theme/message-search.js answer, then the results once message-search.js's
// observer has reordered them. The keyboard's five steps per search made
// this check take minutes.
async function searchInPage(page, term) {
  const answered = await page.evaluate(async (t) => {
    const bar = document.getElementById('searchbar');
    // As a paste (and Playwright's fill) puts it in: an <input> then holds
    // each line break as a space, where setting its value would drop them.
    bar.focus();
    bar.select();
    document.execCommand('insertText', false, t);
    bar.dispatchEvent(new KeyboardEvent('keyup', { key: 'End', bubbles: true }));
    await new Promise((resolve) => setTimeout(resolve, 0)); // the observer's turn
    return document.getElementById('searchresults-header').textContent.includes(`for '${bar.value.trim()}'`);
  }, term);
  if (!answered) throw new Error(`the search for "${term.slice(0, 60)}" showed no results header for it`);
  return shownResults(page);
}

// mdBook's search as the page makes it, in Node: the built book's own
// elasticlunr.min.js and searchindex.js (index, options, the 30-result
// limit), and its theme/message-search.js choosing the pages to put first
// for the message index the pages carry (`messages`, window.guideMessages
// as a page holds it). mdBook's keyup handler also writes a teaser of each
// result, which took 65 to 830 ms a search in the page against 4 to 25 ms
// for the ranking; the ranking and the reordering are what these checks
// read, and searchResults compares them with the page on a sample.
function searchInNode(messages, base) {
  const context = vm.createContext({ window: { search: {}, guideMessages: messages }, document: { getElementById: () => null } });
  for (const file of ['elasticlunr.min.js', 'searchindex.js', 'theme/message-search.js']) {
    vm.runInContext(fs.readFileSync(path.join(BOOK, file), 'utf8'), context, { filename: file });
  }
  const { search, guideExplainingPages } = context.window;
  const { elasticlunr } = context;
  const index = elasticlunr.Index.load(search.index);
  const pipeline = elasticlunr.Pipeline.load(['trimmer', 'stopWordFilter', 'stemmer']);
  // The words mdBook's search (elasticlunr) keeps from a query: two queries with
  // the same words get the same results, so neither can rank its own page first.
  const words = (text) => pipeline.run(elasticlunr.tokenizer(text)).join(' ');
  const rank = (term) => {
    // The search box holds a pasted line break as a space; mdBook searches
    // for what it holds, trimmed (searcher.js's searchbarKeyUpHandler).
    const held = term.replace(/\r\n|\r|\n/g, ' ');
    const items = index.search(held.trim(), search.search_options).slice(0, search.results_options.limit_results)
      .map((r) => ({ href: new URL(search.doc_urls[r.ref], base).href, text: r.doc.breadcrumbs, promoted: false }));
    // message-search.js's promote(): each page to put first, last first,
    // moves its first result to the top (or adds one), linked to the page.
    for (const p of [...guideExplainingPages(held)].reverse()) {
      const name = path.posix.basename(p.path);
      let item = items.find((i) => pageOf(i.href) === name);
      if (item) items.splice(items.indexOf(item), 1);
      else item = { text: p.title };
      Object.assign(item, { href: new URL(p.path, base).href, promoted: true, inNode: true });
      items.unshift(item);
    }
    return items;
  };
  return { rank, words };
}

// Every search: ranked in Node (searchInNode). The first search of each
// kind (pasted on one line, pasted with line breaks, typed) is also made
// through the keyboard, and every SAMPLE-th of the others inside the page;
// the page must show what Node ranked, the same pages in the same order,
// promoted alike. So each run checks the reader's way in, and the Node
// ranking against the page on about 20 searches of every kind.
const SAMPLE = 15;
const searchedByKeyboard = new Set();
let searches = 0;
let inNode = null; // searchInNode's rank and words, once the search check has the messages
async function searchResults(page, term, how) {
  searches++;
  const ranked = inNode.rank(term);
  const kind = `${how === 'paste' ? 'pasted' : 'typed'}${term.includes('\n') ? ', with line breaks' : ''}`;
  const byKeyboard = !searchedByKeyboard.has(kind);
  if (byKeyboard || searches % SAMPLE === 0) {
    // mdBook does not search again for the term it searched last (and the
    // keyboard's `s` opens the search box the first time).
    await searchByKeyboard(page, 'guide check reset', 'paste');
    searchedByKeyboard.add(kind);
    const shown = byKeyboard ? await searchByKeyboard(page, term, how) : await searchInPage(page, term);
    const by = byKeyboard ? 'through the keyboard' : 'in the page';
    const pages = (rs) => rs.map((r) => `${pageOf(r.href)}${r.promoted ? ' (promoted)' : ''}`).join(', ');
    const short = term.length > 60 ? `${term.slice(0, 57).replace(/\s+/g, ' ')}...` : term;
    check(pages(shown) === pages(ranked), `search (${kind}): Node's ranking is what a search ${by} shows: "${short}"`,
      `${by}: ${pages(shown)}\nin Node: ${pages(ranked)}`);
    return shown;
  }
  return ranked;
}

async function checkSearch(browser, recorder, base, pages) {
  // Each page's <h1> (the title its search must find), from the pages
  // group's loads when it ran.
  const loaded = await loadBook(browser, recorder.origin, base, pages);
  // Chapters book.toml keeps out of the search index, as .html paths.
  const unsearchable = Object.entries(readToml('book.toml').output?.html?.search?.chapter ?? {})
    .filter(([, c]) => c.enable === false).map(([md]) => htmlOf(md));
  const { context, page } = await newTab(browser, recorder);
  const raw = await rawMessages(page, base);
  const messages = raw.map(asChecked);
  inNode = searchInNode(raw, base);
  check(messages.length > 0, `search: the pages carry the message index (${messages.length} messages)`,
    'start-here.html has no window.guideMessages (ci/guide-md writes it into every chapter)');
  // The index page shows each message of the manifest in a text block of its
  // own, and no other text block.
  await page.goto(`${base}messages.html`);
  const shown = (await page.$$eval('pre code.language-text', (els) => els.map((e) => e.textContent))).map((t) => t.trim());
  const texts = MANIFEST.messages.map((m) => m.text.trim());
  const missing = texts.filter((t) => !shown.includes(t));
  const extra = shown.filter((t) => !texts.includes(t));
  check(missing.length === 0 && extra.length === 0,
    `index: messages.html shows the ${texts.length} messages of book/manifest.json, each in a text block, and nothing else`,
    `missing: ${JSON.stringify(missing)}\nnot in the manifest: ${JSON.stringify(extra)}`);
  const { errors, foreign } = await recorder.during('search', async () => {
    await page.goto(`${base}start-here.html`);
    const queries = messages.map((m) => [
      { label: 'whole message, pasted', term: m.text, how: 'paste' },
      ...(m.text.length > PREFIX_LENGTH
        // Typed with a space for each line break: Enter would open the first result.
        ? [{ label: `first ${PREFIX_LENGTH} characters, typed`, term: m.text.replace(/\s+/g, ' ').slice(0, PREFIX_LENGTH), how: 'type' }] : []),
    ]);
    for (const qs of queries) for (const q of qs) q.words = inNode.words(q.term);
    for (const [i, m] of messages.entries()) {
      const short = m.text.length > 80 ? `${m.text.slice(0, 77)}...` : m.text;
      // The book build refuses a message no page explains (ci/guide-md/src/main.rs).
      for (const q of queries[i]) {
        // Pages explaining another message that searches the same are accepted too.
        const twins = messages.filter((o, j) => j !== i && queries[j].some((oq) => oq.how === q.how && oq.words === q.words));
        const accepted = new Set([...m.explained, ...twins.flatMap((o) => o.explained)]);
        const results = await searchResults(page, q.term, q.how);
        const note = twins.length && !m.explained.includes(firstPage(results))
          ? ` (searches the same as "${twins.map((o) => o.text).join('", "')}")` : '';
        checkFirst(results, accepted, `search (${q.label}): "${short}" -> ${firstPage(results)}${note}`);
      }
    }
    // The later searches' errors and outside requests count too, each
    // labelled with the searches that caused it.
    recorder.label = 'search titles';
    // Each chapter's title finds that chapter first (chapters kept out of the
    // search index by book.toml are skipped).
    for (const name of pages) {
      if (unsearchable.includes(name)) continue;
      const results = await searchResults(page, loaded[name].title, 'paste');
      check(firstPage(results) === name, `search (title): "${loaded[name].title}" -> ${firstPage(results)}`,
        rankReport(results, new Set([name])));
    }
    recorder.label = 'search panic lines';
    await checkPastedPanicLines(page, messages);
    recorder.label = 'search panic paths';
    await checkPanicPaths(page, messages);
  });
  check(errors.length === 0 && foreign.length === 0, 'search: no console errors or outside requests',
    [...errors, ...foreign].join('\n'));
  await context.close();
}

// Where the pages a search should find first ranked, for a failure.
function rankReport(results, accepted) {
  const rank = results.findIndex((r) => accepted.has(pageOf(r.href)));
  return `expected first: ${[...accepted].join(' or ')}; `
    + (rank < 0 ? `not among the ${results.length} results` : `ranked ${rank + 1} of ${results.length}`)
    + `\ntop results: ${results.slice(0, 4).map((r) => `${pageOf(r.href)} "${r.text.slice(0, 60)}"`).join('; ')}`;
}

// ------------------------------------------------- a whole panic line, pasted

// Readers paste the whole line Rust prints, location first, from their own
// program on their own Wasmtime release. A location is a file of the message
// index (`CRATE/PATH` in cargo's registry, or `own`: a panic in an example is
// in the reader's src/main.rs) as a reader's machine prints it: Cargo's
// registry under a home directory, and the crate at a release no pin is
// (1.2.3), so that the path matches nothing the book quotes. A message no
// capture panics with gets a typical location inside Wasmtime.
const PANIC_LINE_START = "thread 'main' (12345) panicked at";

// The file on each system.
const readersPaths = (file) => {
  const registry = file.match(/^([\w-]+?)\/(.+)$/);
  if (file === 'own' || !registry) return { linux: 'src/main.rs', macos: 'src/main.rs', windows: 'src\\main.rs' };
  const [, crate, rest] = registry;
  const tail = `.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/${crate}-1.2.3/${rest}`;
  return { linux: `/home/reader/${tail}`, macos: `/Users/reader/${tail}`, windows: `C:\\Users\\reader\\${tail.replaceAll('/', '\\')}` };
};

// A captured location (the manifest's: `$CARGO_REGISTRY/CRATE-X.Y.Z/PATH:L:C`
// or `examples/NAME.rs:L:C`) as a Linux reader's terminal prints it.
const readersLocation = (location) => {
  const registry = location.match(/^\$CARGO_REGISTRY\/([\w-]+?)-\d+\.\d+\.\d+\/(.+):(\d+:\d+)$/);
  if (registry) return `${readersPaths(`${registry[1]}/${registry[2]}`).linux}:${registry[3]}`;
  const own = location.match(/^examples\/\w+\.rs:(\d+:\d+)$/);
  return own ? `${readersPaths('own').linux}:${own[1]}` : location;
};
const TYPICAL_LOCATION = `${readersPaths('wasmtime/src/runtime/func/typed.rs').linux}:158:9`;

// Each captured message, pasted whole after a panic line that names where a
// program of the guide panicked with it (as a Linux, macOS and Windows
// reader's terminal prints the path), finds first a page whose programs
// panicked in that file: the path picks the setup among the pages of a
// message that several setups print (theme/message-search.js).
async function checkPanicPaths(page, messages) {
  let pasted = 0;
  for (const m of messages) {
    const files = [...new Set(m.files.flatMap((p) => p.files))];
    for (const file of files) {
      const accepted = new Set(m.files.filter((p) => p.files.includes(file)).map((p) => p.page));
      for (const [system, where] of Object.entries(readersPaths(file))) {
        const term = `thread 'main' panicked at ${where}:12:5:\n${m.text}`;
        const results = await searchResults(page, term, 'paste');
        pasted++;
        checkFirst(results, accepted, `search (panic path, ${system}): ${where} + "${m.text.split('\n')[0].slice(0, 50)}" -> ${firstPage(results)}`);
      }
    }
  }
  check(pasted > 0, `search (panic path): ${pasted} pasted panic lines with a captured file`, 'no message has a panic file');
}

// Each message of the index, pasted as a whole panic line, finds a page the
// index says explains it first.
async function checkPastedPanicLines(page, messages) {
  // Where each message panicked in its newest capture, if it is a panic.
  const captured = new Map(MANIFEST.messages.map((m) => [m.text.trim(), m.location]));
  const lines = messages.map((m) => {
    const location = captured.get(m.text);
    const term = `${PANIC_LINE_START} ${location ? readersLocation(location) : TYPICAL_LOCATION}: ${m.text.split('\n')[0].trim()}`;
    return { term, words: inNode.words(term), from: location ? 'captured' : 'typical' };
  });
  for (const [i, m] of messages.entries()) {
    // As above, a message whose line searches the same may find its own page.
    const twins = messages.filter((o, j) => j !== i && lines[j].words === lines[i].words);
    const accepted = new Set([m, ...twins].flatMap((o) => o.explained));
    const results = await searchResults(page, lines[i].term, 'paste');
    const short = lines[i].term.length > 110 ? `...${lines[i].term.slice(-107)}` : lines[i].term;
    checkFirst(results, accepted,
      `search (whole panic line, ${lines[i].from} location, pasted): "${short}" -> ${firstPage(results)}`, `\npasted: ${lines[i].term}`);
  }
}

// --------------------------------------------------------------------- copy

// Every block presented as a complete program (`fn main` is in what the
// reader sees; an excerpt whose `fn main` is hidden copies as an excerpt):
// the copy button copies exactly the visible program, and that is the whole
// program the tests compiled and ran on the versions its label names (no
// hidden lines, which the copy leaves out), using no crate the reader's
// Cargo.toml lacks. The tests build with [dev-dependencies] too, and none of
// those adds a feature to a crate of [dependencies] (ci/test checks that
// with cargo), so such a copy compiles in the reader's crate as it did in
// the tests.
async function checkCopy(browser, recorder, base, pages) {
  const { context, page } = await newTab(browser, recorder, { permissions: ['clipboard-read', 'clipboard-write'] });
  // The crates of Cargo.toml's [dev-dependencies], as a program names them:
  // the tests compile every program with them, and a reader's crate, with only
  // the [dependencies] the start page shows, has none of them.
  const devOnly = Object.keys(readToml('Cargo.toml')['dev-dependencies'] ?? {}).map((name) => name.replaceAll('-', '_'));
  let programs = 0;
  let excerpts = 0;
  let notCompiling = 0;
  // A complete program: one that compiles, with `fn main` in what the reader sees.
  const isProgram = (block) => block.compiles && /\bfn main\s*\(/.test(block.visible);
  for (const name of pages) {
    const { errors } = await recorder.during(`copy ${name}`, async () => {
      await page.goto(`${base}${name}`);
      const blocks = page.locator('main pre:has(> code.language-rust)');
      // Every block read in one round trip; only complete programs are clicked.
      const read = await blocks.evaluateAll((pres) => pres.map((el) => {
        const code = el.querySelector('code');
        // A folded program's text is what the reader sees once it is
        // unfolded (a closed <details> has no innerText).
        const fold = el.closest('details');
        const folded = fold && !fold.open;
        if (folded) fold.open = true;
        const visible = code.innerText;
        if (folded) fold.open = false;
        const bare = code.cloneNode(true);
        bare.querySelectorAll('.boring').forEach((b) => b.remove());
        const labelEl = el.previousElementSibling?.classList.contains('wt-versions') ? el.previousElementSibling : null;
        return {
          // mdBook keeps a block's hidden lines in `.boring` spans: the
          // whole text is the program the tests ran.
          visible, withoutHidden: bare.textContent, whole: code.textContent,
          label: labelEl?.textContent ?? null,
          // `<p class="wt-versions wt-mistake" ... data-compiles="no">Does
          // not compile: ...`: a program in examples/does_not_compile/
          // (tests/guide/captures.rs checks that the compiler refuses it).
          compiles: labelEl?.dataset.compiles !== 'no',
        };
      }));
      notCompiling += read.filter((b) => !b.compiles).length;
      excerpts += read.filter((b) => b.compiles && !isProgram(b)).length;
      let n = 0;
      for (const [i, block] of read.entries()) {
        if (!isProgram(block)) continue;
        programs++;
        const pre = blocks.nth(i);
        const what = `copy: ${name} program ${++n}`;
        await page.evaluate(() => navigator.clipboard.writeText('(nothing copied)'));
        // A folded whole program (ci/guide-md folds them below `## Reproduce`):
        // open it by its summary, as a reader does, or the button is hidden.
        const fold = pre.locator('xpath=ancestor::details[1]');
        if (await fold.count() > 0 && !(await fold.evaluate((d) => d.open))) await fold.locator('> summary').click();
        await pre.hover();
        await pre.locator('button.clip-button').click();
        const copied = await page.evaluate(() => navigator.clipboard.readText());
        const same = (a, b) => a.replace(/\s+$/, '') === b.replace(/\s+$/, '');
        check(same(copied, block.visible) && same(copied, block.withoutHidden),
          `${what}: the copy button copies the visible program (${copied.split('\n').length} lines)`,
          `copied text differs from the ${same(copied, block.visible) ? 'program minus its hidden lines' : 'visible text'}:\n`
          + firstDifference(copied, same(copied, block.visible) ? block.withoutHidden : block.visible));
        check(same(copied, block.whole),
          `${what}: the copy is the whole program the tests ran (${block.label ?? 'no label'})`,
          `the block has hidden lines, which the copy leaves out: show them, or hide \`fn main\` too (an excerpt)\n${firstDifference(copied, block.whole)}`);
        const uses = devOnly.filter((c) => new RegExp(`\\b${c}::`).test(copied));
        check(uses.length === 0, `${what}: uses only crates of the start page's [dependencies]`,
          `uses ${uses.join(', ')}, which only the tests' [dev-dependencies] have`);
      }
    });
    check(errors.length === 0, `copy: ${name}: no console errors while copying`, errors.join('\n'));
  }
  await context.close();
  console.log(`..... copy: ${programs} complete programs copied, ${excerpts} excerpts (no visible fn main) and `
    + `${notCompiling} programs labeled as not compiling skipped`);
}

function firstDifference(a, b) {
  const al = a.split('\n');
  const bl = b.split('\n');
  const i = [...Array(Math.max(al.length, bl.length)).keys()].find((j) => al[j] !== bl[j]);
  return i === undefined ? '(only trailing whitespace)' : `line ${i + 1}: copied ${JSON.stringify(al[i])}, expected ${JSON.stringify(bl[i])}`;
}

// ------------------------------------------------------------ clean pages

// Loads each page, in TABS tabs at once (a page's load waits for 500 ms
// without requests, see loadPage, so one tab would spend most of its time
// idle); each tab has a recorder of its own, so that what a page logs is
// its own. Returns each page's links, ids and what its load caused.
const TABS = 4;
async function loadPages(browser, origin, base, names) {
  const loaded = {};
  const queue = [...names];
  await Promise.all([...Array(TABS).keys()].map(async () => {
    const recorder = new Recorder(origin);
    const { context, page } = await newTab(browser, recorder);
    for (let name = queue.shift(); name; name = queue.shift()) {
      // A page that does not load (a timeout) fails its own checks; the others are still checked.
      loaded[name] = await loadPage(page, recorder, base, name).catch((e) => ({
        status: null, title: '', next: null, prev: null, sidebar: [], repo: null, edit: null, print: null, ids: [], fragments: [], tables: [],
        errors: [`${name}: did not load: ${e.message.split('\n')[0]}`], foreign: [],
      }));
    }
    await context.close();
  }));
  return loaded;
}

// The book's pages, loaded once a run: the pages group checks them, and the
// chapter titles are read from them.
let bookLoaded;
const loadBook = (browser, origin, base, pages) => (bookLoaded ??= loadPages(browser, origin, base, pages));

async function loadPage(page, recorder, base, name) {
  let links;
  const { errors, foreign } = await recorder.during(name, async () => {
    // 'networkidle': until 500 ms pass without a request, so that a
    // request the page makes after its load event is this page's. The
    // later visits (themes, the fix near the top) wait for the load event
    // only: in a whole run this walk has seen every page's late requests
    // (`check.mjs screenshots` alone does not look for them).
    const res = await page.goto(`${base}${name}`, { waitUntil: 'networkidle' });
    links = { ...await page.evaluate(() => ({
      title: document.querySelector('main h1')?.textContent.trim() ?? '',
      next: document.querySelector('a.nav-chapters[rel~="next"]')?.href ?? null,
      prev: document.querySelector('a.nav-chapters[rel~="prev"]')?.href ?? null,
      sidebar: [...document.querySelectorAll('#sidebar a[href]')].map((a) => a.href),
      repo: document.querySelector('#git-repository-button')?.parentElement.href ?? null,
      edit: document.querySelector('#git-edit-button')?.parentElement.href ?? null,
      print: document.querySelector('#print-button')?.parentElement.href ?? null,
      ids: [...document.querySelectorAll('[id]')].map((e) => e.id),
      fragments: [...document.querySelectorAll('main a[href*="#"]')].map((a) => a.href),
    })), status: res.status(), tables: await page.evaluate(tableSizes) };
  });
  return { ...links, errors, foreign };
}

async function checkPages(browser, recorder, base, pages) {
  const origin = recorder.origin;
  const rel = (href) => (href ? new URL(href).pathname.slice(new URL(base).pathname.length) : null);
  const linksOf = await loadBook(browser, origin, base, pages);

  // Each page loads cleanly and has its repository, edit and print links.
  for (const name of pages) {
    const links = linksOf[name];
    check(links.status === 200 && links.errors.length === 0 && links.foreign.length === 0 && links.title,
      `page: ${name} loads cleanly ("${links.title}")`,
      [`HTTP ${links.status}`, ...links.errors, ...links.foreign.map((f) => `request outside the local server: ${f}`),
        links.title ? '' : 'no <h1> in <main>'].filter(Boolean).join('\n'));
    const editPath = links.edit?.match(/\/edit\/[^/]+\/(.+)$/)?.[1];
    check(links.repo && links.edit && editPath && fs.existsSync(path.join(ROOT, editPath)) && links.print,
      `page: ${name}: repository, edit (${editPath ?? 'none'}) and print links`,
      `repository: ${links.repo}; edit: ${links.edit}${editPath ? ` (no file ${editPath} in the repository)` : ''}; print: ${links.print}`);
  }
  const sidebar = [...new Set(linksOf[pages[0]].sidebar.filter((h) => h.startsWith(origin)).map(rel))];
  const missing = pages.filter((p) => !sidebar.includes(p));
  const extra = sidebar.filter((p) => !pages.includes(p));
  check(missing.length === 0 && extra.length === 0, `sidebar: links every page of SUMMARY.md (${sidebar.length})`,
    `missing: ${missing.join(', ') || '-'}; not in SUMMARY.md: ${extra.join(', ') || '-'}`);

  // The book read by its "next" links from the first page: every page, in
  // SUMMARY.md order (a link to a page outside it ends the walk there).
  const walked = [];
  for (let next = pages[0]; next && walked.length <= pages.length; next = rel(linksOf[next]?.next)) {
    walked.push(next); // a page not loaded has no next link: the walk ends there
  }
  check(JSON.stringify(walked) === JSON.stringify(pages), `next links: chain through all ${pages.length} pages in SUMMARY.md order`,
    `walked: ${walked.join(' -> ')}\nSUMMARY: ${pages.join(' -> ')}`);
  // Every link in a page's text to a #fragment of the book finds its id:
  // mdbook-linkcheck checks the pages, not the fragments.
  // (rel reads only a link's path, without its query and fragment.)
  const fragmentLinks = pages.flatMap((name) => linksOf[name].fragments.filter((h) => h.startsWith(origin))
    .map((href) => ({ from: name, target: rel(href), hash: new URL(href).hash.slice(1) })));
  const broken = fragmentLinks.filter(({ target, hash }) => !(linksOf[target]?.ids ?? []).includes(decodeURIComponent(hash)));
  check(fragmentLinks.length > 0 && broken.length === 0,
    `fragments: each of the ${fragmentLinks.length} links to a #fragment finds its id on the target page`,
    broken.map(({ from, target, hash }) => `${from}: ${target}#${hash} has no such id`).join('\n'));
  const badPrev = pages.filter((p, i) => rel(linksOf[p].prev) !== (i === 0 ? null : pages[i - 1]));
  check(badPrev.length === 0, 'previous links: each page points back to the one before it',
    badPrev.map((p) => `${p}: previous is ${rel(linksOf[p].prev)}`).join('\n'));

  const { context, page } = await newTab(browser, recorder);
  // The 404 page, directly and for a missing URL below a subdirectory (its
  // <base href> from site-url must still find the styles and scripts).
  for (const url of ['404.html', 'no-such-page.html', 'no/such/dir/page.html']) {
    let info;
    recorder.expect404 = true;
    const { errors, foreign } = await recorder.during(`404 ${url}`, async () => {
      const res = await page.goto(`${base}${url}`, { waitUntil: 'networkidle' });
      info = { ...await page.evaluate(() => ({
        h1: document.querySelector('main h1')?.textContent.trim() ?? '',
        sheets: [...document.styleSheets].filter((s) => { try { return s.cssRules.length > 0; } catch { return false; } }).length,
        home: document.querySelector('main a')?.href ?? null,
      })), status: res.status() };
    });
    recorder.expect404 = false;
    // Chromium logs the missing page's own 404 as a console error; only that
    // one is expected (every error starts with the label, which names the URL).
    const localErrors = errors.filter((e) => !e.endsWith(`status of 404 (Not Found) (${base}${url})`));
    const homeStatus = info.home?.startsWith(origin) ? (await context.request.get(info.home)).status() : null;
    check(/404/.test(info.h1) && info.sheets >= 3 && localErrors.length === 0 && foreign.length === 0 && homeStatus === 200,
      `404: ${url} shows the 404 page (HTTP ${info.status}, styled, link home works)`,
      [`h1 "${info.h1}", ${info.sheets} stylesheets, home link ${info.home} -> ${homeStatus}`, ...localErrors, ...foreign].join('\n'));
  }

  // The print page: every chapter, print() called, no broken in-page links.
  const printPage = await context.newPage();
  await printPage.addInitScript(() => {
    window.print = () => { window.printCalled = true; };
  });
  let info;
  const { errors, foreign } = await recorder.during('print.html', async () => {
    await printPage.goto(`${base}print.html`, { waitUntil: 'networkidle' });
    await printPage.waitForFunction(() => window.printCalled === true, null, { timeout: 5000 }).catch(() => {});
    info = await printPage.evaluate(() => ({
      printed: window.printCalled === true,
      h1: [...document.querySelectorAll('main h1')].map((h) => h.textContent.trim()),
      broken: [...document.querySelectorAll('main a[href^="#"]')]
        .map((a) => decodeURIComponent(a.getAttribute('href').slice(1)))
        .filter((id) => id && !document.getElementById(id)),
    }));
  });
  await printPage.close();
  const missingChapters = pages.map((name) => linksOf[name].title).filter((t) => !info.h1.includes(t));
  check(info.printed && missingChapters.length === 0 && info.broken.length === 0 && errors.length === 0 && foreign.length === 0,
    `print: print.html has all ${pages.length} chapters, calls print(), no broken #links`,
    [info.printed ? '' : 'window.print() was not called',
      missingChapters.length ? `chapters missing: ${missingChapters.join('; ')}` : '',
      info.broken.length ? `links to missing anchors: ${[...new Set(info.broken)].join(', ')}` : '',
      ...errors, ...foreign].filter(Boolean).join('\n'));
  await context.close();
}

// ------------------------------------------------------------- screenshots

function luminance(rgb) {
  const [r, g, b] = rgb.map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a, b) {
  const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (l1 + 0.05) / (l2 + 0.05);
}

async function checkScreenshots(browser, recorder, base) {
  for (const theme of THEMES) {
    const { context, page } = await newTab(browser, recorder, { theme });
    const { errors, foreign } = await recorder.during(`theme ${theme}`, async () => {
      for (const name of SCREENSHOT_PAGES) {
        await page.goto(`${base}${name}`);
        await page.evaluate(() => document.fonts.ready);
        const applied = await page.evaluate(() => document.documentElement.className);
        if (!applied.split(/\s+/).includes(theme)) fail(`theme: ${theme} applied on ${name}`, `<html class="${applied}">`);
        // The version labels must be readable on this theme's background.
        const labels = await page.$$eval('.wt-versions', (els) => els.map((el) => {
          const rgb = (c) => (c.match(/[\d.]+/g) || []).slice(0, 4).map(Number);
          let bg = null;
          for (let e = el; e && !bg; e = e.parentElement) {
            const c = rgb(getComputedStyle(e).backgroundColor);
            if (c.length === 3 || (c.length === 4 && c[3] > 0)) bg = c.slice(0, 3);
          }
          return { text: el.textContent.trim(), fg: rgb(getComputedStyle(el).color).slice(0, 3), bg: bg ?? [255, 255, 255] };
        }));
        if (labels.length) {
          const worst = labels.map((l) => ({ ...l, ratio: contrast(l.fg, l.bg) })).sort((a, b) => a.ratio - b.ratio)[0];
          check(worst.ratio >= MIN_CONTRAST,
            `theme ${theme}: ${name}: ${labels.length} version labels readable (contrast ${worst.ratio.toFixed(1)}:1)`,
            `"${worst.text}" is rgb(${worst.fg}) on rgb(${worst.bg}): ${worst.ratio.toFixed(2)}:1, below ${MIN_CONTRAST}:1`);
        }
        if (SCREENSHOT_THEMES.includes(theme)) {
          // The first screenful, as a reader lands on it, and the whole page.
          const stem = path.join(SCREENSHOTS, `${name.replace(/\.html$/, '')}-${theme}`);
          await page.screenshot({ path: `${stem}.png` });
          await page.screenshot({ path: `${stem}-full.png`, fullPage: true });
          console.log(`..... screenshot: ${path.relative(ROOT, stem)}.png and -full.png`);
        }
      }
    });
    check(errors.length === 0 && foreign.length === 0, `theme ${theme}: no console errors or outside requests`,
      [...errors, ...foreign].join('\n'));
    await context.close();
  }
}

// ------------------------------------------------------ the fix, near the top

// A symptom page answers first: its first fix block shows within this many
// pixels of the page's top, at a laptop's window size.
const FIX_WITHIN = 1200;
const LAPTOP = { width: 1280, height: 800 };

// The pages under SUMMARY.md's "# Symptoms" (the manifest's `part`), less
// the ones that only route a message to those pages (the manifest's
// `routing`, ci/guide-md/src/manifest.rs).
const SYMPTOM_PAGES = MANIFEST.chapters.filter((c) => c.part === 'Symptoms' && !c.routing).map((c) => htmlOf(c.path));

// The top edge, in px from the document's top, of the first code block after
// the first heading that starts with "Fix" (`## Fix`, or `### Fix` on a page
// of several cases), once the page's fonts are in.
const fixBlockTop = (page) => page.evaluate(async () => {
  await document.fonts.ready;
  window.scrollTo(0, 0);
  const heading = [...document.querySelectorAll('main h2, main h3')].find((h) => h.textContent.trim().startsWith('Fix'));
  const block = heading && [...document.querySelectorAll('main pre')]
    .find((pre) => heading.compareDocumentPosition(pre) & Node.DOCUMENT_POSITION_FOLLOWING);
  return block ? Math.round(block.getBoundingClientRect().top + window.scrollY) : null;
});

async function checkFixNearTop(browser, recorder, base) {
  check(SYMPTOM_PAGES.length > 0, `fix near the top: book/manifest.json lists symptom pages (${SYMPTOM_PAGES.length})`, 'no chapter in the part "Symptoms"');
  const { context, page } = await newTab(browser, recorder, { viewport: LAPTOP });
  for (const name of SYMPTOM_PAGES) {
    await recorder.during(`fix near the top ${name}`, async () => {
      await page.goto(`${base}${name}`);
      const top = await fixBlockTop(page);
      // What a reader sees of the page before scrolling past FIX_WITHIN px.
      const shot = path.join(SCREENSHOTS, `${name.replace(/\.html$/, '')}-top-${FIX_WITHIN}px.png`);
      await page.screenshot({ path: shot, fullPage: true, clip: { x: 0, y: 0, ...LAPTOP, height: FIX_WITHIN } });
      check(top !== null && top < FIX_WITHIN,
        `fix near the top: ${name}: first fix block at ${top ?? '-'} px, must be < ${FIX_WITHIN} (${path.relative(ROOT, shot)})`,
        top === null ? 'no code block after a heading starting with "Fix"'
          : `the first code block after "Fix" starts at ${top} px, ${top - FIX_WITHIN} px below the first`
            + ` ${FIX_WITHIN} px of the page at ${LAPTOP.width}x${LAPTOP.height}`);
    });
  }
  await context.close();
}

// ------------------------------------------------------- tables fit the page

const PHONE = { width: 390, height: 844 };

// Each table in <main>: its first heading, its width and its column's.
const tableSizes = () => [...document.querySelectorAll('main table')]
  .map((t) => ({ head: t.querySelector('th')?.textContent.trim(), width: t.scrollWidth, column: t.parentElement.clientWidth }));

// Every table of every page fits its column, on a laptop (mdBook's 750 px
// content column) and on a phone, without a horizontal scroll bar: a reader
// who cannot see the last column ("Explained in") cannot follow it.
async function checkTablesFit(browser, recorder, base, pages) {
  for (const viewport of [LAPTOP, PHONE]) {
    // The pages group's loads are at the laptop's width (newTab's
    // default viewport, 100 px taller, which a table's width ignores).
    const loaded = viewport === LAPTOP ? await loadBook(browser, recorder.origin, base, pages) : {};
    if (viewport === PHONE) {
      const { context, page } = await newTab(browser, recorder, { viewport });
      for (const name of pages) {
        await recorder.during(`tables fit ${name}`, async () => {
          await page.goto(`${base}${name}`);
          loaded[name] = { tables: await page.evaluate(tableSizes) };
        });
      }
      await context.close();
    }
    const tables = pages.flatMap((name) => loaded[name].tables);
    const wide = pages.flatMap((name) => loaded[name].tables.filter((t) => t.width > t.column)
      .map((t) => `${name}: table "${t.head}" is ${t.width} px in a ${t.column} px column`));
    check(tables.length > 0 && wide.length === 0,
      `tables fit: all ${tables.length} tables of ${pages.length} pages fit their column at ${viewport.width} px`, wide.join('\n') || 'no tables found');
  }
}

// ---------------------------------------------- reading: what a reader pays

// For each symptom page, at a laptop's window: its height, the pixels and
// words above its first fix block (as the fix check finds it), and the rank
// of the page among the search results for each message it explains, pasted
// whole. Prints a Markdown table; the numbers are reported, not judged.
async function measureReading(browser, recorder, base) {
  const { context, page } = await newTab(browser, recorder, { viewport: LAPTOP });
  const messages = (await rawMessages(page, base)).map(asChecked);
  const rows = [];
  for (const name of SYMPTOM_PAGES) {
    await page.goto(`${base}${name}`);
    const top = await fixBlockTop(page);
    const { height, words } = await page.evaluate((fixTop) => {
      const main = document.querySelector('main');
      // The words of the text nodes that start above the fix block.
      let count = 0;
      const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const range = document.createRange();
        range.selectNodeContents(n);
        const box = range.getBoundingClientRect();
        if (box.height > 0 && box.top + window.scrollY < fixTop) count += n.textContent.split(/\s+/).filter(Boolean).length;
      }
      return { height: document.documentElement.scrollHeight, words: count };
    }, top ?? Infinity);
    const ranks = [];
    for (const m of messages.filter((msg) => msg.explained.includes(name))) {
      const results = await searchByKeyboard(page, m.text, 'paste');
      const rank = results.findIndex((r) => pageOf(r.href) === name);
      ranks.push(rank < 0 ? '-' : rank + 1);
    }
    rows.push(`| ${name} | ${height} | ${top ?? '-'} | ${words} | ${ranks.join(', ') || '(no message)'} |`);
  }
  await context.close();
  console.log(`\n| Symptom page | Height (px) | First fix block at (px) | Words above it | Rank for each message pasted whole |\n| --- | --- | --- | --- | --- |`);
  console.log(rows.join('\n'));
}

// --------------------------------------------------------------------- main

async function main() {
  if (!fs.existsSync(path.join(BOOK, 'index.html'))) throw new Error(`${BOOK} has no index.html: build the book first`);
  // The pages of SUMMARY.md, in order.
  const pages = MANIFEST.chapters.map((c) => htmlOf(c.path));
  // Where the site is published (book.toml's site-url); served under the same
  // path here so that 404.html's <base href> is exercised.
  const site = `/${readToml('book.toml').output?.html?.['site-url'] ?? '/'}/`.replace(/\/+/g, '/');
  const server = await serve(site);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const base = `${origin}${site}`;
  console.log(`..... serving ${path.relative(ROOT, BOOK)} at ${base} (${pages.length} pages in SUMMARY.md)`);
  const recorder = new Recorder(origin);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const browser = await launch();
  // Each group's parts, in order.
  const parts = [
    ['pages', 'pages', checkPages], ['search', 'search', checkSearch],
    ['screenshots', 'themes', checkScreenshots], ['screenshots', 'tables fit', checkTablesFit],
    ['fix', 'fix near the top', checkFixNearTop], ['copy', 'copy', checkCopy], ['reading', 'reading', measureReading],
  ];
  try {
    for (const [, what, run] of parts.filter(([group]) => wanted(group))) {
      const start = Date.now();
      await run(browser, recorder, base, pages);
      // Each part's time, so that a slow run shows where it went.
      console.log(`..... ${what} took ${((Date.now() - start) / 1000).toFixed(1)} s`);
    }
  } finally {
    await browser.close();
    server.close();
  }
}

try {
  await main();
} catch (err) {
  fail('browser checks ran to the end', err.stack || err);
}
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
