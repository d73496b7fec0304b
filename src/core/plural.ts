/** `1 gate`, `2 gates`: a count with its noun, never "gate(s)". */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
