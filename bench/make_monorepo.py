#!/usr/bin/env python3
"""Generates a synthetic polyglot monorepo for the benchmarks with `git fast-import`.

2,000 services and 50 libraries (about 80,000 files), a few hundred commits on main, and a feature
branch cut 50 commits before main's tip that changes a handful of services and one library.
Usage: make_monorepo.py DIR [--services N] [--files-per-service N] [--commits N]
"""
import argparse
import os
import random
import subprocess
import sys

parser = argparse.ArgumentParser()
parser.add_argument("directory")
parser.add_argument("--services", type=int, default=2000)
parser.add_argument("--libraries", type=int, default=50)
parser.add_argument("--files-per-service", type=int, default=39)
parser.add_argument("--commits", type=int, default=300)
args = parser.parse_args()

rng = random.Random(42)
os.makedirs(args.directory, exist_ok=True)
subprocess.run(["git", "init", "-q", "-b", "main", args.directory], check=True)

kinds = ["node", "python", "go", "rust", "static"]
files = {}


def library_path(index):
    return f"libs/lib-{index:03d}"


for index in range(args.libraries):
    base = library_path(index)
    files[f"{base}/package.json"] = f'{{"name": "lib-{index:03d}", "main": "index.js"}}\n'
    for n in range(args.files_per_service):
        files[f"{base}/src/module{n}.js"] = f"module.exports = {index * 1000 + n};\n"

for index in range(args.services):
    kind = kinds[index % len(kinds)]
    base = f"services/{kind}/svc-{index:04d}"
    if kind == "node":
        lib = library_path(index % args.libraries)
        files[f"{base}/package.json"] = (
            f'{{"name": "svc-{index:04d}", "scripts": {{"start": "node src/file0.js"}}, '
            f'"dependencies": {{"lib-{index % args.libraries:03d}": "file:../../../{lib}"}}}}\n')
        ext = "js"
    elif kind == "python":
        files[f"{base}/requirements.txt"] = "flask==3.0.3\n"
        files[f"{base}/main.py"] = "print('hi')\n"
        ext = "py"
    elif kind == "go":
        files[f"{base}/go.mod"] = f"module example.com/svc{index}\n\ngo 1.22\n"
        files[f"{base}/main.go"] = "package main\n\nfunc main() {}\n"
        ext = "go"
    elif kind == "rust":
        files[f"{base}/Cargo.toml"] = f'[package]\nname = "svc{index}"\nversion = "0.1.0"\n'
        files[f"{base}/src/main.rs"] = "fn main() {}\n"
        ext = "rs"
    else:
        files[f"{base}/index.html"] = "<h1>hi</h1>\n"
        ext = "css"
    present = sum(1 for path in files if path.startswith(base + "/"))
    for n in range(args.files_per_service - present + 1):
        files[f"{base}/src/sub{n % 4}/file{n}.{ext}"] = f"// service {index} file {n}\n"

files["README.md"] = "# synthetic monorepo\n"
files["nixpacks-ci.toml"] = 'version = 1\n[changes]\nignore = ["**/*.md", "docs/**"]\n'

service_dirs = sorted({"/".join(path.split("/")[:3]) for path in files if path.startswith("services/")})
stream = []
mark = 0


def blob(data):
    global mark
    mark += 1
    encoded = data.encode()
    stream.append(f"blob\nmark :{mark}\ndata {len(encoded)}\n".encode() + encoded + b"\n")
    return mark


def commit(branch, message, changes, parent=None, when=[1700000000]):
    when[0] += 60
    body = message.encode()
    header = (f"commit refs/heads/{branch}\ncommitter Bench <bench@example.invalid> {when[0]} +0000\n"
              f"data {len(body)}\n").encode() + body + b"\n"
    if parent:
        header += f"from {parent}\n".encode()
    lines = [header]
    for path, data in changes.items():
        lines.append(f"M 100644 :{blob(data)} {path}\n".encode())
    # Blobs must precede the commit that uses them: move the commit after them.
    commit_bytes = b"".join(lines)
    stream.append(commit_bytes + b"\n")


commit("main", "initial", files)
for number in range(args.commits):
    service = rng.choice(service_dirs)
    commit("main", f"main change {number}", {f"{service}/CHANGES.txt": f"change {number}\n"})
    if number == args.commits - 50:
        commit("feature", "branch point", {}, parent="refs/heads/main")
for number in range(20):
    service = rng.choice(service_dirs)
    commit("feature", f"feature change {number}", {f"{service}/src/feature{number}.txt": f"feature {number}\n"})
commit("feature", "feature library change", {f"{library_path(7)}/src/module0.js": "module.exports = -1;\n"})

data = b"".join(stream)
subprocess.run(["git", "-C", args.directory, "fast-import", "--quiet"], input=data, check=True)
subprocess.run(["git", "-C", args.directory, "checkout", "-q", "-f", "feature"], check=True)
print(f"{len(files)} files, {len(service_dirs)} services, {args.libraries} libraries, "
      f"{args.commits + 22} commits in {args.directory}", file=sys.stderr)
