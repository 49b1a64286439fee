#!/usr/bin/env bash
# Lints openapi/openapi.yaml with Redocly CLI (ruleset "recommended", redocly.yaml) and Spectral (ruleset
# "spectral:oas", .spectral.yaml). Both always run; the exit status is non-zero when either reports an error.
# Warnings are printed but do not fail the run.
#
# Needs Node.js (20.19+ or 22.12+) and npm. The pinned tools are installed into a temporary directory, or into
# $OPENAPI_LINT_TOOLS when it is set, which is then kept to be reused by the next run.
#
#   openapi/lint.sh [file]     (default: openapi/openapi.yaml)
set -euo pipefail

REDOCLY_CLI_VERSION=2.77.0
SPECTRAL_CLI_VERSION=6.16.3

here="$(cd "$(dirname "$0")" && pwd)"
spec="$(realpath "${1:-$here/openapi.yaml}")"

if [[ -n "${OPENAPI_LINT_TOOLS:-}" ]]; then
  tools="$OPENAPI_LINT_TOOLS"
  mkdir -p "$tools"
else
  tools="$(mktemp -d)"
  trap 'rm -rf "$tools"' EXIT
fi

installed() {
  [[ "$(node -p "require('$tools/node_modules/$1/package.json').version" 2>/dev/null)" == "$2" ]]
}
if ! installed @redocly/cli "$REDOCLY_CLI_VERSION" || ! installed @stoplight/spectral-cli "$SPECTRAL_CLI_VERSION"; then
  echo "== Installing @redocly/cli@$REDOCLY_CLI_VERSION and @stoplight/spectral-cli@$SPECTRAL_CLI_VERSION"
  npm install --prefix "$tools" --no-save --no-audit --no-fund --ignore-scripts --loglevel=error \
    "@redocly/cli@$REDOCLY_CLI_VERSION" "@stoplight/spectral-cli@$SPECTRAL_CLI_VERSION" >/dev/null
fi

export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
status=0

echo "== Redocly CLI $REDOCLY_CLI_VERSION (recommended): $spec"
"$tools/node_modules/.bin/redocly" lint --config "$here/redocly.yaml" --format=stylish "$spec" || status=1

echo "== Spectral $SPECTRAL_CLI_VERSION (spectral:oas): $spec"
"$tools/node_modules/.bin/spectral" lint --ruleset "$here/.spectral.yaml" --fail-severity=error "$spec" || status=1

if [[ $status -ne 0 ]]; then
  echo "== OpenAPI lint failed"
fi
exit $status
