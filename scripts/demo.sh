#!/usr/bin/env bash
# The main job on the bundled example monorepo: sets up the machine, builds nixpacks-ci, puts
# Examples/monorepo into a fresh git repository with a feature branch, shows what changed, and
# builds the services' images (then again with --since: all cache hits).
set -euo pipefail
cd "$(dirname "$0")/.."
export NIXPACKS_CI_DOCKER=${NIXPACKS_CI_DOCKER:-/usr/bin/docker}
docker() { "$NIXPACKS_CI_DOCKER" "$@"; }
bash scripts/harness.sh
swift build -c release --product nixpacks-ci
tool="$PWD/.build/release/nixpacks-ci"

work=$(mktemp -d /tmp/nixpacks-ci-demo.XXXXXX)
cp -r Examples/monorepo "$work/monorepo"
cd "$work/monorepo"
git init -q -b main
git add -A
git -c user.name=demo -c user.email=demo@example.invalid commit -qm "example monorepo"
git checkout -q -b feature
echo "// a change to the shared library" >> libs/greeting/greeting.js
echo "more docs" >> docs/architecture.md
git -c user.name=demo -c user.email=demo@example.invalid commit -qam "change the shared greeting library and the docs"

run() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }
run "$tool" services
run "$tool" graph --format mermaid
run "$tool" affected --since main
run "$tool" detect services/web
run "$tool" explain storefront --package-source debian
run "$tool" plan services/goapi
run "$tool" build --package-source debian --cache-dir "$work/cache" --junit "$work/junit.xml"
run "$tool" build --since main --package-source debian --cache-dir "$work/cache"
# Each image answers: web (a file: library), and the npm workspace's apps, built from pruned
# contexts with the root lockfile (storefront uses two workspace libraries, admin bundles one).
for image in web storefront admin; do
    id=$(docker run -d -p 127.0.0.1::3000 "$image")
    printf '\n\033[1m$ curl (the %s image)\033[0m\n' "$image"
    for _ in $(seq 1 30); do
        curl -fsS "http://$(docker port "$id" 3000/tcp | head -1)/" 2>/dev/null && break
        sleep 0.5
    done
    docker rm -f "$id" >/dev/null
done
echo "# an uncommitted change" >> services/pyapi/main.py
run "$tool" affected --since main --format json
echo
echo "demo repository: $work/monorepo"
