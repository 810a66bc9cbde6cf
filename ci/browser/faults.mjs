// The browser checks' own test: plants faults for every kind of check in
// copies of the built book, runs check.mjs on each copy, and requires that
// each fault fails the checks it names and that nothing else fails. A check
// that cannot fail, or one that fails on a healthy page, fails this test.
//   node faults.mjs PATH/TO/check.mjs      (ci/browser-test --faults)
// The first copy lists three chapters only (in its manifest.json), so that a
// run takes a fraction of the whole book's, and so that the sidebar and the
// next and previous links, which still name every page, no longer match it.
// The second copy, the emptied book, empties what three checks guard (the
// checks after them would then find nothing to check), which would hide the
// faults of those checks in the first: it is a book of its own, checked by
// the two groups those checks are in (search and fix), and it carries the
// title searches' fault too, the only searches made there.
// Prints one line per fault and ends with `faults: N passed, M failed`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(process.env.GUIDE_ROOT || path.join(path.dirname(fileURLToPath(import.meta.url)), '../..'));
const CHECK = process.argv[2];
if (!CHECK) throw new Error('usage: node faults.mjs PATH/TO/check.mjs');
const CHAPTERS = ['start-here.md', 'root-cause.md', 'sync-call-on-async-store.md'];
// The manifest of a copy that lists only CHAPTERS, each changed by `edit`.
const listing = (edit = (c) => c) => (t) => {
  const manifest = JSON.parse(t);
  return JSON.stringify({ ...manifest, chapters: manifest.chapters.filter((c) => CHAPTERS.includes(c.path)).map(edit) });
};

// Inside a page's <main>, right after its opening tag.
const inMain = (html) => (text) => text.replace('<main>', `<main>${html}`);
// At the start of the n-th Rust block (from 1) that holds a complete
// program: one whose first line is not hidden and that has a `fn main(` (an
// excerpt hides the program around it, from its first line on).
const inProgram = (n, html) => (text) => {
  let seen = 0;
  return text.replace(/(<code class="language-rust[^"]*">)(?!<span class="boring">)(?=(?:(?!<\/code>)[\s\S])*fn main\s*\()/g,
    (open) => (++seen === n ? `${open}${html}` : open));
};

