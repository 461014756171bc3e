"""The browser tests' switch: skipped with an install hint where Chromium is missing, required in CI (CI=true)."""

from pathlib import Path

import pytest

from tests.browser import conftest as browser_conftest


class FakeItem:
    def __init__(self, path: str) -> None:
        self.path = Path(path)
        self.markers: list[pytest.MarkDecorator] = []

    def add_marker(self, marker: pytest.MarkDecorator) -> None:
        self.markers.append(marker)

    def names(self) -> list[str]:
        return [marker.name for marker in self.markers]


@pytest.fixture
def items() -> list[FakeItem]:
    return [FakeItem("/repo/tests/browser/test_foundation.py"), FakeItem("/repo/tests/test_pages.py")]


def test_browser_tests_are_skipped_with_an_install_hint_without_chromium(monkeypatch, tmp_path, items):
    monkeypatch.setattr(browser_conftest, "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.delenv("CI", raising=False)

    browser_conftest.pytest_collection_modifyitems(None, items)

    browser_item, other_item = items
    assert browser_item.names() == ["browser", "skip"]
    assert "apt-get install chromium" in browser_item.markers[1].kwargs["reason"]
    assert other_item.names() == []


def test_browser_tests_run_in_ci_even_without_chromium(monkeypatch, tmp_path, items):
    monkeypatch.setattr(browser_conftest, "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.setenv("CI", "true")

    browser_conftest.pytest_collection_modifyitems(None, items)

    assert items[0].names() == ["browser"]  # not skipped: the browser fixture then fails the test


def test_browser_tests_run_where_chromium_is_installed(monkeypatch, tmp_path, items):
    chromium = tmp_path / "chromium"
    chromium.touch()
    monkeypatch.setattr(browser_conftest, "CHROMIUM", chromium)
    monkeypatch.delenv("CI", raising=False)

    browser_conftest.pytest_collection_modifyitems(None, items)

    assert items[0].names() == ["browser"]
