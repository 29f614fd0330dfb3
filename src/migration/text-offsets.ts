/**
 * libpg_query reports node locations as UTF-8 byte offsets and error cursors as code-point
 * offsets; JavaScript strings index UTF-16 code units. This maps both to string indices.
 */
export interface TextOffsets {
  /** UTF-16 index of a UTF-8 byte offset (a byte inside a character maps to the character's start). */
  fromByte(byteOffset: number): number;
  /** UTF-16 index of a code-point offset. */
  fromCodePoint(codePointOffset: number): number;
  /** True when every offset maps to itself (ASCII text, no base offset): nothing to convert. */
  identity?: boolean;
}

const ASCII_ONLY = /^[\x00-\x7f]*$/;

export function textOffsets(text: string): TextOffsets {
  if (ASCII_ONLY.test(text)) {
    const clamp = (offset: number) => Math.max(0, Math.min(offset, text.length));
    return { fromByte: clamp, fromCodePoint: clamp, identity: true };
  }
  const byteToIndex: number[] = [];
  const codePointToIndex: number[] = [];
  let index = 0;
  while (index < text.length) {
    const codePoint = text.codePointAt(index)!;
    // Lone surrogates are written by Emscripten's stringToUTF8 as 3 bytes, like any BMP code point.
    const bytes = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    for (let b = 0; b < bytes; b++) byteToIndex.push(index);
    codePointToIndex.push(index);
    index += codePoint > 0xffff ? 2 : 1;
  }
  byteToIndex.push(text.length);
  codePointToIndex.push(text.length);
  const lookup = (table: number[], offset: number) => table[Math.max(0, Math.min(offset, table.length - 1))];
  return {
    fromByte: (offset) => lookup(byteToIndex, offset),
    fromCodePoint: (offset) => lookup(codePointToIndex, offset),
  };
}