// Each fault: where it is planted, how, and the checks it must fail (each
// pattern must match at least one failing check's name).
const FAULTS = [
  { what: 'a page logs an error', file: 'root-cause.html',
    plant: inMain("<script>console.error('planted fault')</script>"),
    fails: [/^page: root-cause\.html loads cleanly/, /^copy: root-cause\.html: no console errors while copying/] },
  { what: 'a page has no edit link', file: 'root-cause.html',
    plant: (t) => t.replace('id="git-edit-button"', 'id="planted-fault"'),
    fails: [/^page: root-cause\.html: repository, edit \(none\) and print links/] },
  { what: 'the page searches are made on logs an error', file: 'start-here.html',
    plant: inMain("<script>console.error('planted fault')</script>"),
    fails: [/^search: no console errors or outside requests/, /^theme light: no console errors or outside requests/],
    alsoFails: [/^page: start-here\.html loads cleanly/, /^copy: start-here\.html: no console errors while copying/,
      /^theme \w+: no console errors or outside requests/] },
  { what: 'a link to a #fragment no page has', file: 'start-here.html',
    plant: inMain('<a href="#planted-no-such-id">planted</a>'),
    fails: [/^fragments: each of the \d+ links to a #fragment finds its id/] },
  { what: 'the book lists three of its pages (the sidebar and the links still name all)', file: '../manifest.json',
    plant: listing(),
    fails: [/^sidebar: links every page of SUMMARY\.md/, /^next links: chain through all 3 pages/, /^previous links: each page points back/] },
  { what: 'the 404 page logs an error', file: '404.html',
    plant: inMain("<script>console.error('planted fault')</script>"),
    fails: [/^404: 404\.html shows the 404 page/, /^404: no-such-page\.html/, /^404: no\/such\/dir\/page\.html/] },
  { what: 'the 404 page does not say 404', file: '404.html',
    plant: (t) => t.replace('Document not found (404)', 'Document not found'),
    fails: [/^404: 404\.html shows the 404 page/, /^404: no-such-page\.html/, /^404: no\/such\/dir\/page\.html/] },
  { what: 'the print page does not call print()', file: 'print.html',
    plant: (t) => t.replace('window.setTimeout(window.print, 100);', ''),
    fails: [/^print: print\.html has all 3 chapters, calls print\(\)/] },
  { what: 'the message index page shows a text block no message has', file: 'messages.html',
    plant: inMain('<pre><code class="language-text">planted fault</code></pre>'),
    fails: [/^index: messages\.html shows the \d+ messages/] },
  { what: "the page's search shows its results in reverse (Node ranks them as mdBook does)", file: 'searcher.js',
    plant: (t) => t.replace(/(const results = searchindex\.search\(searchterm, search_options\);)/, '$1 results.reverse();'),
    // The searches the page shows (the first of each kind, then a sample)
    // also find the wrong page first.
    fails: [/^search \(.*\): Node's ranking is what a search (in the page|through the keyboard) shows/],
    alsoFails: [/^search \(/] },
  { what: 'a promoted search result opens its page at a section, not at the top', file: 'theme/message-search.js',
    plant: (t) => t.replace("? path_to_root : '') + page.path;", "? path_to_root : '') + page.path + '#planted';"),
    // Only the searches made in the page see it (the sampled ones).
    fails: [/^search \(.*: opens at the top of /] },
  { what: 'a pasted panic line is not recognised as a message', file: 'theme/message-search.js',
    plant: (t) => t.replace('const q = normal(query);', "const q = normal(query);\n    if (q.includes('panicked at')) return [];"),
    // mdBook's own ranking finds another page first for some of them.
    fails: [/^search \(whole panic line, /, /^search \(panic path, /] },
  { what: "a page that puts the light theme back once it has loaded", file: 'sync-call-on-async-store.html',
    plant: inMain("<script>addEventListener('load', () => { document.documentElement.className = 'light js'; })</script>"),
    fails: [/^theme: navy applied on sync-call-on-async-store\.html/],
    alsoFails: [/^theme: \w+ applied on sync-call-on-async-store\.html/, /^theme \w+: sync-call-on-async-store\.html: \d+ version labels readable/] },
  { what: 'the copy button copies something else than the program', file: 'sync-call-on-async-store.html',
    plant: inMain("<script>document.addEventListener('copy', (e) => { e.clipboardData.setData('text/plain', 'planted'); e.preventDefault(); }, true)</script>"),
    fails: [/^copy: sync-call-on-async-store\.html program \d+: the copy button copies the visible program/],
    alsoFails: [/^copy: sync-call-on-async-store\.html program \d+: the copy is the whole program/] },
  { what: 'a version label too pale to read', file: 'sync-call-on-async-store.html',
    plant: (t) => t.replace('<p class="wt-versions', '<p style="color: #e8e8e8" class="wt-versions'),
    fails: [/^theme light: sync-call-on-async-store\.html: \d+ version labels readable/],
    alsoFails: [/^theme \w+: sync-call-on-async-store\.html: \d+ version labels readable/] },
  { what: "a symptom page's fix below its first 1,200 px", file: 'sync-call-on-async-store.html',
    plant: inMain('<div style="height: 2000px">planted fault</div>'),
    fails: [/^fix near the top: sync-call-on-async-store\.html: first fix block at \d+ px/] },
  { what: 'a table wider than its column', file: 'root-cause.html',
    plant: inMain(`<table><tr><th>planted</th><td style="white-space: nowrap">${'wide '.repeat(200)}</td></tr></table>`),
    fails: [/^tables fit: all \d+ tables of 3 pages fit their column at 1280 px/, /^tables fit: .* at 390 px/] },
  { what: 'a complete program with a hidden line', file: 'root-cause.html',
    plant: inProgram(2, '<span class="boring">// planted hidden line\n</span>'),
    fails: [/^copy: root-cause\.html program 2: the copy is the whole program the tests ran/] },
  { what: 'a complete program naming a crate of [dev-dependencies]', file: 'root-cause.html',
    plant: inProgram(1, '// similar::TextDiff (planted fault)\n'),
    fails: [/^copy: root-cause\.html program 1: uses only crates of the start page's \[dependencies\]/] },
];

// The second copy: what the search's checks and the fix's check run on is
// empty, and the checks that guard them fail. With no message to search
// for, the search group makes only its title searches, so a fault in the
// search index shows there alone.
const EMPTIED = [
  { what: "the search index sends a chapter's first section to another page", file: 'searchindex.js',
    plant: (t) => t.replace('"root-cause.html#root-cause-two-execution-models"', '"start-here.html#root-cause-two-execution-models"'),
    fails: [/^search \(title\): ".*" -> start-here\.html$/] },
  { what: 'the pages carry no message index', file: 'start-here.html',
    plant: (t) => t.replace('window.guideMessages =', 'window.plantedNoMessages ='),
    fails: [/^search: the pages carry the message index/, /^search \(panic path\): 0 pasted panic lines with a captured file/] },
  { what: 'the manifest lists no symptom page', file: '../manifest.json',
    plant: listing((c) => ({ ...c, part: c.part === 'Symptoms' ? 'Planted' : c.part })),
    fails: [/^fix near the top: book\/manifest\.json lists symptom pages/] },
];

let passed = 0;
let failed = 0;
const report = (ok, what, why) => {
  if (ok) passed++; else failed++;
  console.log(ok ? `ok    ${what}` : `FAIL  ${what}\n      ${why.replaceAll('\n', '\n      ')}`);
};

// Plants `faults` in a copy of the built book, runs check.mjs's `groups` on
// it (every group for none), and reports each fault and what else failed.
function brokenBook(name, faults, groups) {
  const source = path.join(ROOT, 'book');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'guide-faults-'));
  try {
    fs.cpSync(path.join(source, 'html'), path.join(work, 'html'), { recursive: true });
    fs.copyFileSync(path.join(source, 'manifest.json'), path.join(work, 'manifest.json'));
    for (const f of faults) {
      const file = path.join(work, 'html', f.file);
      const before = fs.readFileSync(file, 'utf8');
      const after = f.plant(before);
      // The book changed shape under the planted fault: say so, not "passed".
      if (after === before) throw new Error(`could not plant "${f.what}" in ${f.file}: its text is not there any more`);
      fs.writeFileSync(file, after);
    }
    const run = spawnSync(process.execPath, [CHECK, ...groups], {
      env: { ...process.env, GUIDE_ROOT: ROOT, BOOK_HTML: path.join(work, 'html'), SCREENSHOTS: path.join(work, 'screenshots') },
      encoding: 'utf8', maxBuffer: 64 << 20,
    });
    const failing = [...run.stdout.matchAll(/^FAIL {2}(.*)$/gm)].map((m) => m[1]);
    report(run.status === 1 && /^browser: \d+ passed, [1-9]\d* failed$/m.test(run.stdout),
      `check.mjs fails on the ${name} (exit ${run.status}, ${failing.length} checks failed)`,
      `${run.stdout.slice(-2000)}\n${run.stderr.slice(-2000)}`);
    for (const f of faults) {
      const missed = f.fails.filter((re) => !failing.some((n) => re.test(n)));
      report(missed.length === 0, `fault: ${f.what} (${f.file}) fails ${f.fails.length} check${f.fails.length > 1 ? 's' : ''}`,
        `no failing check matches ${missed.join(', ')}`);
    }
    const expected = faults.flatMap((f) => [...f.fails, ...(f.alsoFails ?? [])]);
    const unexpected = failing.filter((n) => !expected.some((re) => re.test(n)));
    report(unexpected.length === 0, `nothing but the planted faults fails in the ${name}`,
      `failing with no fault planted:\n${unexpected.join('\n')}`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

brokenBook('broken book', FAULTS, []);
brokenBook('emptied book', EMPTIED, ['search', 'fix']);
console.log(`faults: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
