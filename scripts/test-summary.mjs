// Prints vitest's JSON report as one plain closing line ("N passed, N failed, N skipped"), so a
// CI log says at a glance how many tests ran. Exits non-zero if the report shows a failure.
import { readFileSync } from 'node:fs'

const file = process.argv[2] ?? '.vitest-report.json'
const r = JSON.parse(readFileSync(file, 'utf8'))
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0)
console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`)
// No test skips silently: each skipped suite's title says why (e.g. "(SKIPPED: no Chromium …)").
const why = new Set()
for (const file of r.testResults ?? []) {
  for (const t of file.assertionResults ?? []) {
    if (t.status !== 'pending' && t.status !== 'skipped' && t.status !== 'todo') continue
    const title = [...(t.ancestorTitles ?? []), t.title].find((x) => /\(SKIPPED/.test(x))
    why.add(title ?? `${t.fullName ?? t.title} (skipped; its suite gives no reason)`)
  }
}
for (const line of why) console.log(`skipped: ${line}`)
if (r.numFailedTests > 0 || r.numTotalTests === 0) process.exitCode = 1
