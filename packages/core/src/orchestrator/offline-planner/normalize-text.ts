/**
 * Text normalisation for matching English and Arabic requests against the domain catalogue.
 * Both the catalogue's keywords and the prompt go through the same functions, so a consistent
 * over-stemming is harmless: only the equality of stems matters.
 */

const tashkeel = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED]/g;
const tatweel = /\u0640/g;
const arabicLetter = /[\u0621-\u064A]/;

/** Lower case, one form per Arabic letter, no diacritics or tatweel, ASCII digits. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(tashkeel, '')
    .replace(tatweel, '')
    .replace(/[\u0660-\u0669]/g, (digit) => String(digit.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (digit) => String(digit.charCodeAt(0) - 0x06f0))
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(/ؤ/g, 'و')
    .replace(/ئ/g, 'ي');
}

/** The words of a text, normalised. */
export function tokenize(text: string): string[] {
  return normalizeText(text)
    .split(/[^a-z0-9\u0621-\u064A]+/)
    .filter((token) => token.length > 0);
}

/**
 * Sentences and clauses: a role, a relation or a field list is looked for within one of these.
 * Besides sentence marks, "، و…" (Arabic comma then "and") and ", and add/remove…" start a new clause;
 * a plain comma does not, as it separates the items of one list ("amount, due date and status").
 */
const clauseBreak =
  /[.;!?؟؛\n]+|،\s*(?=و)|,?\s+and\s+(?=(?:also\s+|then\s+)?(?:add|remove|delete|drop|let|allow|give)\b)/i;

export function splitClauses(text: string): string[] {
  return text.split(clauseBreak).filter((clause) => clause.trim().length > 0);
}

export function isArabicWord(token: string): boolean {
  return arabicLetter.test(token);
}

const arabicPrefixes = ['وال', 'بال', 'كال', 'فال', 'لل', 'ال'];
const arabicSuffixes = ['تها', 'تهم', 'يات', 'ات', 'ون', 'ين', 'ان', 'يه', 'ها', 'هم', 'ه', 'ي'];

function stemArabic(word: string): string {
  let stem = word;
  for (const prefix of arabicPrefixes) {
    if (stem.startsWith(prefix) && stem.length - prefix.length >= 2) {
      stem = stem.slice(prefix.length);
      break;
    }
  }
  for (const suffix of arabicSuffixes) {
    // Stems shorter than three letters collide with particles (فيه، لها، بها).
    const rest = 3;
    if (stem.endsWith(suffix) && stem.length - suffix.length >= rest) {
      stem = stem.slice(0, -suffix.length);
      break;
    }
  }
  return stem;
}

function stemEnglish(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(?:sses|xes|ches|shes)$/.test(word)) return word.slice(0, -2);
  if (/(?:ss|us|is)$/.test(word)) return word;
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

/** A light stemmer: Arabic article and conjunction prefixes and plural/pronoun suffixes; English plurals. */
export function stem(token: string): string {
  const word = normalizeText(token);
  return isArabicWord(word) ? stemArabic(word) : stemEnglish(word);
}

/**
 * The stems a prompt word may stand for: its own, and for Arabic words that may carry a one-letter
 * conjunction (و، ف) or preposition (ب، ل، ك) the stems without them, since those letters also
 * begin ordinary words (وصفة، بطاقة، لوحة). Keywords use the plain stem only.
 */
export function stemCandidates(token: string): string[] {
  if (!isArabicWord(token)) return [stem(token)];
  const forms = [token];
  if (/^[وف]/.test(token) && token.length >= 4) forms.push(token.slice(1));
  for (const form of [...forms]) {
    if (/^[بلك]/.test(form) && form.length >= 4) forms.push(form.slice(1));
  }
  return [...new Set(forms.map(stem))];
}

/** A prompt as a list of words, each with the stems it may match. */
export type StemmedText = readonly (readonly string[])[];

export function stemText(text: string): StemmedText {
  return tokenize(text).map(stemCandidates);
}

/** A keyword (one or more words) as the stems it must match in order. */
export function stemPhrase(phrase: string): string[] {
  return tokenize(phrase).map(stem);
}

/** The word positions at which `phrase` occurs in `text`. */
export function findPhrase(text: StemmedText, phrase: readonly string[]): number[] {
  const found: number[] = [];
  if (phrase.length === 0) return found;
  for (let start = 0; start + phrase.length <= text.length; start++) {
    if (phrase.every((word, offset) => text[start + offset]?.includes(word))) found.push(start);
  }
  return found;
}
