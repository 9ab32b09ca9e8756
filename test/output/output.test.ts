import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import type { IO } from '../../src/output/io.js'
import { Output } from '../../src/output/output.js'

function jsonOutput(): { out: Output; stdout: () => string } {
  let written = ''
  const stdout = new PassThrough()
  stdout.on('data', (d: Buffer) => (written += d.toString()))
  const io = { stdout, stderr: new PassThrough(), stdin: new PassThrough(), stdoutIsTTY: false, stderrIsTTY: false, stdinIsTTY: false } as unknown as IO
  return { out: new Output(io, { format: 'json', color: false, errColor: false }), stdout: () => written }
}

describe('the one JSON writer', () => {
  it('redacts secrets in everything it prints, nested and in lists', async () => {
    const { out, stdout } = jsonOutput()
    out.printJson({ id: 'uft1', _embedded: { activation: { sharedSecret: 'JBSWY3DPEHPK3PXP', qrcode: { href: 'https://x/qr' } } } })
    await out.printList([{ id: 'sms1' }], [{ header: 'ID', value: (r) => r.id }], { raw: [{ id: 'q1', profile: { answer: 'fluffy' } }] })
    const text = stdout()
    expect(text).not.toContain('JBSWY3DPEHPK3PXP')
    expect(text).not.toContain('fluffy')
    expect(text).not.toContain('https://x/qr')
    expect(text.match(/\[REDACTED\]/g)).toHaveLength(3)
    expect(text).toContain('"q1"')
  })

  it('shows a value only when the caller says so by name', () => {
    const { out, stdout } = jsonOutput()
    out.printJson({ token: 'sandbox-token' }, { showSecrets: true })
    expect(JSON.parse(stdout())).toEqual({ token: 'sandbox-token' })
  })
})
