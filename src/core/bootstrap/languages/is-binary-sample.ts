/**
 * Whether a content sample is binary, as Linguist decides it with charlock_holmes 0.7.7
 * (EncodingDetector#detect: a few magic numbers, then any NUL byte; byte-order marks make UTF-16/32 text).
 * The sample is a binary string (one char per byte).
 */
export function isBinarySample(sample: string): boolean {
  const n = sample.length;
  if (n > 10 && sample.startsWith('%!PS-Adobe-')) return false;
  if (n > 7 && sample.startsWith('\x89PNG\r\n\x1a\n')) return true;
  if (n > 5 && (sample.startsWith('GIF87a') || sample.startsWith('GIF89a'))) return true;
  if (n > 4 && sample.startsWith('%PDF-')) return true;
  if (n > 3 && (sample.startsWith('\0\0\xfe\xff') || sample.startsWith('\xff\xfe\0\0'))) return false;
  if (n > 2 && sample.startsWith('\xff\xd8\xff')) return true;
  if (n > 1 && (sample.startsWith('\xfe\xff') || sample.startsWith('\xff\xfe'))) return false;
  return sample.includes('\0');
}
