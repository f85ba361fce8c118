"""The README's Anatomy table, the root pom's modules and the repository's folders agree."""

import re
import subprocess

from config_keys import REPO


def readme():
    return (REPO / "README.md").read_text(encoding="utf-8")


def anatomy_folders(text):
    section = text.split("## Anatomy", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {
        m.group(1).rstrip("/") for line in rows for m in [re.match(r"\| `([^`]+)`", line)] if m.group(1).endswith("/")
    }


def tracked_folders():
    files = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout.split()
    return {f.split("/", 1)[0] for f in files if "/" in f}


def pom_modules():
    return set(re.findall(r"<module>([^<]+)</module>", (REPO / "pom.xml").read_text(encoding="utf-8")))


def test_anatomy_lists_every_top_level_folder_and_no_other():
    assert anatomy_folders(readme()) == tracked_folders()


def test_every_maven_module_is_a_folder_in_the_anatomy():
    assert pom_modules() <= anatomy_folders(readme())


def test_a_folder_missing_from_the_table_is_caught():
    without = "\n".join(line for line in readme().splitlines() if not line.startswith("| `launcher/`"))
    assert "launcher" in tracked_folders() - anatomy_folders(without)
