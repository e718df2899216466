#!/usr/bin/env python3
"""Turns a generated ops corpus into a git repository with a long, realistic history.

    python3 scripts/gen_history.py CORPUS_DIR REPO_DIR [--commits 10000] [--seed 1]

The first commit imports the corpus; each later commit edits one to three pages
(or now and then adds one) as one of twenty authors, an hour or so after the
previous one. Every 50 commits a side branch of three commits is merged back with
a merge commit, so merges are part of the walk. Written with `git fast-import`,
so 10,000 commits take seconds. Deterministic for a given seed.
"""

import argparse
import os
import random
import subprocess
import sys

AUTHORS = [(f"Author {i:02d}", f"author{i:02d}@example.com") for i in range(20)]


def corpus_files(root):
    files = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            with open(path, "rb") as f:
                files[rel] = f.read()
    return files


class Stream:
    def __init__(self, out):
        self.out = out
        self.mark = 0

    def next_mark(self):
        self.mark += 1
        return self.mark

    def data(self, payload):
        self.out.write(b"data %d\n" % len(payload))
        self.out.write(payload)
        self.out.write(b"\n")

    def blob(self, content):
        mark = self.next_mark()
        self.out.write(b"blob\nmark :%d\n" % mark)
        self.data(content)
        return mark

    def commit(self, ref, author, when, message, parents, changes):
        blobs = [(path, self.blob(content)) for path, content in changes]
        mark = self.next_mark()
        name, email = author
        ident = f"{name} <{email}> {when} +0000".encode()
        self.out.write(b"commit %s\nmark :%d\n" % (ref.encode(), mark))
        self.out.write(b"author " + ident + b"\ncommitter " + ident + b"\n")
        self.data(message.encode())
        if parents:
            self.out.write(b"from :%d\n" % parents[0])
            for other in parents[1:]:
                self.out.write(b"merge :%d\n" % other)
        for path, blob in blobs:
            self.out.write(b"M 100644 :%d %s\n" % (blob, path.encode()))
        self.out.write(b"\n")
        return mark


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("repo")
    parser.add_argument("--commits", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    files = corpus_files(args.corpus)
    pages = [p for p in files if p.endswith(".md")]
    if not pages:
        sys.exit(f"{args.corpus}: no Markdown pages")
    os.makedirs(args.repo, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", args.repo], check=True)
    proc = subprocess.Popen(
        ["git", "fast-import", "--quiet"], cwd=args.repo, stdin=subprocess.PIPE
    )
    stream = Stream(proc.stdin)
    when = 1735725600  # 2025-01-01 10:00 UTC
    head = stream.commit(
        "refs/heads/main", AUTHORS[0], when, "Import the ops repository",
        [], sorted(files.items()),
    )
    made = 1
    added = 0

    def edit(path, n):
        files[path] = files[path] + f"\nRevision {n}: clarified a step.\n".encode()
        return (path, files[path])

    while made < args.commits:
        when += rng.randint(600, 7200)
        if made % 50 == 49 and args.commits - made >= 4:
            # A side branch of three commits, on pages main does not touch meanwhile.
            side = head
            touched = {}
            for _ in range(3):
                when += rng.randint(60, 600)
                path = rng.choice(pages)
                change = edit(path, made)
                touched[path] = change[1]
                side = stream.commit(
                    "refs/heads/side", rng.choice(AUTHORS), when,
                    f"Side work {made}", [side], [change],
                )
                made += 1
            when += rng.randint(60, 600)
            head = stream.commit(
                "refs/heads/main", rng.choice(AUTHORS), when, f"Merge side work {made}",
                [head, side], sorted(touched.items()),
            )
            made += 1
            continue
        if rng.random() < 0.03:
            added += 1
            path = f"sops/new/page-{added:05d}.md"
            files[path] = f"+++\ntitle = \"New page {added}\"\n+++\n# New page {added}\n".encode()
            pages.append(path)
            changes = [(path, files[path])]
        else:
            changes = [edit(p, made) for p in rng.sample(pages, rng.randint(1, 3))]
        head = stream.commit(
            "refs/heads/main", rng.choice(AUTHORS), when, f"Edit {made}", [head], changes,
        )
        made += 1
    proc.stdin.close()
    if proc.wait() != 0:
        sys.exit("git fast-import failed")
    subprocess.run(["git", "-C", args.repo, "checkout", "-q", "-f", "main"], check=True)
    print(f"{args.repo}: {made} commits, {len(pages)} pages")


if __name__ == "__main__":
    main()
