#!/usr/bin/env python3
"""Generates the two large hostile repository shapes of issue 20 as committed git repositories.

deep DIR [--depth N]: N nested directories `d/d/.../d` (default 3,000) with a package.json at the
    bottom, next to a README at the root. At 3,000 levels the path is about 6,000 bytes, longer
    than PATH_MAX (4,096), so `git add` cannot reach it: the commit is written with
    `git fast-import`, and the working tree is made one level at a time relative to a directory
    descriptor (as a hostile checkout would be), then the index is read from the commit.
chain DIR [--services N]: N services (default 10,000) declared in nixpacks-ci.toml, each a static
    site (svc/sNNNNN/index.html) that dependsOn the one before it, committed; then a second commit
    that changes the first service, which every other one depends on (the whole chain is affected).
"""
import argparse
import os
import subprocess

AUTHOR = "bench <bench@example.invalid> 1700000000 +0000"


def git(directory, *arguments, stdin=None):
    subprocess.run(["git", "-C", directory, *arguments], input=stdin, check=True,
                   stdout=subprocess.DEVNULL)


def fast_import(directory, files, message):
    """One commit on main holding `files` (path -> bytes)."""
    stream = [b"commit refs/heads/main\n", f"author {AUTHOR}\ncommitter {AUTHOR}\n".encode(),
              f"data {len(message)}\n{message}\n".encode()]
    for path, data in sorted(files.items()):
        stream.append(f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n")
    git(directory, "fast-import", "--quiet", stdin=b"".join(stream))


def write_deep(root, depth, name, data):
    """`depth` directories `d` under `root` and `name` at the bottom, made with *at() calls."""
    directory = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    for _ in range(depth):
        os.mkdir("d", dir_fd=directory)
        below = os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=directory)
        os.close(directory)
        directory = below
    descriptor = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644, dir_fd=directory)
    os.write(descriptor, data)
    os.close(descriptor)
    os.close(directory)


def deep(directory, depth):
    manifest = b'{"name":"deep","scripts":{"start":"node index.js"}}\n'
    readme = b"# a repository with one very deep package\n"
    git(directory, "init", "-q", "-b", "main")
    fast_import(directory, {"README.md": readme, "d/" * depth + "package.json": manifest}, "deep")
    with open(os.path.join(directory, "README.md"), "wb") as handle:
        handle.write(readme)
    write_deep(directory, depth, "package.json", manifest)
    git(directory, "read-tree", "HEAD")
    # Stat data for what git can reach (a path longer than PATH_MAX stays without it).
    subprocess.run(["git", "-C", directory, "update-index", "-q", "--refresh"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def chain(directory, count):
    git(directory, "init", "-q", "-b", "main")
    config = ["version = 1\n"]
    for index in range(count):
        name = f"s{index:05d}"
        os.makedirs(os.path.join(directory, "svc", name))
        with open(os.path.join(directory, "svc", name, "index.html"), "w") as handle:
            handle.write(f"<p>{name}</p>\n")
        config.append(f'[services.{name}]\npath = "svc/{name}"\n')
        if index > 0:
            config.append(f'dependsOn = ["s{index - 1:05d}"]\n')
    with open(os.path.join(directory, "nixpacks-ci.toml"), "w") as handle:
        handle.write("".join(config))
    git(directory, "add", "-A")
    git(directory, "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "commit", "-qm", "chain")
    with open(os.path.join(directory, "svc", "s00000", "index.html"), "a") as handle:
        handle.write("<p>changed</p>\n")
    git(directory, "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "commit", "-qam", "change s00000")


parser = argparse.ArgumentParser()
parser.add_argument("shape", choices=["deep", "chain"])
parser.add_argument("directory")
parser.add_argument("--depth", type=int, default=3000)
parser.add_argument("--services", type=int, default=10000)
args = parser.parse_args()
os.makedirs(args.directory)
if args.shape == "deep":
    deep(args.directory, args.depth)
else:
    chain(args.directory, args.services)
