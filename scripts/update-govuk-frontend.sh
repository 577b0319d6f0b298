#!/usr/bin/env bash
# Vendors GOV.UK Frontend's built CSS and JS under static files, so that running the
# product needs no Node.js. Usage: scripts/update-govuk-frontend.sh [VERSION]
# Needs npm, only to download the package tarball from the npm registry.
#
# Two changes are made to the built CSS, because a council service is not GOV.UK:
# - the GDS Transport font is licensed for GOV.UK only, so its @font-face rules are
#   dropped and text falls back to Arial, as the Design System advises;
# - the crown (crest) image is not ours to use, so it is not vendored.
set -euo pipefail
version="${1:-5.14.0}"
here="$(cd "$(dirname "$0")/.." && pwd)"
dest="$here/src/caution/static/govuk-frontend"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "govuk-frontend@$version" >/dev/null && tar -xzf govuk-frontend-*.tgz)
dist="$work/package/dist/govuk"
rm -rf "$dest"
mkdir -p "$dest/images"
sed -E -e 's/@font-face\{[^}]*\}//g' -e 's/GDS Transport,//g' \
  "$dist/govuk-frontend.min.css" > "$dest/govuk-frontend.min.css"
cp "$dist/govuk-frontend.min.js" "$dest/"
cp "$dist/assets/images/favicon.ico" "$dist/assets/images/favicon.svg" "$dest/images/"
echo "$version" > "$dest/VERSION"
echo "GOV.UK Frontend $version (MIT licence) vendored into ${dest#"$here/"}"
