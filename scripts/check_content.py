#!/usr/bin/env python3
"""Checks the shipped knowledge base in Content/ without building it.

It reads taxonomy.yml, site.yml and every entry, and reports:
- front matter that does not parse, missing titles or summaries;
- wiki-links ([[slug]], [[slug|label]], [[Title]]) that name no entry;
- citations ([[@slug]], [[@slug|locator]]) whose target is not a source;
- relation values that name no entry, or an entry of a kind the relation
  does not take, dated values whose `from` is after `until`, min/max counts;
- source entries without `url` or `identifier`, `publisher`, `published`
  or `accessed`;
- non-source entries that cite no source, sources that nobody cites;
- entries below the word floor of their kind;
- sentences of eight words or more that appear in more than one entry;
- names (titles, aliases) shared by two entries; facet terms that are not
  declared, declared terms that no entry uses; entries nothing points to;
- wording about the site itself.

Usage: python3 scripts/check_content.py [Content]   (exit status 1 on errors)
"""
import os
import re
import sys
from collections import defaultdict

import yaml

FLOORS = {"overview": 600, "strategy": 600, "organization": 600, "state": 600}
DEFAULT_FLOOR = 350
MIN_NON_SOURCE = 110
SELF_REFERENCE = [
    r"knowledge base", r"this reference", r"this site\b", r"covered here", r"this wiki",
    r"the entry on", r"this entry", r"this page", r"see the entry",
]
LINK = re.compile(r"\[\[([^\[\]]+?)\]\]")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
STANDARD = {"title", "summary", "aliases", "date", "until", "updated", "draft", "as_of"}
SOURCE_FIELDS = {"author", "publisher", "published", "url", "accessed", "identifier"}


def split_front_matter(text):
    if not text.startswith("---\n"):
        return None, text
    end = text.find("\n---\n", 4)
    if end < 0:
        return None, text
    return text[4:end], text[end + 5:]


