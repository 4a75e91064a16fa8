/**
 * An error the user can act on: what went wrong, where (file and line or locator) and a hint. The CLI
 * prints it as `error: <message> (<file>[:<line>])` followed by the hint and exits 1.
 */
export class UserError extends Error {
  readonly file: string | undefined;
  readonly line: number | string | undefined;
  readonly hint: string | undefined;

  constructor(message: string, where: { file?: string; line?: number | string; hint?: string } = {}) {
    super(message);
    this.name = 'UserError';
    this.file = where.file;
    this.line = where.line;
    this.hint = where.hint;
  }
}
