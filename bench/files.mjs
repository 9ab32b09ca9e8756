// How many dist/ files each command loads: the entry (dist/cli.js, a script bin/oktactl.js runs
// through node:vm, always one) and the chunks it imports, read from NODE_DEBUG=esm.
// Node pays per file, so this must not grow when the build changes.
//   node bench/files.mjs [path/to/node]
import { spawn } from 'node:child_process'
import { createServer } from 'node:http'
import { fileURLToPath } from 'node:url'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const node = process.argv[2] ?? process.execPath
const root = fileURLToPath(new URL('..', import.meta.url))
const bin = join(root, 'bin/oktactl.js')
const USER = '00u1benchbenchbench1'
const TOKEN = 'bench-token-0123456789'
const json = (res, body) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body))
const user = { id: USER, status: 'ACTIVE', profile: { login: 'bench@example.com', email: 'bench@example.com', firstName: 'B', lastName: 'B' } }
const factor = { id: 'mbl1benchbenchbench1', factorType: 'sms', provider: 'OKTA', status: 'ACTIVE', profile: { phoneNumber: '+15551230001' } }
const server = createServer((req, res) => {
  if (req.headers.authorization !== `SSWS ${TOKEN}`) return res.writeHead(401).end()
  const path = req.url.split('?')[0]
  if (path === `/api/v1/users/${USER}`) return json(res, user)
  if (path === `/api/v1/users/${USER}/factors`) return json(res, [factor])
  if (path === `/api/v1/users/${USER}/roles`) return json(res, [])
  res.writeHead(404, { 'content-type': 'application/json' }).end('{"errorCode":"E0000007","errorSummary":"Not found"}')
})
await new Promise((r) => server.listen(0, '127.0.0.1', r))
const home = mkdtempSync(join(tmpdir(), 'oktactl-files-'))
const env = { ...process.env, HOME: home, OKTACTL_CONFIG_DIR: join(home, 'c'), OKTACTL_STATE_DIR: join(home, 's'), OKTA_CLIENT_ORGURL: `http://127.0.0.1:${server.address().port}`, OKTA_CLIENT_TOKEN: TOKEN, NODE_DEBUG: 'esm' }

const cases = [
  ['--help'],
  ['factors', 'list', USER, '--json'],
  // Off a terminal without --yes the reset is refused after the preview: the whole guarded flow loads.
  ['factors', 'reset', USER],
]
export const counts = {}
for (const args of cases) {
  const r = await new Promise((resolve) => {
    const child = spawn(node, [bin, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] })
    let err = ''
    child.stderr.on('data', (d) => (err += d))
    child.on('exit', () => resolve(err))
  })
  // Files of dist/ only (bin/oktactl.js is always one more).
  const files = new Set([join(root, 'dist', 'cli.js'), ...[...r.matchAll(/file:\/\/([^\s'",]+\.js)/g)].map((m) => m[1]).filter((f) => f.startsWith(join(root, 'dist')))])
  counts[args.join(' ')] = files.size
  console.log(`${String(files.size).padStart(3)} files  oktactl ${args.join(' ')}`)
  if (process.env.FILES_VERBOSE) for (const f of files) console.log(`       ${f.slice(root.length)}`)
}
server.close()
