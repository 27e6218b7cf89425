#!/usr/bin/env python3
"""Fills the public waitlist page in a real browser (headless Chromium, phone-sized window).

Opens a waitlist link, checks the spec's copy, submits the form empty and saves a screenshot
of the French validation errors, then fills prénom, nom and email, ticks one alternative
slot (optionally saving a screenshot of the filled form), submits, waits for the thank-you
page and saves a screenshot of it. Exits 0 when all of that happened; otherwise prints what went wrong and exits 1
(2 for a wrong command line).

Usage: waitlist_form.py URL SCREENSHOT.png [--errors-screenshot ERRORS.png] [--form-screenshot FORM.png]
"""
import argparse
import sys

from headless import PageProblem, page_text, start_browser
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as conditions
from selenium.webdriver.support.ui import WebDriverWait

# The product spec's copy, verbatim (typographic apostrophes, en dash).
TITLE = "Liste d’attente – Confirmation"
REMINDER = "Vous avez demandé un rendez-vous le"
REASSURANCE = "Vous serez contacté par message si une place se libère."
BUTTON = "S’inscrire sur la liste d’attente"
EMPTY_FORM_ERRORS = ["Indiquez votre prénom.", "Indiquez votre nom.", "Indiquez votre adresse e-mail."]


def expect_copy(browser, texts, where):
    text = page_text(browser)
    missing = [expected for expected in texts if expected not in text]
    if missing:
        raise PageProblem(f"{where}: missing text {missing!r}; the page says:\n{text}")


def fill(browser, name, value):
    field = browser.find_element(By.NAME, name)
    field.clear()
    field.send_keys(value)


def submit(browser):
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()


def save_screenshot(browser, path, what):
    if not browser.save_screenshot(path):
        raise PageProblem(f"could not save the {what} screenshot to {path}")
    print(f"saved {what} screenshot: {path}")


def run(url, screenshot, errors_screenshot, form_screenshot):
    browser = start_browser(390, 844, phone=True)
    try:
        wait = WebDriverWait(browser, 20)
        browser.get(url)
        if TITLE not in browser.title:
            raise PageProblem(f"the page title is {browser.title!r}, expected it to contain {TITLE!r}")
        expect_copy(browser, [TITLE, REMINDER, REASSURANCE, BUTTON], "waitlist page")

        boxes = browser.find_elements(By.CSS_SELECTOR, "input[type=checkbox][name=creneaux]")
        checked = [box.get_attribute("value") for box in boxes if box.is_selected()]
        if len(checked) != 1:
            raise PageProblem(f"expected exactly the requested slot pre-checked, found checked: {checked!r}")

        # Empty form: the server answers with the errors, in French, above the form.
        for name in ("prenom", "nom", "email"):
            browser.find_element(By.NAME, name).clear()
        submit(browser)
        wait.until(conditions.presence_of_element_located((By.CSS_SELECTOR, "[role=alert]")))
        expect_copy(browser, EMPTY_FORM_ERRORS, "page after submitting an empty form")
        if errors_screenshot:
            save_screenshot(browser, errors_screenshot, "validation errors")

        fill(browser, "prenom", "Amélie")
        fill(browser, "nom", "Poulain")
        fill(browser, "email", "amelie.poulain@example.fr")
        couverts = browser.find_elements(By.NAME, "couverts")
        if couverts:
            fill(browser, "couverts", "2")
        alternatives = [box for box in browser.find_elements(By.CSS_SELECTOR, "input[type=checkbox][name=creneaux]")
                        if not box.is_selected()]
        if not alternatives:
            raise PageProblem("no alternative slot is offered on the page")
        chosen = alternatives[0]
        chosen_value = chosen.get_attribute("value")
        # The card (its label) is the tap target; the checkbox itself may be visually hidden.
        browser.find_element(By.CSS_SELECTOR, f"label[for='{chosen.get_attribute('id')}']").click()
        if not chosen.is_selected():
            raise PageProblem(f"tapping the card of {chosen_value} did not tick it")
        if form_screenshot:
            browser.execute_script("arguments[0].closest('label').scrollIntoView({block: 'center'})", chosen)
            save_screenshot(browser, form_screenshot, "filled form")
        submit(browser)
        try:
            wait.until(conditions.url_matches(r"/merci$"))
        except TimeoutException:
            raise PageProblem(f"no thank-you page after submitting; still on {browser.current_url}:\n{page_text(browser)}")
        save_screenshot(browser, screenshot, "thank-you page")
        print(f"joined the waitlist with alternative {chosen_value}; thank-you page: {browser.current_url}")
    finally:
        browser.quit()


def main():
    parser = argparse.ArgumentParser(description="Fill the SpeedAI waitlist page in headless Chromium.")
    parser.add_argument("url", help="the waitlist link (http://HOST:PORT/waitlist/TOKEN)")
    parser.add_argument("screenshot", help="PNG file for the thank-you page")
    parser.add_argument("--errors-screenshot", help="PNG file for the form with validation errors")
    parser.add_argument("--form-screenshot", help="PNG file for the filled form, before it is sent")
    arguments = parser.parse_args()
    try:
        run(arguments.url, arguments.screenshot, arguments.errors_screenshot, arguments.form_screenshot)
    except PageProblem as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    except WebDriverException as problem:
        print(f"error: the browser failed: {problem.msg or problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
