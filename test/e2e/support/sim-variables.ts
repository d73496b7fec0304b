// Actions configuration variables (the `vars` context): naming conventions and limits from GitHub's "Variables
// reference" (docs.github.com/actions/reference/variables-reference): names of [A-Za-z0-9_] only, not starting with
// a digit or GITHUB_, case-insensitive and unique, stored upper-case; 48 KB a variable, 500 a repository, 256 KB in
// all that a workflow run gets.
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const VARIABLE_LIMITS = { bytes: 48 * 1024, perRepository: 500, perRun: 256 * 1024 } as const;

/**
 * The repository's variables as a workflow run sees them (names upper-cased), or an error that says what GitHub
 * would refuse: the simulated runner never hands a job a variable GitHub could not hold.
 */
export function assertVariables(vars: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  let total = 0;
  for (const [name, value] of Object.entries(vars)) {
    if (!NAME.test(name)) throw new Error(`variable ${JSON.stringify(name)}: only letters, digits and _, not starting with a digit`);
    if (/^GITHUB_/i.test(name)) throw new Error(`variable ${name}: a name may not start with GITHUB_`);
    const upper = name.toUpperCase();
    if (upper in out) throw new Error(`variable ${name}: names are case-insensitive, and ${upper} is already defined`);
    const bytes = Buffer.byteLength(value);
    if (bytes > VARIABLE_LIMITS.bytes) throw new Error(`variable ${name}: ${bytes} bytes, over GitHub's 48 KB a variable`);
    total += bytes;
    out[upper] = value;
  }
  if (Object.keys(out).length > VARIABLE_LIMITS.perRepository) throw new Error(`${Object.keys(out).length} variables: GitHub holds at most 500 a repository`);
  if (total > VARIABLE_LIMITS.perRun) throw new Error(`${total} bytes of variables: GitHub passes at most 256 KB to a workflow run`);
  return out;
}
