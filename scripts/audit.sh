#!/usr/bin/env bash
# Known vulnerabilities in what Ayni runs with: `npm audit --omit=dev --audit-level=high`.
# Fails on any high or critical advisory in a production dependency (dev tools are left out: they
# never run in production). Where the registry's advisory service cannot be reached (some
# networks allow only GET to the registry, and npm audit needs a POST), nothing can be checked:
# that is said loudly, and fails only with AUDIT_REQUIRED=true.
set -uo pipefail
cd "$(dirname "$0")/.."

report="$(mktemp)"
trap 'rm -f "$report"' EXIT
npm audit --omit=dev --audit-level=high --json >"$report" 2>/dev/null
status=$?

node - "$report" "$status" "${AUDIT_REQUIRED:-false}" <<'EOF'
const [file, , required] = process.argv.slice(2);
let report = {};
try {
  report = JSON.parse(require('fs').readFileSync(file, 'utf8') || '{}');
} catch {}
const counts = report.metadata && report.metadata.vulnerabilities;
if (!counts) {
  const why = report.message || (report.error && report.error.summary) || 'no report';
  console.log(`npm audit: NOT CHECKED: the advisory service could not be reached (${why}).`);
  process.exit(required === 'true' ? 1 : 0);
}
const serious = (counts.high || 0) + (counts.critical || 0);
const names = Object.values(report.vulnerabilities || {})
  .filter((v) => v.severity === 'high' || v.severity === 'critical')
  .map((v) => `${v.name} (${v.severity}${v.fixAvailable ? ', fix available' : ''})`);
if (serious > 0) {
  console.log(`npm audit: ${counts.critical || 0} critical, ${counts.high || 0} high in production dependencies: ${names.join(', ')}`);
  console.log('Run `npm audit --omit=dev` for details and upgrade them.');
  process.exit(1);
}
console.log(`npm audit: no high or critical advisories in production dependencies (${counts.moderate || 0} moderate, ${counts.low || 0} low).`);
EOF
