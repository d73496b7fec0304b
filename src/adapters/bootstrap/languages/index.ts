export { scanLanguages, type ScanLanguagesOptions } from './scan-languages.js';