def as_text(value):
    return value if isinstance(value, str) else str(value)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    root = args[0] if args else os.path.join(os.path.dirname(__file__), "..", "Content")
    errors, warnings = [], []
    taxonomy = yaml.safe_load(open(os.path.join(root, "taxonomy.yml"), encoding="utf-8"))
    kinds = taxonomy["kinds"]
    folder_kind = {spec.get("folder", key): key for key, spec in kinds.items()}
    source_kinds = {key for key, spec in kinds.items() if spec.get("source")}
    facets = {key: set(spec.get("terms", [])) for key, spec in taxonomy.get("facets", {}).items()}

    entries = {}
    for dirpath, _, files in os.walk(root):
        for name in sorted(files):
            if not name.endswith(".md"):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            folder = rel.split(os.sep)[0]
            if folder not in folder_kind:
                errors.append(f"{rel}: folder `{folder}` belongs to no kind")
                continue
            text = open(path, encoding="utf-8").read()
            fm_text, body = split_front_matter(text)
            if fm_text is None:
                errors.append(f"{rel}: no front matter")
                continue
            try:
                fm = yaml.load(fm_text, Loader=yaml.BaseLoader)  # everything as text, as the generator reads it
            except yaml.YAMLError as error:
                errors.append(f"{rel}: front matter does not parse: {error}")
                continue
            slug = name[:-3]
            if slug in entries:
                errors.append(f"{rel}: slug `{slug}` also used by {entries[slug]['rel']}")
            entries[slug] = {"rel": rel, "kind": folder_kind[folder], "fm": fm or {}, "body": body}

    names = {}
    for slug, entry in entries.items():
        fm = entry["fm"]
        if not fm.get("title"):
            errors.append(f"{entry['rel']}: no title")
        if not fm.get("summary"):
            errors.append(f"{entry['rel']}: no summary")
        for name in [fm.get("title", "")] + list(fm.get("aliases", []) or []):
            key = as_text(name).lower()
            if key in names and names[key] != slug:
                errors.append(f"{entry['rel']}: name `{name}` is also a title or alias of `{names[key]}`")
            names.setdefault(key, slug)

    def resolve(target):
        target = target.strip()
        if target in entries:
            return target
        return names.get(target.lower())

    incoming = defaultdict(set)
    cited = defaultdict(set)
    for slug, entry in entries.items():
        kind, fm, rel = entry["kind"], entry["fm"], entry["rel"]
        spec = kinds[kind]
        relations = spec.get("relations", {}) or {}
        for key, value in fm.items():
            if key in STANDARD or key in facets:
                continue
            if kind in source_kinds and key in SOURCE_FIELDS:
                continue
            if key not in relations:
                errors.append(f"{rel}: unknown field `{key}` for kind {kind}")
                continue
            relation = relations[key]
            allowed = relation["to"] if isinstance(relation["to"], list) else [relation["to"]]
            items = value if isinstance(value, list) else [value]
            if "min" in relation and len(items) < int(relation["min"]):
                errors.append(f"{rel}: `{key}` needs at least {relation['min']}")
            if "max" in relation and len(items) > int(relation["max"]):
                errors.append(f"{rel}: `{key}` allows at most {relation['max']}")
            seen = set()
            for item in items:
                if isinstance(item, dict):
                    target = item.get("to")
                    start, end = item.get("from"), item.get("until")
                    for label, date in (("from", start), ("until", end)):
                        if date is not None and not DATE.match(as_text(date)):
                            errors.append(f"{rel}: `{key}` → {target}: `{label}` {date} is not a year, year-month or date")
                    if start and end and as_text(start) > as_text(end):
                        errors.append(f"{rel}: `{key}` → {target}: from {start} after until {end}")
                    unknown = set(item) - {"to", "from", "until", "note"}
                    if unknown:
                        errors.append(f"{rel}: `{key}` → {target}: unknown keys {sorted(unknown)}")
                else:
                    target = item
                if target is None or target not in entries:
                    errors.append(f"{rel}: `{key}` names no entry: {target}")
                    continue
                if target == slug:
                    errors.append(f"{rel}: `{key}` relates the entry to itself")
                if target in seen:
                    warnings.append(f"{rel}: `{target}` listed twice in `{key}`")
                seen.add(target)
                if entries[target]["kind"] not in allowed:
                    errors.append(f"{rel}: `{key}` → {target} is a {entries[target]['kind']}, allowed {allowed}")
                incoming[target].add(slug)
        for facet, terms in facets.items():
            for term in fm.get(facet, []) or []:
                if term not in terms:
                    errors.append(f"{rel}: `{facet}` term `{term}` is not declared")
        for field in ("date", "until", "as_of"):
            if field in fm and not DATE.match(as_text(fm[field])):
                errors.append(f"{rel}: `{field}` {fm[field]} is not a year, year-month or date")
        if kind in source_kinds:
            if not (fm.get("url") or fm.get("identifier")):
                errors.append(f"{rel}: source has neither url nor identifier")
            for field in ("publisher", "published", "accessed"):
                if not fm.get(field):
                    errors.append(f"{rel}: source has no `{field}`")
            if fm.get("published") and not DATE.match(as_text(fm["published"])):
                errors.append(f"{rel}: `published` {fm['published']} is not a year, year-month or date")
        for match in LINK.finditer(entry["body"]):
            inner = match.group(1)
            line = entry["body"].count("\n", 0, match.start()) + 1
            if inner.startswith("@"):
                target = inner[1:].split("|")[0].strip()
                if target not in entries:
                    errors.append(f"{rel}:{line}: citation [[{inner}]] names no entry")
                elif entries[target]["kind"] not in source_kinds:
                    errors.append(f"{rel}:{line}: citation [[{inner}]] is not a source")
                else:
                    cited[target].add(slug)
                    incoming[target].add(slug)
                continue
            target = inner.split("|")[0].split("#")[0]
            found = resolve(target)
            if found is None:
                errors.append(f"{rel}:{line}: wiki-link [[{inner}]] names no entry")
            else:
                incoming[found].add(slug)
        lowered = entry["body"].lower() + " " + as_text(fm.get("summary", "")).lower()
        for pattern in SELF_REFERENCE:
            if re.search(pattern, lowered):
                errors.append(f"{rel}: talks about the site itself ({pattern})")

    # Words and sentences, measured on the text a reader sees.
    def visible(body):
        def replace(match):
            inner = match.group(1)
            if inner.startswith("@"):
                return ""
            if "|" in inner:
                return inner.split("|", 1)[1]
            found = resolve(inner.split("#")[0])
            return as_text(entries[found]["fm"].get("title", inner)) if found else inner
        text = LINK.sub(replace, body)
        return text

    def words(text):
        return [w for w in re.split(r"\s+", text) if re.search(r"[A-Za-z0-9]", w)]

    sentence_owner = defaultdict(set)
    counts = {}
    for slug, entry in entries.items():
        text = visible(entry["body"])
        counts[slug] = len(words(text))
        if entry["kind"] in source_kinds:
            continue
        floor = FLOORS.get(entry["kind"], DEFAULT_FLOOR)
        if counts[slug] < floor:
            errors.append(f"{entry['rel']}: {counts[slug]} words, below the {entry['kind']} floor of {floor}")
        plain = re.sub(r"[#*|`>_]", " ", text)
        for sentence in re.split(r"(?<=[.!?])\s+|\n+", plain):
            normal = " ".join(w.lower().strip(".,;:!?()\"'") for w in words(sentence))
            if len(normal.split()) >= 8:
                sentence_owner[normal].add(slug)
    for sentence, owners in sentence_owner.items():
        if len(owners) > 1:
            errors.append(f"sentence repeated in {sorted(owners)}: {sentence[:90]}")

    non_source = [s for s, e in entries.items() if e["kind"] not in source_kinds]
    for slug in non_source:
        if slug not in {c for cs in cited.values() for c in cs}:
            errors.append(f"{entries[slug]['rel']}: cites no source")
    for slug, entry in entries.items():
        if entry["kind"] in source_kinds and not cited.get(slug):
            errors.append(f"{entry['rel']}: source cited by no entry")

    site = yaml.load(open(os.path.join(root, "site.yml"), encoding="utf-8"), Loader=yaml.BaseLoader)
    intro = site.get("intro", "")
    for match in LINK.finditer(intro):
        target = match.group(1).split("|")[0].split("#")[0]
        found = resolve(target)
        if found is None:
            errors.append(f"site.yml: intro link [[{match.group(1)}]] names no entry")
        else:
            incoming[found].add("(home)")
    for pattern in SELF_REFERENCE:
        if re.search(pattern, intro.lower()):
            errors.append(f"site.yml: intro talks about the site itself ({pattern})")
    for slug, entry in entries.items():
        if not incoming.get(slug):
            errors.append(f"{entry['rel']}: orphan, nothing points to it")
    for facet, terms in facets.items():
        used = {t for e in entries.values() for t in (e["fm"].get(facet, []) or [])}
        for term in sorted(terms - used):
            warnings.append(f"taxonomy.yml: declared term `{term}` of `{facet}` is used by no entry")

    by_kind = defaultdict(list)
    for slug, entry in entries.items():
        by_kind[entry["kind"]].append(slug)
    if "-v" in sys.argv:
        for kind in kinds:
            listed = ", ".join(f"{s} ({counts[s]})" for s in sorted(by_kind[kind]))
            print(f"{kind} [{len(by_kind[kind])}]: {listed}")
    if len(non_source) < MIN_NON_SOURCE:
        errors.append(f"only {len(non_source)} non-source entries (need {MIN_NON_SOURCE})")
    for line in warnings:
        print("warning:", line)
    for line in errors:
        print("error:", line)
    total_words = sum(counts[s] for s in non_source)
    print(f"{len(non_source)} entries, {len(entries) - len(non_source)} sources, "
          f"{total_words} words in entries; {len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
