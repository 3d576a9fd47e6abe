"""Apache Superset on the published snapshot, opened in a real headless Chromium (docs/bi.md).

The shared small world is published to a folder of the test's own; Superset loads the
dashboards on it and serves them on a free local port; Debian's chromium, driven by
selenium through chromedriver, logs in and opens both dashboards. What the pages show
(this week's accounts per tier, the top rising account's score, the latest quarter's
sourced pipeline) must equal a query of the snapshot. Screenshots go to warehouse/bi/.
A missing browser or Superset fails the test: ``make test`` installs them (``make bi-env``).
"""

from __future__ import annotations

import socket
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from dbt_world import BuiltWarehouse
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from emergence.bi.launch import DASHBOARDS, PASSWORD, USER, install, load, serve
from emergence.paths import project_dir
from emergence.publish import publish
from emergence.report.summary import rising_rows

pytestmark = [pytest.mark.dbt, pytest.mark.bi]

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,3000",
]
SCREENSHOTS = project_dir() / "warehouse" / "bi"
# ECharts animates a line or bar chart in after its data arrives; a screenshot taken at once
# shows it half-drawn.
ECHARTS_DRAWING_SECONDS = 3


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def superset(
    small_warehouse: BuiltWarehouse, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path]]:
    """The base url of Superset serving the small world's snapshot, and the snapshot."""
    work = tmp_path_factory.mktemp("bi")
    folder = publish(small_warehouse.database, published_dir=work / "published").folder
    venv = install()
    env = load(work / "superset", folder, venv)
    port = _free_port()
    server = serve(venv, env, port, work / "server.log")
    yield f"http://127.0.0.1:{port}", folder
    server.terminate()
    server.wait(timeout=30)


@pytest.fixture(scope="module")
def browser(superset: tuple[str, Path]) -> Iterator[WebDriver]:
    """Headless Chromium, logged in to Superset."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={tempfile.mkdtemp(prefix='chromium-')}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        driver.get(f"{superset[0]}/login/")
        WebDriverWait(driver, 60).until(lambda d: d.find_elements(By.ID, "username"))
        driver.find_element(By.ID, "username").send_keys(USER)
        driver.find_element(By.ID, "password").send_keys(PASSWORD)
        driver.find_element(By.CSS_SELECTOR, "button[type=submit], input[type=submit]").click()
        WebDriverWait(driver, 60).until(lambda d: "/login" not in d.current_url)
        yield driver
    finally:
        driver.quit()


def _open(driver: WebDriver, base: str, slug: str, tables: int) -> None:
    """Opens a dashboard and waits until ``tables`` of its tables have rows."""
    driver.get(f"{base}/superset/dashboard/{slug}/")
    WebDriverWait(driver, 120).until(
        lambda d: (
            sum(
                bool(t.find_elements(By.CSS_SELECTOR, "tbody tr"))
                for t in d.find_elements(By.TAG_NAME, "table")
            )
            >= tables
        )
    )
    WebDriverWait(driver, 120).until(lambda d: not d.find_elements(By.CSS_SELECTOR, ".loading"))
    time.sleep(ECHARTS_DRAWING_SECONDS)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SCREENSHOTS / f"{slug}.png"))


def _table(driver: WebDriver, title: str) -> list[dict[str, str]]:
    """The rows of the table chart named ``title``, as shown: column name to cell text."""
    for holder in driver.find_elements(By.CSS_SELECTOR, "[data-test='dashboard-component-chart-holder']"):
        if holder.text.startswith(title):
            header = [cell.text.strip() for cell in holder.find_elements(By.CSS_SELECTOR, "thead th")]
            rows = holder.find_elements(By.CSS_SELECTOR, "tbody tr")
            return [
                dict(zip(header, [c.text.strip() for c in row.find_elements(By.TAG_NAME, "td")], strict=True))
                for row in rows
            ]
    raise AssertionError(f"no chart {title!r} on {driver.current_url}")


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _query(folder: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(folder / "emergence.duckdb"), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_account_emergence_page_shows_the_snapshot(superset: tuple[str, Path], browser: WebDriver) -> None:
    base, folder = superset
    _open(browser, base, DASHBOARDS["account emergence"], tables=3)
    shown = {
        row["tier"]: _number(row["account_count"]) for row in _table(browser, "Accounts by tier, newest week")
    }
    newest = _query(
        folder,
        "select tier, count(*) from marts.fct_account_emergence "
        "where week_start = (select max(week_start) from marts.fct_account_emergence) group by tier",
    )
    assert shown == {tier: float(count) for tier, count in newest}
    rising = _table(browser, "This week's rising accounts")
    label, tier, score, _rise, explanation = rising_rows(folder / "emergence.duckdb", 1)[0]
    assert rising[0]["rising_rank"] == "1"
    assert (rising[0]["account_label"], rising[0]["tier"], rising[0]["explanation"]) == (
        label,
        tier,
        explanation,
    )
    assert _number(rising[0]["score"]) == round(score, 2)
    assert _table(browser, f"People of {label}"), "the top rising account's people are missing"


def test_contribution_page_shows_the_latest_quarter(superset: tuple[str, Path], browser: WebDriver) -> None:
    base, folder = superset
    _open(browser, base, DASHBOARDS["contribution"], tables=1)
    quarters = _table(browser, "Pipeline and revenue by quarter")
    quarter, sourced = _query(
        folder,
        "select quarter_start, pipeline_marketing_sourced from marts.fct_marketing_contribution_quarterly "
        "order by quarter_start desc limit 1",
    )[0]
    assert quarters[0]["quarter_start"].startswith(str(quarter))
    assert _number(quarters[0]["pipeline_marketing_sourced"]) == round(sourced, 2)
