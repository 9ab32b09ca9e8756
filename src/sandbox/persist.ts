import { readFile } from 'node:fs/promises'
import { UsageError } from '../errors.js'
import { writeFileAtomic } from '../util/fs.js'
import type { StateData } from './state.js'

// The state file: JSON, written atomically (temp file + rename, mode 0600). Writes are coalesced:
// a change schedules one write at most `delayMs` later, so a 2,000-user bulk run writes a handful
// of times per second instead of once per request; close() flushes what is pending.

export async function readState(file: string): Promise<StateData | undefined> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw e
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    throw new UsageError(`Sandbox state file ${file} is not valid JSON.`, 'Move it away or delete it to start from the seed.')
  }
  if (!isStateData(data)) {
    throw new UsageError(`Sandbox state file ${file} is not a version 1 sandbox state.`, 'Move it away or delete it to start from the seed.')
  }
  return data
}

function isStateData(d: unknown): d is StateData {
  if (typeof d !== 'object' || d === null) return false
  const s = d as Partial<StateData>
  return s.version === 1 && typeof s.token === 'string' && Array.isArray(s.users) && Array.isArray(s.factors)
}

export async function writeStateAtomic(file: string, data: StateData): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(data), 0o600)
}

export class CoalescingWriter {
  private timer: NodeJS.Timeout | undefined
  private writing: Promise<void> = Promise.resolve()
  private dirty = false
  private lastError: unknown

  constructor(
    private readonly file: string,
    private readonly snapshot: () => StateData,
    private readonly delayMs = 100,
  ) {}

  /** Something changed: write within `delayMs`. */
  markDirty(): void {
    this.dirty = true
    if (this.timer) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      void this.flush()
    }, this.delayMs)
    this.timer.unref()
  }

  /** Writes now if anything changed (one write at a time; the latest state wins). */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer)
      this.timer = undefined
    }
    this.writing = this.writing.then(async () => {
      if (!this.dirty) return
      this.dirty = false
      try {
        await writeStateAtomic(this.file, this.snapshot())
      } catch (e) {
        this.lastError = e
      }
    })
    return this.writing
  }

  /** Flushes and reports a write error that happened in the background, if any. */
  async close(): Promise<void> {
    await this.flush()
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows what the write threw, as it was thrown
    if (this.lastError) throw this.lastError
  }
}
