import { getLanguageIndex, type Language, type LanguageIndex } from './get-language-index.js';
import type { FileEntry } from './language-scan.js';
import { pathVerdict } from './path-verdict.js';

/** How many bytes of a blob Linguist reads (LazyBlob::MAX_SIZE); content rules see no more. */
export const SAMPLE_BYTES = 128 * 1024;

/** Extensions of files that are binary in practice: with no language by name, they are not read. */
const BINARY_EXTENSIONS = new Set(
  (
    'png jpg jpeg gif bmp ico icns webp tif tiff psd xcf heic avif woff woff2 ttf otf eot zip gz tgz bz2 xz zst 7z ' +
    'rar jar war ear tar pdf mp3 mp4 m4a wav ogg oga flac avi mov mkv webm exe dll so dylib a o obj lib class pyc ' +
    'pyo whl egg db sqlite sqlite3 doc docx xls xlsx ppt pptx odt ods odp apk ipa dmg iso wasm bin node pdb snap'
  )
    .split(' ')
    .map((e) => `.${e}`),
);

const countable = (l: Language) => l.type === 'programming' || l.type === 'markup';

/**
 * Whether classifying this entry needs its content (binary check, modeline, shebang, heuristics,
 * generated headers). Not needed when the path already decides, for empty blobs, and, as a documented
 * shortcut, when every language the file could get by its name (file name, extension, heuristics for
 * that extension) is data or prose and linguist-detectable does not make it count: only a modeline or a
 * shebang could change that. Files with no language by name are read, unless their extension is binary.
 */
export function needsContent(entry: FileEntry, index: LanguageIndex = getLanguageIndex()): boolean {
  if (pathVerdict(entry, index) || entry.size === 0) return false;
  const a = entry.attributes;
  if (a?.language !== undefined) {
    // No detection: only the generated headers remain to check, if the language would count at all.
    const language = index.byAlias(a.language);
    return a.generated === undefined && language !== undefined && (a.detectable ?? countable(language));
  }
  if (a?.detectable !== undefined) return a.detectable;
  const byFilename = index.byFilename(entry.path);
  const byExtension = index.byExtension(entry.path);
  const rules = index.heuristicFor(entry.path);
  if (byFilename.some(countable) || byExtension.some(countable)) return true;
  if (rules?.some((rule) => rule.languages.some(countable))) return true;
  if (byFilename.length || byExtension.length || rules) return false;
  const dot = entry.path.lastIndexOf('.');
  return !(dot > entry.path.lastIndexOf('/') && BINARY_EXTENSIONS.has(entry.path.slice(dot).toLowerCase()));
}
