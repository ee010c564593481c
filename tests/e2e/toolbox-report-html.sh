#!/usr/bin/env bash
# unitsec report: merging security --format=json runs of several hosts (one with a before and an
# after run), the text table, and the HTML page rendered in headless Chromium (Debian's chromium,
# chromium-driver, python3-selenium): every unit of the sample is in the DOM after the scripts ran,
# clicking a column header sorts by it, the chart has one bar per row, nothing is fetched.
# UNITSEC_REPORT_SCREENSHOT=FILE also saves a PNG of the page.
set -u
top=${UNITSEC_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${UNITSEC:-$top/build/unitsec}
shared=${UNITSEC_SHARED:-$top/../shared}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else nok "$1"; fi; }

corpus=$shared/corpus/real
if [ ! -d "$corpus/apache2" ]; then
        echo "ok 1 # SKIP corpus not found (set UNITSEC_SHARED)"; echo "1..1"; exit 0
fi
# sample fleet: three hosts; web1 has a run before and after a hardening drop-in
python3 "$top/tests/lib/corpus-copy.py" "$tmp" "$corpus" >/dev/null 2>&1
sethost() { sed "s/\"host\":\"[^\"]*\"/\"host\":\"$1\"/; s/\"time\":\"[^\"]*\"/\"time\":\"$2\"/"; }
"$bin" --no-pager --root="$tmp/real/apache2/root" security --format=json | sethost web1 2026-01-01T00:00:00Z >"$tmp/web1-before.json"
mkdir -p "$tmp/real/apache2/root/etc/systemd/system/apache2.service.d"
printf '[Service]\nPrivateTmp=yes\nProtectSystem=strict\nNoNewPrivileges=yes\nPrivateDevices=yes\n' \
        >"$tmp/real/apache2/root/etc/systemd/system/apache2.service.d/harden.conf"
"$bin" --no-pager --root="$tmp/real/apache2/root" security --format=json | sethost web1 2026-01-02T00:00:00Z >"$tmp/web1-after.json"
"$bin" --no-pager --root="$tmp/real/sssd-common/root" security --format=json | sethost 'db<1>' 2026-01-01T00:00:00Z >"$tmp/db1.json"
"$bin" --no-pager --root="$tmp/real/libvirt-daemon-system/root" security --format=json | sethost virt1 2026-01-01T00:00:00Z >"$tmp/virt1.json"
cat "$tmp/virt1.json" "$tmp/db1.json" >"$tmp/two-docs.json"

# the after file first: the order on the command line does not matter, the time does
"$bin" --no-pager report "$tmp/web1-after.json" "$tmp/two-docs.json" "$tmp/web1-before.json" \
        --html="$tmp/report.html" >"$tmp/table.txt" 2>"$tmp/err"; rc=$?
check "report merges 4 runs of 3 hosts" '[ $rc -eq 0 ] && grep -q "units on 3 host(s), before and after" "$tmp/table.txt"'
check "apache2 on web1 improved (negative change)" \
        'grep -E "^web1 +apache2.service +[0-9.]+ +[0-9.]+ +-[0-9.]+ " "$tmp/table.txt" >/dev/null'
"$bin" --no-pager report --html="$tmp/single.html" "$tmp/two-docs.json" >/dev/null 2>&1
check "the page is one file with no external reference" \
        '! grep -Eiq "(src|href)=\"?(https?:)?//|@import|url\\(" "$tmp/report.html"'
"$bin" report "$tmp/nonexistent.json" >/dev/null 2>"$tmp/err"; rc=$?
check "a missing file fails with a message" '[ $rc -eq 1 ] && grep -q nonexistent "$tmp/err"'
echo '{"units": 3}' | "$bin" report - >/dev/null 2>"$tmp/err"; rc=$?
check "a document that is no security JSON is refused" '[ $rc -eq 1 ] && grep -q "not a" "$tmp/err"'

py=""
for p in /usr/bin/python3 python3; do
        if "$p" -c 'import selenium' 2>/dev/null; then py=$p; break; fi
done
chrome=$(command -v chromium || command -v chromium-browser || true)
driver=$(command -v chromedriver || true)
if [ -z "$py" ] || [ -z "$chrome" ] || [ -z "$driver" ]; then
        n=$((n + 1)); echo "ok $n # SKIP headless Chromium test needs chromium, chromium-driver and python3-selenium"
        echo "1..$n"; exit 0
fi
"$py" - "$tmp" "$chrome" "$driver" "$n" "${UNITSEC_REPORT_SCREENSHOT:-}" <<'PYEOF'
import json, os, sys
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

tmp, chrome, driver_path, n, shot = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
def report(ok, what, detail=""):
    global n
    n += 1
    if detail and not ok:
        print("# " + detail[:400])
    print(("ok" if ok else "not ok") + f" {n} - {what}")

