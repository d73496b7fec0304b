export interface IniEntry {
  readonly value: string;
  /** 1-based line of the key. */
  readonly line: number;
}

/** Sections by name, then entries by key (keys lower-cased, '_' written as '-'). */
export type IniSections = ReadonlyMap<string, ReadonlyMap<string, IniEntry>>;

const normalizeKey = (key: string) => key.trim().toLowerCase().replace(/_/g, '-');

/**
 * Parses INI text as setup.cfg, tox.ini and .flake8 use it: `[section]`, `key = value` or `key: value`, indented
 * lines continuing the previous value, `#` and `;` comment lines. Never throws; odd lines are ignored.
 */
export function parseIni(text: string): IniSections {
  const sections = new Map<string, Map<string, IniEntry>>();
  let current: Map<string, IniEntry> | undefined;
  let lastKey: string | undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    if (/^\s*[#;]/.test(raw) || raw.trim() === '') return;
    const section = /^\[([^\]]+)\]\s*$/.exec(raw);
    if (section?.[1] !== undefined) {
      current = sections.get(section[1].trim()) ?? new Map<string, IniEntry>();
      sections.set(section[1].trim(), current);
      lastKey = undefined;
      return;
    }
    if (!current) return;
    if (/^\s/.test(raw) && lastKey !== undefined) {
      const prev = current.get(lastKey);
      if (prev) current.set(lastKey, { value: `${prev.value}\n${raw.trim()}`, line: prev.line });
      return;
    }
    const kv = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(raw);
    if (kv?.[1] === undefined) return;
    lastKey = normalizeKey(kv[1]);
    current.set(lastKey, { value: (kv[2] ?? '').trim(), line: i + 1 });
  });
  return sections;
}

/** A positive integer value, or undefined. */
export function iniInt(entry: IniEntry | undefined): number | undefined {
  if (!entry || !/^\d+$/.test(entry.value)) return undefined;
  const n = Number(entry.value);
  return n > 0 ? n : undefined;
}
