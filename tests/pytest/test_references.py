"""The repository stands alone: no tracked file refers to a file outside it, every
"docs/<file>.md §n.m" citation names a section that exists in that file, and every
relative markdown link resolves.

Files are listed with `git ls-files`, so a file anyone adds is covered as soon as it is
tracked. No dbt, no database: this reads text only.
中文：仓库自成一体：任何受版本控制的文件都不引用仓库之外的文件；每一处
“docs/<文件>.md §n.m”引用的章节在该文件中存在；每个相对 Markdown 链接都能解析。
"""

from __future__ import annotations

import re
import subprocess
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
THIS = Path(__file__).resolve().relative_to(ROOT).as_posix()

# What points outside the repository: the shared folder beside it, absolute paths of
# the machine it was written on, and the specification files that were never part of it.
A = r"(?<![A-Za-z0-9_])"  # ASCII word edge: Chinese text may touch a citation
OUTSIDE = {
    "../shared": re.compile(r"\.\./shared\b"),
    "/work/": re.compile(r"/work/"),
    "RULES.md": re.compile(A + r"RULES\.md"),
    "TOOLCHAIN.md": re.compile(A + r"TOOLCHAIN\.md"),
    "SOURCES.md": re.compile(A + r"SOURCES\.md"),
    "SEEDS.md": re.compile(A + r"SEEDS\.md"),
    "OUTPUTS.md": re.compile(A + r"OUTPUTS\.md"),
    "STYLE.md": re.compile(A + r"STYLE\.md"),
    'bare "RULES n.m"': re.compile(A + r"RULES[ \t]*§?[ \t]*\d"),
}

SECTION_NUMBER = r"\d+(?:\.\d+)*"
# docs/segmentation_rules.md §8, §13.9 (a list may wrap onto the next line of a comment)
CITATION = re.compile(
    rf"(?P<file>[A-Za-z0-9_./-]+\.md)[ \t]*§[ \t]*(?P<first>{SECTION_NUMBER})"
    rf"(?P<rest>(?:[ \t]*(?:,|and)[ \t]*(?:\n[ \t]*(?:--|#)?[ \t]*)?(?:and[ \t]+)?§[ \t]*{SECTION_NUMBER})*)"
)
REST_NUMBER = re.compile(rf"§[ \t]*({SECTION_NUMBER})")
CHINESE_CITATION = re.compile(r"(?P<file>[A-Za-z0-9_./-]+\.md)[ \t]*第(?P<first>\d+)节")
HEADING_NUMBER = re.compile(rf"^#{{1,6}}[ \t]+§?(?P<number>{SECTION_NUMBER})\.?(?:[ \t]|$)", re.M)
ANCHOR = re.compile(r"""<a\s+(?:id|name)=["']([^"']+)["']""")
LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)")


@cache
def tracked() -> tuple[str, ...]:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True).stdout
    return tuple(name for name in out.decode().split("\0") if name)


@cache
def text(name: str) -> str | None:
    path = ROOT / name
    if not path.is_file():
        return None
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None


def text_files() -> list[str]:
    return [name for name in tracked() if name != THIS and text(name) is not None]


def line_of(body: str, position: int) -> int:
    return body.count("\n", 0, position) + 1


@cache
def sections(name: str) -> frozenset[str]:
    """The section numbers of a markdown file: its numbered headings ("## 13. …", "### 13.18 …")."""
    return frozenset(m["number"] for m in HEADING_NUMBER.finditer(text(name) or ""))


def github_slug(heading: str) -> str:
    slug = re.sub(r"<[^>]+>", "", heading).strip().lower()
    slug = re.sub(r"[^\w\- ]", "", slug)
    return slug.replace(" ", "-")


@cache
def anchors(name: str) -> frozenset[str]:
    body = text(name) or ""
    found = set(ANCHOR.findall(body))
    seen: dict[str, int] = {}
    for heading in re.findall(r"^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$", body, re.M):
        slug = github_slug(heading)
        found.add(slug if slug not in seen else f"{slug}-{seen[slug]}")
        seen[slug] = seen.get(slug, 0) + 1
    return frozenset(found)


