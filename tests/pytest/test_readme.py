"""The README a newcomer reads first stays in step with the repository: its table of
contents lists every section, in order; it names every system package that the set-up
scripts install; and its screenshot of the report exists and stays small.

Text only: no dbt, no database, no network (whether the links resolve is
test_references.py's job).
中文：新用户首先阅读的 README 与仓库保持一致：目录按顺序列出每个章节；写明安装脚本
安装的每个系统软件包；报告截图存在且体积小。
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
SCREENSHOT = ROOT / "docs" / "images" / "report.png"
INSTALL_SECTION = "What they install, and how long they take"


def headings(body: str) -> list[tuple[int, str]]:
    """(level, title) of every markdown heading outside fenced code blocks."""
    found, fenced = [], False
    for line in body.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced and (m := re.match(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$", line)):
            found.append((len(m[1]), m[2]))
    return found


def slug(title: str) -> str:
    """GitHub's anchor of a heading (as test_references.py computes it)."""
    text = re.sub(r"[^\w\- ]", "", re.sub(r"<[^>]+>", "", title).strip().lower())
    return text.replace(" ", "-")


def section(body: str, title: str) -> str:
    """The text under the heading `title`, up to the next heading of its level or above."""
    lines, inside, level, fenced = [], False, 0, False
    for line in body.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        m = None if fenced else re.match(r"^(#{1,6})[ \t]+(.+?)[ \t]*$", line)
        if m and inside and len(m[1]) <= level:
            break
        if m and m[2] == title:
            inside, level = True, len(m[1])
        elif inside:
            lines.append(line)
    assert inside, f"README.md has no section {title!r}"
    return "\n".join(lines)


def test_the_contents_list_every_section_in_order():
    body = README.read_text(encoding="utf-8")
    contents = section(body, "Contents")
    listed = [m[1] for line in contents.splitlines() if (m := re.match(r"^- \[[^\]]+\]\(#([^)]+)\)", line))]
    sections = [slug(title) for level, title in headings(body) if level == 2 and title != "Contents"]
    assert listed == sections, (
        "README.md: the Contents must link every '## ' section, in the order of the file, "
        f"one '- [title](#anchor)' line each:\n listed   {listed}\n sections {sections}"
    )


def installed_packages() -> set[str]:
    """The Debian packages scripts/setup_browser.sh and scripts/local_engines.py install."""
    browser = (ROOT / "scripts" / "setup_browser.sh").read_text(encoding="utf-8")
    engines = (ROOT / "scripts" / "local_engines.py").read_text(encoding="utf-8")
    packages = set(re.findall(r"packages\+=\(([\w.+-]+)\)", browser))
    for call in re.findall(r"apt_install\(([^)]*)\)", engines):
        packages |= set(re.findall(r"\"([\w.+-]+)\"", call))
    return packages


def test_the_readme_names_every_package_the_setup_installs():
    packages = installed_packages()
    # chromium, fonts-noto-cjk; postgresql, openjdk-17-jre-headless: the parsing still works
    assert len(packages) >= 4, f"only {sorted(packages)} found: is the pattern still right?"
    install = section(README.read_text(encoding="utf-8"), INSTALL_SECTION)
    missing = sorted(p for p in packages if f"`{p}`" not in install)
    assert not missing, (
        f"README.md, section {INSTALL_SECTION!r}, does not name the packages {missing} that the set-up scripts install"
    )


def test_the_install_section_names_both_commands_and_their_durations():
    install = section(README.read_text(encoding="utf-8"), INSTALL_SECTION)
    for marker in ("`make demo`", "`make test`", "2-core", "requirements.txt"):
        assert marker in install, f"README.md, {INSTALL_SECTION!r}: {marker} is missing"


def test_the_screenshot_is_a_small_png():
    data = SCREENSHOT.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{SCREENSHOT.name} is not a PNG"
    assert len(data) < 300_000, f"{SCREENSHOT.name} is {len(data):,} bytes: shrink it"
