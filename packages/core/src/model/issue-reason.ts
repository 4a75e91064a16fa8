/**
 * An issue's reason as shown next to its locator: parsers of tabular evidence begin a stored reason with the locator
 * (`row:3: date "32.03.2024" is not a date …`, kept so in the store and in `--json`), which a view that prints the
 * locator beside it would say twice.
 */
export function reasonAfterLocator(locator: string, reason: string): string {
  return reason.startsWith(`${locator}: `) ? reason.slice(locator.length + 2) : reason;
}
