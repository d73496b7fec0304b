import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// upload-artifact: name and path rules from @actions/artifact (validateArtifactName, validateFilePath), the
// functions actions/upload-artifact@v4 calls before it uploads. The package exports only its client, so the
// validators are loaded from their file. The conformance checks and the simulated runner's artifact store share them.
const file = join(
  import.meta.dirname,
  '../../../node_modules/@actions/artifact/lib/internal/upload/path-and-artifact-name-validation.js',
);
const validation = (await import(pathToFileURL(file).href)) as {
  validateArtifactName: (name: string) => void;
  validateFilePath: (path: string) => void;
};

/** Runs a validator with stdout held: on success it logs "Artifact name is valid!" through @actions/core. */
function quiet<T>(f: () => T): T {
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = () => true;
  try {
    return f();
  } finally {
    process.stdout.write = write;
  }
}

/** Throws upload-artifact's own error when it would refuse this artifact name. */
export function assertArtifactName(name: string): void {
  quiet(() => validation.validateArtifactName(name));
}

/** Throws upload-artifact's own error when it would refuse a file of this (relative) path in an artifact. */
export function assertArtifactFilePath(path: string): void {
  quiet(() => validation.validateFilePath(path));
}

/**
 * What actions/upload-artifact says of an artifact name: undefined when it accepts it, else its error's first
 * line (`The artifact name is not valid: … Contains the following character:  Colon :`).
 */
export function checkArtifactName(name: string): string | undefined {
  try {
    assertArtifactName(name);
    return undefined;
  } catch (error) {
    return (error as Error).message.split('\n')[0]!.trim();
  }
}
