import { constants } from 'node:fs'
import { chmod, lstat, mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises'
import { dirname, basename, join } from 'node:path'

/**
 * Write a file so that readers see the old content or the new, never half of it: write a
 * temporary file beside it (created with `mode`, 0600 by default), flush it, rename it over.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 })
  const tmp = tempPathBeside(path)
  const fh = await open(tmp, 'wx', mode)
  try {
    await fh.writeFile(data)
    await fh.sync()
  } catch (err) {
    await fh.close()
    await rm(tmp, { force: true })
    throw err
  }
  await fh.close()
  try {
    await rename(tmp, path)
  } catch (err) {
    await rm(tmp, { force: true })
    throw err
  }
}

/** A hidden, unique temporary name in the same directory (so a rename over `path` is atomic). */
export function tempPathBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}.tmp`)
}

/** Why a file we write was refused; the caller words it for its flag. */
export class UnsafeFileError extends Error {
  constructor(
    readonly path: string,
    readonly reason: 'symlink' | 'not-regular' | 'exists',
  ) {
    super(reason === 'symlink' ? `${path} is a symbolic link; oktactl does not follow links for files it writes` : reason === 'not-regular' ? `${path} is not a regular file` : `${path} already exists`)
  }
}

/**
 * Opens a log or report for appending, safely: a symbolic link is never followed (O_NOFOLLOW), a
 * FIFO or device is never written to (O_NONBLOCK keeps a FIFO from hanging the open; fstat then
 * refuses anything but a regular file), and `exclusive` refuses a file that already exists
 * instead of truncating it. A new file gets `mode`; an existing one with a looser mode is tightened
 * only when it is ours (`tightened` says so, for a warning).
 */
export async function openAppendOnly(path: string, opts: { mode?: number; exclusive?: boolean } = {}): Promise<{ fh: FileHandle; tightened: boolean }> {
  const mode = opts.mode ?? 0o600
  await mkdir(dirname(path), { recursive: true, mode: 0o700 })
  const flags = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0) | (opts.exclusive ? constants.O_EXCL : 0)
  let fh: FileHandle
  try {
    fh = await open(path, flags, mode)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ELOOP' || code === 'EMLINK') throw new UnsafeFileError(path, 'symlink')
    if (code === 'EEXIST') {
      // O_EXCL answers EEXIST first; say what is there.
      const st = await lstat(path).catch(() => undefined)
      throw new UnsafeFileError(path, st?.isSymbolicLink() ? 'symlink' : st && !st.isFile() ? 'not-regular' : 'exists')
    }
    if (code === 'ENXIO') throw new UnsafeFileError(path, 'not-regular') // a FIFO with no reader
    throw err
  }
  const st = await fh.stat()
  if (!st.isFile()) {
    await fh.close()
    throw new UnsafeFileError(path, 'not-regular')
  }
  let tightened = false
  const ours = typeof process.getuid !== 'function' || st.uid === process.getuid()
  if (process.platform !== 'win32' && (st.mode & 0o077) !== 0 && ours) {
    await fh.chmod(st.mode & 0o700)
    tightened = true
  }
  return { fh, tightened }
}

/**
 * Tightens a directory or file that holds secrets when group or others can read it, and only when
 * it is a real directory or regular file (never through a symlink) that this user owns. Returns
 * the old mode when it changed something, for a warning.
 */
export async function tightenIfLoose(path: string, mode: number): Promise<number | undefined> {
  if (process.platform === 'win32') return undefined
  const st = await lstat(path).catch(() => undefined)
  if (!st || (!st.isFile() && !st.isDirectory())) return undefined
  if ((st.mode & 0o077) === 0) return undefined
  if (typeof process.getuid === 'function' && st.uid !== process.getuid()) return undefined
  await chmod(path, mode)
  return st.mode & 0o777
}
