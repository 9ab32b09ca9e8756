import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises'
import { dirname } from 'node:path'
import { tempPathBeside } from './fs.js'

/**
 * A file written in pieces and put in place at once (writeFileAtomic in ./fs.ts, streamed): the
 * pieces go to a temporary file beside it (mode 0600, created exclusively), which `commit()` syncs and renames over the target. A
 * reader never sees half a file; a run that fails or is stopped leaves the old file (or none).
 * Writes are buffered (64 KiB), so a 100,000-row report costs a few hundred system calls.
 */
export class AtomicFile {
  private buffer: string[] = []
  private buffered = 0
  private done = false

  private constructor(
    readonly path: string,
    private readonly tmp: string,
    private readonly fh: FileHandle,
  ) {}

  static async create(path: string, mode = 0o600): Promise<AtomicFile> {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 })
    const tmp = tempPathBeside(path)
    return new AtomicFile(path, tmp, await open(tmp, 'wx', mode))
  }

  async write(text: string): Promise<void> {
    this.buffer.push(text)
    this.buffered += text.length
    if (this.buffered >= 65_536) await this.flush()
  }

  /** Appends another file's bytes (read in chunks, never whole). */
  async append(path: string): Promise<void> {
    await this.flush()
    const src = await open(path, 'r')
    try {
      const chunk = Buffer.allocUnsafe(65_536)
      for (;;) {
        const { bytesRead } = await src.read(chunk, 0, chunk.length, null)
        if (bytesRead === 0) break
        await this.fh.write(chunk.subarray(0, bytesRead))
      }
    } finally {
      await src.close()
    }
  }

  async commit(): Promise<void> {
    await this.flush()
    await this.fh.sync()
    await this.fh.close()
    this.done = true
    try {
      await rename(this.tmp, this.path)
    } catch (err) {
      await rm(this.tmp, { force: true })
      throw err
    }
  }

  /** Throws the pieces away (the target is left as it was). Safe to call after commit. */
  async abort(): Promise<void> {
    if (this.done) return
    this.done = true
    if (!this.sealed) await this.fh.close().catch(() => {})
    await rm(this.tmp, { force: true })
  }

  private sealed = false

  /** Flushes and closes without putting it in place: the temporary file can be read (`append`) then aborted. */
  async seal(): Promise<string> {
    await this.flush()
    await this.fh.close()
    this.sealed = true
    return this.tmp
  }

  private async flush(): Promise<void> {
    if (!this.buffered) return
    const text = this.buffer.join('')
    this.buffer = []
    this.buffered = 0
    await this.fh.write(text)
  }
}
