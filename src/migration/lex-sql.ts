/**
 * Token boundaries of Postgres SQL, as libpg_query's scanner (Postgres 18 `scan.l`, with libpg_query's
 * patches: comments are tokens and never join continued string literals) finds them, in plain
 * JavaScript: libpg-query's `scanSync` costs a WASM scan plus a JSON round trip per file, and callers
 * only need where tokens start and end and which are comments.
 *
 * Offsets are UTF-16 indices into the text, plus `baseOffset`. Text the real scanner rejects
 * (unterminated literal or comment, trailing junk after a number) is lexed leniently, without
 * throwing: callers parse first.
 */
export interface LexedToken {
  start: number;
  end: number;
  text: string;
  isComment: boolean;
}

export function lexSql(text: string, baseOffset = 0): LexedToken[] {
  const tokens: LexedToken[] = [];
  let index = 0;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (isSpace(code)) {
      index++;
      continue;
    }
    // Not `charCodeAt` past the end (NaN): V8 throws away the compiled lexer the first time it reads out of bounds.
    const next = index + 1 < text.length ? text.charCodeAt(index + 1) : Number.NaN;
    const isComment = (code === DASH && next === DASH) || (code === SLASH && next === STAR);
    const end = isComment ? commentEnd(text, index) : tokenEnd(text, index, code, next);
    tokens.push({ start: baseOffset + index, end: baseOffset + end, text: text.slice(index, end), isComment });
    index = end;
  }
  return tokens;
}

const charCode = (char: string): number => char.charCodeAt(0);
const TAB = charCode('\t'), LF = charCode('\n'), VT = charCode('\v'), FF = charCode('\f'), CR = charCode('\r'), SPACE = charCode(' ');
const DQUOTE = charCode('"'), QUOTE = charCode("'"), BACKSLASH = charCode('\\'), DOLLAR = charCode('$'), AMP = charCode('&');
const PLUS = charCode('+'), DASH = charCode('-'), STAR = charCode('*'), SLASH = charCode('/'), EQUALS = charCode('=');
const DOT = charCode('.'), COLON = charCode(':'), UNDERSCORE = charCode('_'), ZERO = charCode('0'), NINE = charCode('9');
/** Lower-case letters, compared with `lower(code)`. */
const A = charCode('a'), B = charCode('b'), E = charCode('e'), F = charCode('f'), N = charCode('n'), O = charCode('o');
const U = charCode('u'), X = charCode('x'), Z = charCode('z');

function isSpace(code: number): boolean {
  return code === SPACE || (code >= TAB && code <= CR);
}

function isHorizontalSpace(code: number): boolean {
  return code === SPACE || code === TAB || code === VT || code === FF;
}

function isDigit(code: number): boolean {
  return code >= ZERO && code <= NINE;
}

/** Postgres's `ident_start`: ASCII letters, `_`, and every byte >= 0x80 (so every non-ASCII character). */
function isIdentStart(code: number): boolean {
  return code >= 0x80 || (lower(code) >= A && lower(code) <= Z) || code === UNDERSCORE;
}

function isIdentContinue(code: number): boolean {
  return isIdentStart(code) || isDigit(code) || code === DOLLAR;
}

/** Postgres's `op_chars`: ~ ! @ # ^ & | ` ? + - * / % < > = */
function isOperatorChar(code: number): boolean {
  return OPERATOR_CHARS.has(code);
}
const OPERATOR_CHARS = new Set([...'~!@#^&|`?+-*/%<>='].map((c) => c.charCodeAt(0)));
/** Characters that let a multi-character operator end in `+` or `-` (not SQL-standard operator chars). */
const NON_SQL_OPERATOR_CHARS = new Set([...'~!@#^&|`?%'].map((c) => c.charCodeAt(0)));

/** Lower-cases an ASCII letter (and maps no other ASCII character to a letter). */
function lower(code: number): number {
  return code | 0x20;
}

