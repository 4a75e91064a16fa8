/** The training scripts' command line: `--name value` options and `--flag` switches. */
const args = process.argv.slice(2);

/** The value after `--name`, or `dflt` when the option is absent or has no value. */
export function opt(name: string, dflt: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1]! : dflt;
}

/** Whether `--name` is given. */
export function flag(name: string): boolean {
  return args.includes(`--${name}`);
}

/**
 * `trainLogistic`'s options of the conversation and line model scripts: `--l2` (default 1) and `--epochs` over the
 * script's defaults.
 */
export function logisticOptions(defaults: { epochs: number; minCount: number }) {
  return {
    l2: Number(opt('l2', '1')),
    epochs: Number(opt('epochs', String(defaults.epochs))),
    rate: 0.5,
    minCount: defaults.minCount,
    positiveWeight: 1,
    prune: 0.01,
  };
}
