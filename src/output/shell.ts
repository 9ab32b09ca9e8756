/**
 * One word for a POSIX shell, for the commands we print as next steps. Values from the org (a
 * factor id, a transaction id, a login) are quoted, so pasting the step cannot run anything:
 * `mbl1;touch${IFS}pwned;#` is printed as 'mbl1;touch${IFS}pwned;#'. Plain words stay bare.
 * (Five lines, so no dependency: shell-quote would add a package for the same single-quote rule.)
 */
export function shellArg(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value
  return `'${value.replaceAll("'", `'\\''`)}'`
}
