import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// upload-artifact: name rules from @actions/artifact validateArtifactName (the package exports only its client, so
// the validator is loaded from its file; actions/upload-artifact@v4 calls this same function before uploading).
const file = join(
  import.meta.dirname,
  '../../../node_modules/@actions/artifact/lib/internal/upload/path-and-artifact-name-validation.js',
);
const artifact = (await import(pathToFileURL(file).href)) as { validateArtifactName: (name: string) => void };

/**
 * What actions/upload-artifact says of an artifact name: undefined when it accepts it, else its error's first
 * line (`The artifact name is not valid: … Contains the following character:  Colon :`). The validator logs
 * "Artifact name is valid!" through @actions/core on success; that line is kept off the test output.
 */
export function checkArtifactName(name: string): string | undefined {
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = () => true;
  try {
    artifact.validateArtifactName(name);
    return undefined;
  } catch (error) {
    return (error as Error).message.split('\n')[0]!.trim();
  } finally {
    process.stdout.write = write;
  }
}
