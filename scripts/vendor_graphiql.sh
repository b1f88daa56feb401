#!/usr/bin/env bash
# Vendors GraphiQL and what it runs on into strategygraph/api/static/graphiql/ from their npm
# packages (the versions Strawberry's own GraphiQL page names, byte for byte: the page keeps
# Strawberry's integrity hashes), with their licence files, so GraphiQL works offline.
# Run it after changing a version below; it needs npm and the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."
out=strategygraph/api/static/graphiql
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent react@18.2.0 react-dom@18.2.0 graphiql@3.8.3 \
  @graphiql/plugin-explorer@1.0.2 >/dev/null)
for tgz in "$tmp"/*.tgz; do
  mkdir -p "${tgz%.tgz}" && tar xzf "$tgz" -C "${tgz%.tgz}"
done
mkdir -p "$out"
cp "$tmp"/react-18.2.0/package/umd/react.production.min.js "$out"/
cp "$tmp"/react-18.2.0/package/LICENSE "$out"/LICENSE.react
cp "$tmp"/react-dom-18.2.0/package/umd/react-dom.production.min.js "$out"/
cp "$tmp"/react-dom-18.2.0/package/LICENSE "$out"/LICENSE.react-dom
cp "$tmp"/graphiql-3.8.3/package/graphiql.min.js "$tmp"/graphiql-3.8.3/package/graphiql.min.css "$out"/
cp "$tmp"/graphiql-3.8.3/package/LICENSE "$out"/LICENSE.graphiql
cp "$tmp"/graphiql-plugin-explorer-1.0.2/package/dist/index.umd.js "$out"/plugin-explorer.umd.js
cp "$tmp"/graphiql-plugin-explorer-1.0.2/package/dist/style.css "$out"/plugin-explorer.css
echo "vendored into $out"
