"""Browser checks for scripts/check-site: axe-core on every page kind,
console errors, and an end-to-end search through the real search box."""
import atexit
import json
import os
import shutil
import sys
import time

os.environ.setdefault("SE_AVOID_STATS", "true")  # no telemetry requests
from axe_selenium_python import Axe  # noqa: E402
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.options import Options  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

base, root, query, expected = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]

options = Options()
for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900"):
    options.add_argument(argument)
options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
driver = webdriver.Chrome(service=Service(executable_path=shutil.which("chromedriver")), options=options)
# Never leave a browser behind, whatever fails below.
atexit.register(driver.quit)
# axe-core needs long on big pages; stay under WebDriver's 120 s HTTP limit.
driver.set_script_timeout(110)

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
for entry in sorted(os.listdir(root)):
    # Facet indexes and one term page of each.
    folder = os.path.join(root, entry)
    if os.path.isdir(folder) and entry not in ("assets", "search") and entry + "/" not in pages:
        pages.append(entry + "/")
        terms = sorted(d for d in os.listdir(folder) if os.path.isdir(os.path.join(folder, d)))
        if terms:
            pages.append(entry + "/" + terms[0] + "/")

failures = 0
serious = 0
console_errors = []
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
    axe = Axe(driver)
    axe.inject()
    result = axe.run()
    bad = [v for v in result["violations"] if v.get("impact") in ("serious", "critical")]
    for violation in bad:
        print(f"  {page}: {violation['impact']}: {violation['id']}: {violation['help']} ({len(violation['nodes'])} nodes)")
    serious += len(bad)
    for log in driver.get_log("browser"):
        if log["level"] == "SEVERE" and not page.startswith("404"):
            console_errors.append(f"{page}: {log['message']}")
print(f"pages checked: {len(pages)}; serious or critical accessibility violations: {serious}")
if skipped:
    print(f"axe skipped on {len(skipped)} pages with over 600 list items: {', '.join(skipped)}")
print(f"console errors: {len(console_errors)}")
for error in console_errors[:20]:
    print("  " + error)
failures += serious + len(console_errors)

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
latency = driver.execute_script("return window.__firstResults - window.__lastInput")
links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "#search-results a")]
index_bytes = driver.execute_script("""
  return performance.getEntriesByType('resource').filter(r => r.name.includes('/search/'))
    .reduce((sum, r) => sum + (r.encodedBodySize || r.transferSize || 0), 0);
""")
print(f"search '{query}': {len(links)} results, first {links[0] if links else None}")
print(f"search latency after the last keystroke: {latency:.1f} ms; index bytes downloaded: {index_bytes}")
if not links or expected not in links[0]:
    print(f"search: expected the first result to contain {expected}")
    failures += 1
if latency > 100:
    print("search: slower than 100 ms")
    failures += 1
if index_bytes > 1_000_000:
    print("search: downloaded more than 1 MB of index")
    failures += 1
sys.exit(1 if failures else 0)