def resolve(citing: str, target: str) -> str | None:
    """The tracked-or-present file a citation names: from the repository root (the
    project's convention), else relative to the citing file."""
    for base in (ROOT, (ROOT / citing).parent):
        path = (base / target).resolve()
        if path.is_file() and path.is_relative_to(ROOT):
            return path.relative_to(ROOT).as_posix()
    return None


def test_the_files_are_listed_by_git():
    assert "dbt_project.yml" in tracked() and THIS in tracked()


def test_no_file_refers_to_a_file_outside_the_repository():
    problems = []
    for name in text_files():
        body = text(name)
        for what, pattern in OUTSIDE.items():
            for m in pattern.finditer(body):
                problems.append(f"{name}:{line_of(body, m.start())}: {what}: {m.group(0)!r}")
    assert not problems, (
        "references to files outside the repository (cite docs/segmentation_rules.md §n.m, "
        "docs/toolchain.md, docs/raw_data_contract.md, seeds/README.md, docs/outputs.md, "
        "docs/reference/ instead):\n" + "\n".join(problems)
    )


def citations(body: str):
    for m in CITATION.finditer(body):
        numbers = [m["first"], *REST_NUMBER.findall(m["rest"])]
        for number in numbers:
            yield m, m["file"], number
    for m in CHINESE_CITATION.finditer(body):
        yield m, m["file"], m["first"]


def test_every_section_citation_names_a_section_that_exists():
    problems, checked = [], 0
    for name in text_files():
        body = text(name)
        for m, cited, number in citations(body):
            where = f"{name}:{line_of(body, m.start())}"
            target = resolve(name, cited)
            if target is None:
                problems.append(f"{where}: {cited} does not exist")
            elif number not in sections(target):
                problems.append(f"{where}: {cited} has no section §{number}")
            checked += 1
    assert not problems, "citations of missing sections:\n" + "\n".join(problems)
    assert checked > 100, f"only {checked} section citations found: is the pattern still right?"


def test_every_numbered_rule_has_a_stable_anchor():
    """docs/segmentation_rules.md: each numbered heading carries <a id="s<n.m>">, so a link
    to a rule survives a change of its title."""
    name = "docs/segmentation_rules.md"
    missing = sorted(
        (n for n in sections(name) if f"s{n}" not in anchors(name)), key=lambda n: [int(p) for p in n.split(".")]
    )
    assert sections(name), f"{name} has no numbered sections"
    assert not missing, f"{name}: numbered sections without an anchor: {missing}"


@pytest.mark.parametrize("number", [str(n) for n in range(14)] + [f"13.{n}" for n in range(1, 24)])
def test_the_rules_keep_the_numbering_the_code_cites(number):
    assert number in sections("docs/segmentation_rules.md")


def test_every_relative_markdown_link_resolves():
    problems = []
    for name in text_files():
        if not name.endswith(".md"):
            continue
        body = text(name)
        for m in LINK.finditer(body):
            target = m["target"]
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):
                continue  # http:, https:, mailto: …
            path, _, fragment = target.partition("#")
            where = f"{name}:{line_of(body, m.start())}: ({target})"
            if path:
                resolved = (ROOT / name).parent / path
                if not resolved.resolve().is_relative_to(ROOT):
                    problems.append(f"{where}: points outside the repository")
                    continue
                if not resolved.exists():
                    problems.append(f"{where}: no such file")
                    continue
                linked = resolved.resolve().relative_to(ROOT).as_posix()
            else:
                linked = name
            if fragment and linked.endswith(".md") and fragment not in anchors(linked):
                problems.append(f"{where}: no anchor #{fragment} in {linked}")
    assert not problems, "broken relative links:\n" + "\n".join(problems)
