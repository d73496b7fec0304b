/** `text` as one word of a POSIX shell command line: as is when it is safe, else single-quoted. Pure. */
export const shellWord = (text: string): string => (/^[A-Za-z0-9_./:@%+=,-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`);
