#!/usr/bin/env python3
"""Checks every internal link of a built site on disk: each href and src of
each page must name a file of the output (a folder means its index.html),
and each #fragment must name an id on the target page.

    scripts/check_links.py OUTPUT_DIR [BASE_PATH]

BASE_PATH (default "/") is the path the site is published under: links that
start with it are looked up inside OUTPUT_DIR. Links to other hosts are not
followed. Fast enough for 10,000-page sites, where crawling over HTTP takes
far longer; scripts/check-site still crawls the shipped site over HTTP.
Prints one line per broken link (page, link, reason) and a summary; exits 1
when any link is broken, or when OUTPUT_DIR holds no page to check.
"""
import os
import sys
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit


class PageLinks(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            elif name == "name" and tag == "a":
                self.ids.add(value)
            elif name in ("href", "src") and not (tag == "link" and ("rel", "canonical") in attrs):
                self.links.append(value)


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    root = os.path.abspath(sys.argv[1])
    base = sys.argv[2] if len(sys.argv) > 2 else "/"
    if not base.endswith("/"):
        base += "/"

    pages = {}
    for folder, _, files in os.walk(root):
        for name in files:
            if name.endswith(".html"):
                path = os.path.join(folder, name)
                parser = PageLinks()
                with open(path, encoding="utf-8") as handle:
                    parser.feed(handle.read())
                pages[path] = parser

    def target_file(page, link):
        parts = urlsplit(link)
        if parts.scheme or parts.netloc:
            return None, parts.fragment  # another host (or an absolute URL: canonical, feeds)
        path = unquote(parts.path)
        if path == "":
            return page, parts.fragment
        if path.startswith("/"):
            if not path.startswith(base):
                return "outside " + base, parts.fragment
            resolved = os.path.join(root, path[len(base):])
        else:
            resolved = os.path.join(os.path.dirname(page), path)
        resolved = os.path.normpath(resolved)
        if resolved != root and not resolved.startswith(root + os.sep):
            return "outside the output folder", parts.fragment
        if path.endswith("/") or os.path.isdir(resolved):
            resolved = os.path.join(resolved, "index.html")
        return resolved, parts.fragment

    if not pages:
        print(f"broken links: not checked: no .html page under {root}")
        return 1
    links = broken = 0
    seen_files = {}
    for page, parser in sorted(pages.items()):
        for link in parser.links:
            target, fragment = target_file(page, link)
            if target is None:
                continue
            links += 1
            problem = None
            if target.startswith("outside"):
                problem = "points " + target
            else:
                exists = seen_files.get(target)
                if exists is None:
                    exists = seen_files[target] = os.path.isfile(target)
                if not exists:
                    problem = "no such file " + os.path.relpath(target, root)
                # A browser looks for the fragment as written, then percent-decoded (`#%5Eblock` finds id `^block`).
                elif fragment and target in pages and fragment not in pages[target].ids and unquote(fragment) not in pages[target].ids:
                    problem = "no id #" + fragment + " on " + os.path.relpath(target, root)
            if problem:
                broken += 1
                if broken <= 50:
                    print(f"{os.path.relpath(page, root)}: {link}: {problem}")
    print(f"broken links: {broken} ({links} internal links on {len(pages)} pages)")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