function commentEnd(text: string, start: number): number {
  if (text.charCodeAt(start) === DASH) {
    let index = start + 2;
    while (index < text.length && text.charCodeAt(index) !== LF && text.charCodeAt(index) !== CR) index++;
    return index;
  }
  // Block comments nest.
  let depth = 0;
  let index = start + 2;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    const next = text.charCodeAt(index + 1);
    if (code === SLASH && next === STAR) {
      depth++;
      index += 2;
    } else if (code === STAR && next === SLASH) {
      if (depth === 0) return index + 2;
      depth--;
      index += 2;
    } else {
      index++;
    }
  }
  return text.length;
}

function tokenEnd(text: string, start: number, code: number, next: number): number {
  if (code === QUOTE) return quotedStringEnd(text, start + 1, false);
  if (code === DQUOTE) return quotedIdentifierEnd(text, start + 1);
  if (isIdentStart(code)) return prefixedLiteralEnd(text, start, code, next) ?? identifierEnd(text, start);
  if (isDigit(code) || (code === DOT && isDigit(next))) return numberEnd(text, start);
  if (code === DOLLAR) return dollarEnd(text, start);
  if (code === DOT) return next === DOT ? start + 2 : start + 1;
  if (code === COLON) return next === COLON || next === EQUALS ? start + 2 : start + 1;
  if (isOperatorChar(code)) return operatorEnd(text, start);
  return start + 1;
}

/** `E'…'`, `B'…'`, `X'…'`, `U&'…'`, `U&"…"`; `N'…'` is the keyword `N` then a plain string. */
function prefixedLiteralEnd(text: string, start: number, code: number, next: number): number | undefined {
  const letter = lower(code);
  if (next === QUOTE) {
    if (letter === E) return quotedStringEnd(text, start + 2, true);
    if (letter === B || letter === X) return quotedStringEnd(text, start + 2, false, false);
    if (letter === N) return start + 1;
  }
  if (letter === U && next === AMP) {
    const quote = text.charCodeAt(start + 2);
    if (quote === QUOTE) return quotedStringEnd(text, start + 3, false);
    if (quote === DQUOTE) return quotedIdentifierEnd(text, start + 3);
  }
  return undefined;
}

/**
 * End of a single-quoted literal whose body starts at `index`. `''` is an escaped quote except in bit
 * strings; `\` escapes the next character in E'' strings. A closing quote followed by whitespace
 * containing a newline and another quote continues the literal ('a'\n'b' is one token).
 */
function quotedStringEnd(text: string, index: number, backslashEscapes: boolean, doubledQuotes = true): number {
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (backslashEscapes && code === BACKSLASH) {
      index += 2;
    } else if (code !== QUOTE) {
      index++;
    } else if (doubledQuotes && text.charCodeAt(index + 1) === QUOTE) {
      index += 2;
    } else {
      const continued = continuationQuote(text, index + 1);
      if (continued < 0) return index + 1;
      index = continued + 1;
    }
  }
  return text.length;
}

/** Index of the quote that continues a literal after `index`, or -1. */
function continuationQuote(text: string, index: number): number {
  while (isHorizontalSpace(text.charCodeAt(index))) index++;
  const code = text.charCodeAt(index);
  if (code !== LF && code !== CR) return -1;
  while (isSpace(text.charCodeAt(index))) index++;
  return text.charCodeAt(index) === QUOTE ? index : -1;
}

function quotedIdentifierEnd(text: string, index: number): number {
  while (index < text.length) {
    if (text.charCodeAt(index) !== DQUOTE) index++;
    else if (text.charCodeAt(index + 1) === DQUOTE) index += 2;
    else return index + 1;
  }
  return text.length;
}

function identifierEnd(text: string, index: number): number {
  index++;
  while (isIdentContinue(text.charCodeAt(index))) index++;
  return index;
}

