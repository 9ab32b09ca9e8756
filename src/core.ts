/**
 * The modules most commands share, imported for their side of the module graph only.
 *
 * Why: the bundler splits shared code into one chunk per distinct set of lazy entry points that
 * use it, and Node pays per ES module loaded. Every lazily loaded module of ours imports this
 * file, so all of this lands in one chunk: `factors list` went from 17 files to a handful.
 * Only small modules without heavy dependencies belong here (no jose, conf, inquirer, qrcode).
 */
import './context.js'
import './api/client.js'
import './api/factors.js'
import './api/path.js'
import './api/redact.js'
import './api/transport.js'
import './audit/log.js'
import './audit/record.js'
import './auth/cache.js'
import './auth/index.js'
import './auth/scopes.js'
import './bulk/options.js'
import './commands/factors/enroll-body.js'
import './commands/factors/shared.js'
import './commands/factors/wait.js'
import './config/paths.js'
import './config/privatekey.js'
import './helpdesk/guard.js'
import './helpdesk/remove.js'
import './net/proxy.js'
import './output/format.js'
import './output/spinner.js'
import './prompt/stdin.js'
import './util/fs.js'
