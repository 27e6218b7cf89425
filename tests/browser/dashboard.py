#!/usr/bin/env python3
"""Walks the « Liste d’attente » dashboard in a real browser (headless Chromium).

As a business admin would, on a laptop-sized window: opens /dashboard (which must send a
signed-out visitor to the sign-in page), signs in, checks the main « Liste d’attente » entry
point and the list's columns, filters by status (the filter must land in the URL), opens an
entry and its history, forces a notification for a slot (ticking the confirmation), deletes
another entry, then opens the statistics page. Saves screenshots along the way, plus the
list at a phone's size. Exits 0 when all of that happened; otherwise prints what went wrong
and exits 1 (2 for a wrong command line).

Usage: dashboard.py BASE_URL EMAIL PASSWORD SCREENSHOT_DIR --business ID
                    --notify-entry N --notify-slot HH:MM --delete-entry M --waiting-count K
"""
import argparse
import os
import sys

from headless import PageProblem, emulate_phone, page_text, start_browser
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as conditions
from selenium.webdriver.support.ui import Select, WebDriverWait

# The and spec's names, verbatim.
MAIN_ENTRY_POINT = "Liste d’attente"
COLUMNS = ["Nom / Prénom", "Téléphone / Email", "Créneau demandé", "Créneaux alternatifs", "Statut",
           "Inscription", "Priorité"]
NOTIFIED = "Notification envoyée."


def expect_text(browser, texts, where):
    text = page_text(browser)
    missing = [item for item in texts if item not in text]
    if missing:
        raise PageProblem(f"{where}: missing {missing!r} in:\n{text[:1500]}")


def wait_for_path(browser, fragment, where):
    try:
        WebDriverWait(browser, 15).until(lambda driver: fragment in driver.current_url)
    except TimeoutException:
        raise PageProblem(f"{where}: expected a URL containing {fragment!r}, still at {browser.current_url}")


def submit(form):
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()


def sign_in(browser, base, email, password):
    browser.get(base + "/dashboard")
    wait_for_path(browser, "/admin/login", "signed out, /dashboard")
    browser.find_element(By.NAME, "email").send_keys(email)
    browser.find_element(By.NAME, "password").send_keys(password)
    submit(browser.find_element(By.CSS_SELECTOR, "form[action='/admin/login']"))
    WebDriverWait(browser, 15).until(conditions.presence_of_element_located((By.CSS_SELECTOR, "a.nav-main")))
    main = browser.find_element(By.CSS_SELECTOR, "a.nav-main")
    if main.text.strip() != MAIN_ENTRY_POINT:
        raise PageProblem(f"the main entry point reads {main.text!r}, not {MAIN_ENTRY_POINT!r}")


def check_list_and_filter(browser, waiting_count, shots):
    # The headers are upper-cased by CSS: compare their source text.
    headers = [cell.get_attribute("textContent").strip() for cell in browser.find_elements(By.CSS_SELECTOR, "thead th")]
    if headers != COLUMNS:
        raise PageProblem(f"the list's columns are {headers!r}, expected {COLUMNS!r}")
    browser.save_screenshot(os.path.join(shots, "dashboard-list-1280.png"))
    form = browser.find_element(By.CSS_SELECTOR, "form[aria-label='Filtres']")
    Select(form.find_element(By.NAME, "statut")).select_by_value("waiting")
    submit(form)
    wait_for_path(browser, "statut=waiting", "filter by status")
    rows = browser.find_elements(By.CSS_SELECTOR, "tbody tr")
    if len(rows) != waiting_count:
        raise PageProblem(f"filtered on « en attente »: {len(rows)} rows, expected {waiting_count}")
    if any("en attente" not in row.text for row in rows):
        raise PageProblem("a filtered row is not « en attente »: " + " | ".join(row.text for row in rows))


def open_entry(browser, base, business, entry):
    link = browser.find_element(By.CSS_SELECTOR, f"a[href='/dashboard/entries/{business}/{entry}']")
    link.click()
    wait_for_path(browser, f"/dashboard/entries/{business}/{entry}", f"entry {entry}")
    expect_text(browser, ["Historique"], f"entry {entry}")


