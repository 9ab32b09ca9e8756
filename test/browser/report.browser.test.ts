import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { built, killStragglers, oktactl, startCliSandbox, tempHome } from '../e2e/helpers.js'

// The HTML report seen in a real browser (Debian's chromium, driven by playwright-core): the
// numbers its charts, cards and lists show are the numbers `--json` prints, the table sorts and
// filters, and the page fetches nothing. `.ci/run` installs Chromium when it is missing.

const chromium = process.env.OKTACTL_CHROMIUM ?? '/usr/bin/chromium'
const haveBrowser = existsSync(chromium)
const why = !built
  ? ' (SKIPPED: no dist/cli.js; run `npm run build`)'
  : !haveBrowser
    ? ` (SKIPPED: no Chromium at ${chromium}; install it with \`apt-get install chromium\`, or set OKTACTL_CHROMIUM to a Chromium binary)`
    : ''
afterAll(killStragglers)

interface Report {
  summary: {
    users: number
    byClass: Record<string, { count: number; percent: number }>
    byFactorType: Array<{ type: string; count: number; percent: number }>
    actions: { noMfa: string[]; phishableOnly: string[]; adminsWithoutPhishingResistant?: string[] }
  }
  users: Array<{ login: string; class: string }>
}

describe.skipIf(!built || !haveBrowser)(`the MFA report in a real browser${why}`, () => {
  it('shows the --json numbers in its charts, cards and lists; sorts and filters its table; loads nothing', async () => {
    const home = tempHome('browser')
    const sb = await startCliSandbox(home, ['--users', '200'])
    try {
      const r = await oktactl(home, ['--profile', 'sandbox', 'report', 'mfa', '--all-users', '--with-roles', '--json', '--html', 'mfa.html'], { timeoutMs: 30_000 })
      expect(r.code, r.stderr).toBe(0)
      const j = JSON.parse(r.stdout) as Report
      const { chromium: browserType } = await import('playwright-core')
      const browser = await browserType.launch({
        executablePath: chromium,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      })
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
        const requested: string[] = []
        page.on('request', (q) => requested.push(q.url()))
        const errors: string[] = []
        page.on('pageerror', (e) => errors.push(e.message))
        page.on('console', (m) => {
          if (m.type() === 'error') errors.push(m.text())
        })
        const url = pathToFileURL(join(home.dir, 'mfa.html')).href
        await page.goto(url)

        // The class chart and cards: each bar's drawn label is the JSON count and percent.
        for (const [cls, c] of Object.entries(j.summary.byClass)) {
          const bar = page.locator(`#chart-classes .bar[data-key="${cls}"]`)
          expect(await bar.locator('.value').textContent()).toBe(`${c.count} (${c.percent}%)`)
          expect(await page.locator(`.card[data-class="${cls}"] .n`).textContent()).toBe(String(c.count))
          // Bar lengths are in proportion to the counts.
          const width = Number(await bar.locator('rect').getAttribute('width'))
          const max = Math.max(...Object.values(j.summary.byClass).map((x) => x.count))
          expect(Math.abs(width - Math.round((c.count / max) * 330))).toBeLessThanOrEqual(1)
        }
        const types = await page.locator('#chart-types .bar').evaluateAll((bars) => bars.map((b) => `${b.getAttribute('data-key') ?? ''} ${b.querySelector('.value')?.textContent ?? ''}`))
        expect(types).toEqual(j.summary.byFactorType.map((t) => `${t.type} ${t.count} (${t.percent}%)`))
        expect(await page.locator('#user-count').textContent()).toBe(String(j.summary.users))
        expect(await page.locator('#action-no-mfa .n').textContent()).toBe(String(j.summary.actions.noMfa.length))
        expect(await page.locator('#action-phishable-only .n').textContent()).toBe(String(j.summary.actions.phishableOnly.length))
        expect(await page.locator('#action-admins li').allTextContents()).toEqual(j.summary.actions.adminsWithoutPhishingResistant)

        // The table: every user; filter by class and by text; sort by login, both ways.
        const rows = page.locator('#users-table tbody tr')
        const visible = page.locator('#users-table tbody tr:not([hidden])')
        expect(await rows.count()).toBe(j.users.length)
        await page.selectOption('#class-filter', 'none')
        expect(await visible.count()).toBe(j.summary.byClass.none?.count)
        expect(await page.locator('#shown').textContent()).toBe(`${j.summary.byClass.none?.count} of ${j.users.length} users`)
        await page.selectOption('#class-filter', '')
        await page.fill('#filter', 'user0013@')
        expect(await visible.locator('td:first-child').allTextContents()).toEqual(['user0013@example.com'])
        await page.fill('#filter', '')
        await page.click('#users-table th[data-col="0"]')
        const asc = await page.locator('#users-table tbody tr td:first-child').allTextContents()
        expect(asc).toEqual([...j.users.map((u) => u.login)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
        await page.click('#users-table th[data-col="0"]')
        expect(await page.locator('#users-table tbody tr td:first-child').first().textContent()).toBe(asc.at(-1))
        expect(await page.locator('#users-table th[data-col="0"]').getAttribute('aria-sort')).toBe('descending')

        const shots = mkdtempSync(join(tmpdir(), 'oktactl-report-shot-'))
        const shot = join(shots, 'report.png')
        await page.evaluate(() => {
          ;(globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0)
        })
        await page.screenshot({ path: shot, fullPage: false })
        expect(statSync(shot).size).toBeGreaterThan(10_000)
        expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG')
        expect(errors).toEqual([])
        expect(requested).toEqual([url]) // nothing but the file itself
      } finally {
        await browser.close()
      }
    } finally {
      await sb.stop()
      home.remove()
    }
  }, 60_000)
})