# what the page must show: every unit of the latest run of each host (and units that left)
want = set()
for f in ["web1-after.json", "web1-before.json", "two-docs.json"]:
    text = open(os.path.join(tmp, f)).read()
    dec, i = json.JSONDecoder(), 0
    while i < len(text):
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            break
        doc, i = dec.raw_decode(text, i)
        want |= {(doc["host"], u["name"]) for u in doc["units"]}

opts = webdriver.ChromeOptions()
opts.binary_location = chrome
for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1200,900",
          "--user-data-dir=" + os.path.join(tmp, "chrome-profile")]:
    opts.add_argument(a)
drv = webdriver.Chrome(service=Service(driver_path), options=opts)
try:
    drv.set_page_load_timeout(60)
    drv.get("file://" + os.path.join(tmp, "report.html"))
    WebDriverWait(drv, 30).until(lambda d: d.execute_script("return document.body.dataset.ready") == "yes")
    def table():
        rows = []
        for tr in drv.find_elements(By.CSS_SELECTOR, "#units tbody tr"):
            tds = [td.text for td in tr.find_elements(By.TAG_NAME, "td")]
            rows.append(tds)
        return rows
    heads = [th.text.rstrip(" ▲▼") for th in drv.find_elements(By.CSS_SELECTOR, "#units th")]
    rows = table()
    shown = {(r[0], r[1]) for r in rows}
    report(shown == want, f"the page shows all {len(want)} units of the sample, one row each",
           f"missing {sorted(want - shown)[:5]} extra {sorted(shown - want)[:5]}")
    report(len(rows) == len(want), "no unit appears twice", f"{len(rows)} rows")
    report(heads == ["Host", "Unit", "Before", "Exposure", "Change", "Band"], "before/after columns", str(heads))
    bars = drv.find_elements(By.CSS_SELECTOR, "#chart svg g.bar")
    report(len(bars) == len(want), "the chart has one bar group per unit and host", f"{len(bars)} bars")
    hosts = {r[0] for r in rows}
    report("db<1>" in hosts, "a host name with markup characters is shown as text", str(hosts))
    col = heads.index("Exposure")
    def num(s):
        return float("inf") if s == "-" else float(s)
    drv.find_elements(By.CSS_SELECTOR, "#units th")[col].click()
    vals = [num(r[col]) for r in table()]
    report(vals == sorted(vals) and vals[0] < vals[-1], "clicking Exposure sorts ascending", str(vals[:8]))
    drv.find_elements(By.CSS_SELECTOR, "#units th")[col].click()
    vals = [num(r[col]) for r in table()]
    finite = [v for v in vals if v != float("inf")]
    report(finite == sorted(finite, reverse=True) and vals[: len(finite)] == finite,
           "clicking it again sorts descending (missing values last)", str(vals[:8]))
    drv.find_elements(By.CSS_SELECTOR, "#units th")[1].click()
    units = [r[1] for r in table()]
    report(units == sorted(units, key=lambda s: s.lower()) or units == sorted(units),
           "clicking Unit sorts by name", str(units[:6]))
    sorted_attr = drv.find_elements(By.CSS_SELECTOR, "#units th")[1].get_attribute("aria-sort")
    report(sorted_attr == "ascending", "the sorted column is marked (aria-sort)", str(sorted_attr))
    fetched = drv.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    report(fetched == [], "the page fetched nothing", str(fetched))
    logs = [e for e in drv.get_log("browser") if e.get("level") == "SEVERE"]
    report(not logs, "no script error in the console", str(logs[:2]))
    drv.get("file://" + os.path.join(tmp, "single.html"))
    WebDriverWait(drv, 30).until(lambda d: d.execute_script("return document.body.dataset.ready") == "yes")
    heads1 = [th.text.rstrip(" ▲▼") for th in drv.find_elements(By.CSS_SELECTOR, "#units th")]
    rows1 = table()
    report(heads1 == ["Host", "Unit", "Exposure", "Band"] and all(len(r) == 4 for r in rows1) and len(rows1) > 0,
           "one run per host: no before/after columns", f"{heads1} {rows1[:2]}")
    drv.get("file://" + os.path.join(tmp, "report.html"))
    WebDriverWait(drv, 30).until(lambda d: d.execute_script("return document.body.dataset.ready") == "yes")
    col = 3
    if shot:
        drv.find_elements(By.CSS_SELECTOR, "#units th")[col].click()
        drv.find_elements(By.CSS_SELECTOR, "#units th")[col].click()
        import base64
        png = drv.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
        open(shot, "wb").write(base64.b64decode(png["data"]))
finally:
    drv.quit()
print(f"1..{n}")
PYEOF
