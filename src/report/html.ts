import { randomBytes } from 'node:crypto'
import { visible } from '../output/visible.js'
import { CLASSES, type MfaClass, type Posture } from './classify.js'
import type { Summary } from './summary.js'

/**
 * The MFA report as one self-contained HTML file: the summary as inline SVG charts, the lists
 * that need action, and a per-user table a reader can sort (click a heading) and filter (text,
 * class). Nothing is fetched: a Content-Security-Policy allows only this file's own style and
 * script (by nonce; no style attributes either), so even a value that escaped escaping could not
 * load or run anything.
 * Every value from the org is HTML-escaped.
 */

export interface HtmlMeta {
  org: string
  scope: string
  generatedAt: string
  version: string
}

/** A value from the org, made inert (control and invisible characters as escapes, as on a terminal: `cat` of the file must not drive one, nor U+202E reverse a login in the page), then HTML-escaped. */
const esc = (v: unknown) =>
  visible(v).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)

const COLOURS: Record<MfaClass, string> = {
  'phishing-resistant': '#1a7f37',
  strong: '#2f6fbd',
  'phishable-only': '#c27c0e',
  none: '#c0362c',
}

interface Bar {
  key: string
  label: string
  count: number
  percent: number
  colour: string
}

function barChart(id: string, title: string, bars: Bar[]): string {
  const rowH = 30
  const labelW = 170
  const barW = 330
  const h = bars.length * rowH + 10
  const max = Math.max(1, ...bars.map((b) => b.count))
  const rows = bars
    .map((b, i) => {
      const y = i * rowH + 5
      const w = Math.round((b.count / max) * barW)
      return (
        `<g class="bar" data-key="${esc(b.key)}" data-count="${b.count}" data-percent="${b.percent}">` +
        `<text x="${labelW - 8}" y="${y + 18}" text-anchor="end" class="label">${esc(b.label)}</text>` +
        `<rect x="${labelW}" y="${y + 4}" width="${w}" height="${rowH - 10}" rx="3" fill="${b.colour}"><title>${esc(b.label)}: ${b.count} (${b.percent}%)</title></rect>` +
        `<text x="${labelW + w + 6}" y="${y + 18}" class="value">${b.count} (${b.percent}%)</text></g>`
      )
    })
    .join('')
  return (
    `<figure id="${id}"><figcaption>${esc(title)}</figcaption>` +
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(title)}" viewBox="0 0 ${labelW + barW + 110} ${h}" width="${labelW + barW + 110}" height="${h}">${rows}</svg></figure>`
  )
}

const briefs = (fs: Posture['active']) => fs.map((f) => `${f.type}${f.provider ? ` (${f.provider})` : ''}`).join(', ')

function actionList(id: string, title: string, logins: string[] | undefined): string {
  if (logins === undefined) return ''
  const items = logins.length ? `<ul>${logins.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>` : '<p class="muted">None.</p>'
  return `<details id="${id}" ${logins.length && logins.length <= 50 ? 'open' : ''}><summary>${esc(title)}: <span class="n">${logins.length}</span></summary>${items}</details>`
}

const STYLE = `body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1200px;padding:24px;color:#1f2328}
h1{margin:0 0 4px}h2{margin:28px 0 8px}.muted,figcaption{color:#59636e}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}.card{border-left:6px solid var(--c);background:#f6f8fa;padding:10px 16px;min-width:150px}
.card .n{font-size:28px;font-weight:600}.card .pct{color:#59636e}
figure{margin:12px 0}figcaption{font-weight:600;margin-bottom:4px}svg text{font:13px system-ui,sans-serif;fill:#1f2328}
details{margin:6px 0}summary{cursor:pointer;font-weight:600}details ul{columns:3;margin:6px 0}
.controls{display:flex;gap:8px;align-items:center;margin:8px 0}input,select{font:inherit;padding:4px 6px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #d1d9e0;vertical-align:top}
th{cursor:pointer;user-select:none;background:#f6f8fa;position:sticky;top:0}th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
.pill{border-radius:10px;padding:0 8px;color:#fff;background:var(--c);white-space:nowrap}.id{font-family:ui-monospace,monospace;font-size:12px}.nowrap{white-space:nowrap}
@media print{.controls{display:none}th{position:static}}`

