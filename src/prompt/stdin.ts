import type { Readable } from 'node:stream'

/** Read all of stdin as text (for --token-stdin, `--code -`, `--users-file -`). */
export async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer))
  return Buffer.concat(chunks).toString('utf8')
}

/** The first line of stdin, without its newline: one secret piped in. */
export async function readSecret(stream: Readable): Promise<string> {
  const text = await readAll(stream)
  return (text.split(/\r?\n/)[0] ?? '').trim()
}
