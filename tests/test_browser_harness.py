"""The browser tests' switch: skipped with an install hint where Chromium is missing, required in CI (CI=true)."""

from pathlib import Path

import pytest

from tests.browser import conftest as browser_conftest


class FakeHook:
    def __init__(self) -> None:
        self.deselected: list = []

    def pytest_deselected(self, items) -> None:
        self.deselected.extend(items)


class FakeConfig:
    def __init__(self) -> None:
        self.hook = FakeHook()
        self.stash = pytest.Stash()


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


def test_browser_tests_are_left_out_with_one_install_hint_without_chromium(monkeypatch, tmp_path, items):
    monkeypatch.setattr(browser_conftest, "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.delenv("CI", raising=False)
    config = FakeConfig()
    browser_item, other_item = items

    browser_conftest.pytest_collection_modifyitems(config, items)

    assert items == [other_item]
    assert config.hook.deselected == [browser_item]
    lines: list[str] = []
    reporter = type("Reporter", (), {"write_line": lambda self, line, **markup: lines.append(line)})()
    browser_conftest.pytest_terminal_summary(reporter, 0, config)
    assert len(lines) == 1
    assert "1 browser tests not run" in lines[0]
    assert "apt-get install chromium" in lines[0]


def test_browser_tests_run_in_ci_even_without_chromium(monkeypatch, tmp_path, items):
    monkeypatch.setattr(browser_conftest, "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.setenv("CI", "true")

    browser_conftest.pytest_collection_modifyitems(FakeConfig(), items)

    assert items[0].names() == ["browser"]  # kept: the browser fixture then fails the test


def test_browser_tests_run_where_chromium_is_installed(monkeypatch, tmp_path, items):
    chromium = tmp_path / "chromium"
    chromium.touch()
    monkeypatch.setattr(browser_conftest, "CHROMIUM", chromium)
    monkeypatch.delenv("CI", raising=False)

    browser_conftest.pytest_collection_modifyitems(FakeConfig(), items)

    assert len(items) == 2
    assert items[0].names() == ["browser"]
