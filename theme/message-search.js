// Puts the page that explains a pasted message first in mdBook's search.
//
// mdBook's search (elasticlunr) ranks sections by how often they hold the
// query's words. The messages this book explains share most of their words
// ("async", "support", "config", "store"), and a pasted panic line adds a
// file path that matches nothing, so the explaining page can rank below a
// page that merely mentions the message. Every chapter carries the message
// index as data (window.guideMessages, written by ci/guide-md: each message
// with the pages that explain it, each as a path from the book's root and a
// title, pages that show the message before pages that only quote it). When
// the search box holds one of those messages, whole or as part of a pasted
// panic line or `Error:` line, or starts one that no other message starts,
// this moves the explaining pages' results to the top, adding a result for a
// page the search did not find, and marks them. A promoted result opens its
// page at the top, where the answer is: mdBook's link to the section that
// matched (often `#reproduce` or `#see-also`, far below the fix) and its
// `?highlight=` of the pasted words (which marks single letters all over
// the page) are replaced by the page's own address. A pasted `panicked at
// PATH` decides among the pages of a message that several setups print: the
// page whose programs panicked in that file comes first; without one, the
// message's routing page does (ci/guide-md orders the pages so).
(function () {
  'use strict';
  if (!Array.isArray(window.guideMessages)) return;

  // How a message and a query are compared: case and runs of whitespace
  // (an <input> turns a pasted line break into a space) aside.
  const normal = (text) => text.toLowerCase().replace(/\s+/g, ' ').trim();
  const messages = window.guideMessages.map((m) => ({
    whole: normal(m.text),
    first: normal(m.text.split('\n')[0]),
    pages: m.pages,
  }));
  // A typed start of a message counts once it is this long.
  const MIN_PREFIX = 24;

  // The pages to put first for `query`, best first, or [].
  function explainingPages(query) {
    const q = normal(query);
    // The longest whole message the query holds: several messages of
    // several lines share a first line ("error while executing at wasm
    // backtrace:") and differ in their cause, so the whole text decides
    // first; a pasted line may hold a short message inside a longer one.
    // Its pages, or undefined.
    const longest = (key) =>
      messages.filter((m) => q.includes(m[key])).sort((a, b) => b[key].length - a[key].length)[0]?.pages;
    // What follows "panicked at PATH:LINE:COL:" or "Error:", typed so far:
    // the start of one message, or of several explained by the same pages.
    const typed = q.replace(/^.*panicked at \S+:\d+:\d+: /, '').replace(/^error: /, '');
    const started = typed.length >= MIN_PREFIX ? messages.filter((m) => m.whole.startsWith(typed)) : [];
    const onePages = new Set(started.map((m) => m.pages.map((p) => p.path).join(' '))).size === 1;
    // A whole message held first, then a start typed, then one line of a
    // message of several lines: its first line.
    return longest('whole') ?? (onePages ? started[0].pages : undefined) ?? longest('first') ?? [];
  }

  // `pages` with those whose programs panicked in the pasted file first:
  // a message several setups print is told apart by where it panicked.
  // The file a pasted `panicked at PATH:LINE:COL` names, as the message
  // index records where its programs panicked (ci/guide-md's panic_files):
  // `CRATE/PATH` for a file in cargo's registry, whatever the reader's
  // system (`/home/…`, `/Users/…`, `C:\Users\…`) and the crate's version;
  // `own` for any other file (the reader's own code); without a path,
  // `pages` as they are.
  function byPastedFile(pages, query) {
    const at = query.match(/panicked at (.+?):\d+:\d+/);
    if (!at) return pages;
    const registry = at[1].replaceAll('\\', '/').match(/\/registry\/src\/[^/]+\/([A-Za-z0-9_-]+?)-\d+\.\d+\.\d+[^/]*\/(.+)$/);
    const file = registry ? `${registry[1]}/${registry[2]}` : 'own';
    const here = pages.filter((p) => (p.files ?? []).includes(file));
    return [...here, ...pages.filter((p) => !here.includes(p))];
  }

  // The pages to put first for what the search box holds, best first, or
  // []; ci/browser/check.mjs ranks its searches with this and mdBook's own
  // index, and checks a sample of them against this page's results.
  window.guideExplainingPages = (query) => byPastedFile(explainingPages(query), query);

  const results = document.getElementById('searchresults');
  const bar = document.getElementById('searchbar');
  const header = document.getElementById('searchresults-header');
  if (!results || !bar) return;
  const pageOf = (href) => new URL(href, document.baseURI).pathname.split('/').pop();
  const element = (tag, properties) => Object.assign(document.createElement(tag), properties);

  function promote() {
    const pages = window.guideExplainingPages(bar.value);
    if (pages.length === 0) return;
    // Last page first, so that the first page ends on top.
    for (const page of [...pages].reverse()) {
      let item = [...results.children].find((li) => {
        const a = li.querySelector('a');
        return a && pageOf(a.href) === page.path.split('/').pop();
      });
      if (!item) {
        item = element('li');
        item.append(element('a', { textContent: page.title }));
      }
      const a = item.querySelector('a');
      // The page's top, without mdBook's section anchor and highlight.
      a.href = (typeof path_to_root === 'string' ? path_to_root : '') + page.path; // path_to_root: mdBook's global
      if (!item.querySelector('.guide-explains')) {
        a.after(element('span', { className: 'guide-explains', textContent: 'explains this message' }));
      }
      results.prepend(item);
    }
    if (header) {
      // "N search results for 'term':", as mdBook writes it, counting ours
      // (mdBook's own text again when none was added).
      const n = results.children.length;
      header.textContent = header.textContent.replace(/^(No|\d+) search results? for/, `${n} search result${n === 1 ? '' : 's'} for`)
        .replace(/'\.$/, "':");
    }
  }

  // mdBook replaces the results on each search; reorder after it has.
  const observer = new MutationObserver(() => {
    observer.disconnect();
    try {
      promote();
    } finally {
      observer.takeRecords();
      observer.observe(results, { childList: true });
    }
  });
  observer.observe(results, { childList: true });
})();
