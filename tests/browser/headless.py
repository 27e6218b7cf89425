"""What the browser tests share: Debian's Chromium started headless through its own
chromedriver (paths given explicitly: selenium must not go looking for a download), sized
like a laptop or emulating a phone's viewport, and the page's visible text."""
import sys

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
except ImportError:
    print("error: selenium is not installed; run scripts/install-deps.sh (pip install selenium)", file=sys.stderr)
    sys.exit(1)

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


class PageProblem(Exception):
    """Something on the page is not what it should be."""


def start_browser(width, height, phone=False):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", f"--window-size={width},{height}", "--disable-dev-shm-usage",
                     "--lang=fr-FR"):
        options.add_argument(argument)
    browser = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    if phone:
        emulate_phone(browser, width, height)
    return browser


def emulate_phone(browser, width, height):
    # Chrome keeps windows at least 500 px wide and takes the window frame off the height:
    # emulate the phone's viewport itself so pages and screenshots have its real size.
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True})


def page_text(browser):
    return browser.find_element(By.TAG_NAME, "body").text
