import type { Evidence } from '../contracts/index.js';

/** One piece of evidence: the file read, the detector that read it and what it concluded (line when known). */
export function makeEvidence(file: string, detector: string, conclusion: string, line?: number): Evidence {
  return line === undefined ? { file, detector, conclusion } : { file, line, detector, conclusion };
}

/** The 1-based line of `offset` in `text`. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