def notify(browser, entry, slot, shots):
    form = browser.find_element(By.CSS_SELECTOR, f"form[action$='/{entry}/notify']")
    choice = Select(form.find_element(By.NAME, "creneau"))
    values = [option.get_attribute("value") for option in choice.options]
    wanted = [value for value in values if value.endswith("T" + slot)]
    if not wanted:
        raise PageProblem(f"entry {entry}: no {slot} among the slots to offer {values!r}")
    choice.select_by_value(wanted[0])
    form.find_element(By.NAME, "confirmation").click()
    browser.save_screenshot(os.path.join(shots, "dashboard-entry-1280.png"))
    submit(form)
    wait_for_path(browser, "ok=notifie", f"notify entry {entry}")
    expect_text(browser, [NOTIFIED], f"after notifying entry {entry}")


def delete(browser, base, business, entry):
    browser.get(f"{base}/dashboard/entries/{business}/{entry}")
    form = browser.find_element(By.CSS_SELECTOR, f"form[action$='/{entry}/delete']")
    # The browser itself refuses the form while the confirmation box is unticked.
    submit(form)
    if f"/dashboard/entries/{business}/{entry}" not in browser.current_url or "/delete" in browser.current_url:
        raise PageProblem("the delete form was sent without its confirmation")
    form = browser.find_element(By.CSS_SELECTOR, f"form[action$='/{entry}/delete']")
    form.find_element(By.NAME, "confirmation").click()
    submit(form)
    WebDriverWait(browser, 15).until(lambda driver: "/entries/" not in driver.current_url)
    browser.get(f"{base}/dashboard?statut=removed")
    if not browser.find_elements(By.CSS_SELECTOR, f"a[href='/dashboard/entries/{business}/{entry}']"):
        raise PageProblem(f"entry {entry} is not listed as « supprimé » after its deletion")


def statistics(browser, shots):
    browser.find_element(By.LINK_TEXT, "Statistiques").click()
    wait_for_path(browser, "/dashboard/stats", "statistics")
    expect_text(browser, ["Statistiques"], "statistics")
    if len(browser.find_elements(By.CSS_SELECTOR, "svg")) < 2:
        raise PageProblem("the statistics page has fewer than two charts")
    browser.save_screenshot(os.path.join(shots, "dashboard-stats-1280.png"))


def phone_view(browser, base, business, entry, shots):
    emulate_phone(browser, 390, 844)
    for path, name in ((f"/dashboard/entries/{business}/{entry}", "an entry"), ("/dashboard/stats", "the statistics"),
                       ("/dashboard", "the list")):
        browser.get(base + path)
        expect_text(browser, [MAIN_ENTRY_POINT], f"{name} on a phone")
        width = browser.execute_script("return document.documentElement.scrollWidth")
        if width > 390:
            raise PageProblem(f"{name} scrolls sideways on a phone ({width} px wide)")
    browser.save_screenshot(os.path.join(shots, "dashboard-list-390x844.png"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base")
    parser.add_argument("email")
    parser.add_argument("password")
    parser.add_argument("screenshots")
    parser.add_argument("--business", required=True)
    parser.add_argument("--notify-entry", type=int, required=True)
    parser.add_argument("--notify-slot", required=True)
    parser.add_argument("--delete-entry", type=int, required=True)
    parser.add_argument("--waiting-count", type=int, required=True)
    arguments = parser.parse_args()
    os.makedirs(arguments.screenshots, exist_ok=True)
    try:
        browser = start_browser(1280, 900)
    except WebDriverException as error:
        print(f"error: could not start Chromium: {error.msg}", file=sys.stderr)
        return 1
    try:
        sign_in(browser, arguments.base, arguments.email, arguments.password)
        check_list_and_filter(browser, arguments.waiting_count, arguments.screenshots)
        open_entry(browser, arguments.base, arguments.business, arguments.notify_entry)
        notify(browser, arguments.notify_entry, arguments.notify_slot, arguments.screenshots)
        delete(browser, arguments.base, arguments.business, arguments.delete_entry)
        statistics(browser, arguments.screenshots)
        phone_view(browser, arguments.base, arguments.business, arguments.notify_entry, arguments.screenshots)
    except PageProblem as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    except (TimeoutException, WebDriverException) as error:
        print(f"error: the browser failed at {browser.current_url}: {error.msg}\n{page_text(browser)[:1500]}",
              file=sys.stderr)
        return 1
    finally:
        browser.quit()
    print("dashboard walk-through ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