const SCRIPT = `(function () {
  var tbody = document.querySelector('#users-table tbody');
  var all = Array.prototype.slice.call(tbody.rows);
  var text = all.map(function (r) { return r.textContent.toLowerCase(); });
  var filter = document.getElementById('filter');
  var cls = document.getElementById('class-filter');
  var shown = document.getElementById('shown');
  function apply() {
    var q = filter.value.trim().toLowerCase(), c = cls.value, n = 0;
    all.forEach(function (r, i) {
      var ok = (!q || text[i].indexOf(q) >= 0) && (!c || r.getAttribute('data-class') === c);
      r.hidden = !ok; if (ok) n++;
    });
    shown.textContent = n + ' of ' + all.length + ' users';
  }
  filter.addEventListener('input', apply);
  cls.addEventListener('change', apply);
  var ths = document.querySelectorAll('#users-table th');
  Array.prototype.forEach.call(ths, function (th) {
    th.addEventListener('click', function () {
      var col = Number(th.getAttribute('data-col'));
      var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
      Array.prototype.forEach.call(ths, function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
      var key = function (r) { var td = r.cells[col]; return td.hasAttribute('data-sort') ? Number(td.getAttribute('data-sort')) : td.textContent.toLowerCase(); };
      all.sort(function (a, b) { var x = key(a), y = key(b); return (x < y ? -1 : x > y ? 1 : 0) * dir; });
      all.forEach(function (r) { tbody.appendChild(r); });
      text = all.map(function (r) { return r.textContent.toLowerCase(); });
    });
  });
})();`

/** A random nonce for the page's one style and one script (the CSP allows nothing else). */
export const newNonce = () => randomBytes(16).toString('base64')

const rank = (c: MfaClass) => CLASSES.indexOf(c)

/** One user's table row. */
export function htmlRow(u: Posture, withRoles: boolean): string {
  const cells = [
    `<td>${esc(u.login)}</td>`,
    `<td>${esc(u.status)}</td>`,
    `<td data-sort="${rank(u.class)}"><span class="pill c-${u.class}">${u.class}</span></td>`,
    `<td>${esc(briefs(u.active))}</td>`,
    `<td>${esc(briefs(u.pending))}</td>`,
    `<td class="nowrap">${esc(u.newestEnrollment ?? '')}</td>`,
    ...(withRoles ? [`<td>${esc((u.adminRoles ?? []).join(', '))}</td>`] : []),
    `<td class="id">${esc(u.userId)}</td>`,
  ]
  return `<tr data-class="${u.class}">${cells.join('')}</tr>\n`
}

/** Everything before the table's rows: the summary, the charts, the action lists, the table head. */
export function htmlStart(s: Summary, meta: HtmlMeta, nonce: string): string {
  const classBars = CLASSES.map((c) => ({ key: c, label: c, count: s.byClass[c].count, percent: s.byClass[c].percent, colour: COLOURS[c] }))
  const typeBars = s.byFactorType.map((t) => ({ key: t.type, label: t.type, count: t.count, percent: t.percent, colour: '#5b6b7d' }))
  const cards = CLASSES.map(
    (c) =>
      `<div class="card c-${c}" data-class="${c}"><div class="n">${s.byClass[c].count}</div><div>${c}</div><div class="pct">${s.byClass[c].percent}%</div></div>`,
  ).join('')
  const head = ['Login', 'Status', 'Class', 'Active factors', 'Pending', 'Newest enrollment', ...(s.withRoles ? ['Admin roles'] : []), 'User id']
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="oktactl ${esc(meta.version)}">
<title>MFA posture: ${esc(meta.org)}</title>
<style nonce="${nonce}">
${STYLE}
${CLASSES.map((c) => `.c-${c}{--c:${COLOURS[c]}}`).join('')}
</style>
</head>
<body>
<header><h1>MFA posture</h1><p class="muted">${esc(meta.org)} · ${esc(meta.scope)} · <span id="user-count">${s.users}</span> users${s.failed ? ` (${s.failed} could not be read)` : ''} · generated ${esc(meta.generatedAt)} by oktactl ${esc(meta.version)}</p></header>
<section id="summary"><h2>Summary</h2>
<div class="cards">${cards}</div>
${barChart('chart-classes', 'Users by their best ACTIVE factor', classBars)}
${typeBars.length ? barChart('chart-types', 'Users with an ACTIVE factor of each type', typeBars) : ''}
</section>
<section id="actions"><h2>Needs action</h2>
${actionList('action-no-mfa', 'No MFA at all', s.actions.noMfa)}
${actionList('action-phishable-only', 'Only phishable factors (sms, call, email, question)', s.actions.phishableOnly)}
${actionList('action-admins', 'Admins without a phishing-resistant factor', s.actions.adminsWithoutPhishingResistant)}
</section>
<section id="users"><h2>Users</h2>
<div class="controls"><input id="filter" type="search" placeholder="Filter by any text" aria-label="Filter users">
<select id="class-filter" aria-label="Class"><option value="">All classes</option>${CLASSES.map((c) => `<option value="${c}">${c}</option>`).join('')}</select>
<span id="shown" class="muted">${s.users} of ${s.users} users</span></div>
<table id="users-table"><thead><tr>${head.map((h, i) => `<th data-col="${i}" scope="col">${esc(h)}</th>`).join('')}</tr></thead>
<tbody>
`
}

/** After the rows: the table's end and the sort/filter script. */
export function htmlEnd(nonce: string): string {
  return `</tbody></table>
</section>
<script nonce="${nonce}">
${SCRIPT}
</script>
</body>
</html>
`
}
