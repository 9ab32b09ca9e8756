import type { Readable } from 'node:stream'

/** Read all of stdin as text (for --token-stdin, `--code -`, `--users-file -`). */
export async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer))
  return Buffer.concat(chunks).toString('utf8')
}

/** Stdin read once, as lines still to be handed out. */
const pendingLines = new WeakMap<Readable, Promise<string[]>>()

/**
 * The next line of stdin, without its newline: one secret piped in. Stdin is read once; each
 * call takes the next line, so two secret flags given as `-` (`--passcode - --next-passcode -`)
 * read lines one and two instead of the second finding stdin already drained.
 */
export async function readSecret(stream: Readable): Promise<string> {
  let lines = pendingLines.get(stream)
  if (!lines) {
    lines = readAll(stream).then((text) => text.split(/\r?\n/))
    pendingLines.set(stream, lines)
  }
  return ((await lines).shift() ?? '').trim()
}