/** `$1`, `$tag$…$tag$`, or a lone `$`. */
function dollarEnd(text: string, start: number): number {
  let index = start + 1;
  if (isDigit(text.charCodeAt(index))) {
    while (isDigit(text.charCodeAt(index))) index++;
    return index;
  }
  if (isIdentStart(text.charCodeAt(index))) {
    index++;
    while (isIdentContinue(text.charCodeAt(index)) && text.charCodeAt(index) !== DOLLAR) index++;
  }
  if (text.charCodeAt(index) !== DOLLAR) return start + 1;
  const delimiter = text.slice(start, index + 1);
  const close = text.indexOf(delimiter, index + 1);
  return close < 0 ? text.length : close + delimiter.length;
}

/**
 * Integers (also 0x/0o/0b), decimals and reals, with `_` between digits (Postgres 16+). `1..2` is
 * `1`, `..`, `2`. Trailing junk (`1abc`, `1e`) is a scanner error in Postgres: here it just ends the number.
 */
function numberEnd(text: string, start: number): number {
  const radix = text.charCodeAt(start) === ZERO ? radixDigit(lower(text.charCodeAt(start + 1))) : undefined;
  if (radix) {
    const end = digitsEnd(text, start + 2, radix, true);
    return end > start + 2 ? end : start + 1;
  }
  let index = digitsEnd(text, start, isDigit);
  if (text.charCodeAt(index) === DOT) {
    if (text.charCodeAt(index + 1) === DOT) return index;
    index = digitsEnd(text, index + 1, isDigit);
  }
  if (lower(text.charCodeAt(index)) === E) {
    let exponent = index + 1;
    const sign = text.charCodeAt(exponent);
    if (sign === PLUS || sign === DASH) exponent++;
    if (isDigit(text.charCodeAt(exponent))) index = digitsEnd(text, exponent, isDigit);
  }
  return index;
}

/** The digit test after `0x`, `0o` or `0b`. */
function radixDigit(letter: number): ((code: number) => boolean) | undefined {
  if (letter === X) return (code) => isDigit(code) || (lower(code) >= A && lower(code) <= F);
  if (letter === O) return (code) => code >= ZERO && code <= ZERO + 7;
  if (letter === B) return (code) => code === ZERO || code === ZERO + 1;
  return undefined;
}

/** End of `digit (_? digit)*` from `index` (`index` itself if no digit); after 0x/0o/0b the first digit may follow a `_` too. */
function digitsEnd(text: string, index: number, isRadixDigit: (code: number) => boolean, leadingUnderscore = false): number {
  let end = index;
  let cursor = index;
  while (cursor < text.length) {
    const code = text.charCodeAt(cursor);
    if (isRadixDigit(code)) end = ++cursor;
    else if (code === UNDERSCORE && (cursor > index || leadingUnderscore) && isRadixDigit(text.charCodeAt(cursor + 1))) cursor++;
    else break;
  }
  return end;
}

/**
 * Postgres's operator rule: the longest run of operator characters, cut before an embedded `--` or
 * slash-star (they start comments), then trailing `+`/`-` dropped unless the operator holds one of
 * ~ ! @ # ^ & | ` ? % (so `=-1` is `=`, `-`, `1`, while `@-` stays one operator).
 */
function operatorEnd(text: string, start: number): number {
  let end = start + 1;
  while (end < text.length && isOperatorChar(text.charCodeAt(end))) {
    const code = text.charCodeAt(end);
    const previous = text.charCodeAt(end - 1);
    if ((previous === DASH && code === DASH) || (previous === SLASH && code === STAR)) {
      end--;
      break;
    }
    end++;
  }
  if (end - start > 1 && isPlusOrMinus(text.charCodeAt(end - 1))) {
    let hasNonSqlChar = false;
    for (let index = start; index < end - 1 && !hasNonSqlChar; index++) hasNonSqlChar = NON_SQL_OPERATOR_CHARS.has(text.charCodeAt(index));
    if (!hasNonSqlChar) while (end - start > 1 && isPlusOrMinus(text.charCodeAt(end - 1))) end--;
  }
  return end;
}

function isPlusOrMinus(code: number): boolean {
  return code === PLUS || code === DASH;
}
