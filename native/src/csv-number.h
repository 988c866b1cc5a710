// The numbers csv-scan.h's quick readers leave (fieldSlow answers SIZE_MAX or stops early): 16 or more significant
// digits (what pandas and numpy write, `0.30000000000000004`), more than 22 decimals, and exponents (`1e-05`,
// `2.5E+10`). NumberParser.parse (src-shared/data/csv/number.ts) reads each such field as Number() reads its text
// (with `.` for a decimal comma): its fast path (a mantissa below 2^53 times or over an exact power of ten, one
// rounding) and its Number() call both give the correctly rounded double. std::from_chars (C++17; libstdc++ 11 and
// later, MSVC) is correctly rounded too, so it gives the same bits, provided it is handed only a form both read the
// same way: here exactly `[-]digits[point digits*][(e|E)[+|-]digits]` and nothing else (not `+5`, `.5` or spaces,
// which parse() reads and which are left to it; never `inf`, `nan` or hex, which from_chars reads and parse() does
// not). Answered "not read", and left to the JavaScript tokenizer as before: a result from_chars calls out of range
// (beyond the largest double, which parse() calls non-finite; a nonzero value that rounds to 0, rare), a field longer
// than kWideBytes, and every field where the library lacks the floating-point from_chars (__cpp_lib_to_chars
// undefined, e.g. an older libc++).
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <charconv>
#include <system_error>

namespace csv_scan {

// The longest field read here (bytes, sign included): longer ones are left to the tokenizer. It also keeps
// parse()'s exponent (which stops growing past 100000) exact for every field read here.
constexpr size_t kWideBytes = 64;

// bytes[s, e) as parse() reads it (see the file comment): true with the value in *out, false for anything else.
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline))
#endif
inline bool fieldNumber(const uint8_t* bytes, size_t s, size_t e, uint8_t point, double* out) {
#if defined(__cpp_lib_to_chars)
  if (e <= s || e - s > kWideBytes || (point != '.' && point != ',')) return false;
  const auto digit = [&](size_t k) { return static_cast<unsigned>(bytes[k]) - '0' <= 9; };
  size_t i = s + (bytes[s] == '-');
  const size_t intStart = i;
  while (i < e && digit(i)) i++;
  if (i == intStart) return false;
  size_t pointAt = e;
  if (i < e && bytes[i] == point) {
    pointAt = i++;
    while (i < e && digit(i)) i++;
  }
  if (i < e && (bytes[i] == 'e' || bytes[i] == 'E')) {
    i++;
    if (i < e && (bytes[i] == '+' || bytes[i] == '-')) i++;
    const size_t expStart = i;
    while (i < e && digit(i)) i++;
    if (i == expStart) return false;
  }
  if (i != e) return false;
  const size_t n = e - s;
  char copy[kWideBytes];
  const char* text = reinterpret_cast<const char*>(bytes + s);
  if (pointAt != e && point != '.') {
    std::memcpy(copy, text, n);
    copy[pointAt - s] = '.';
    text = copy;
  }
  double v = 0;
  const std::from_chars_result r = std::from_chars(text, text + n, v);
  // Finite: x − x is 0 (NaN for ±inf); from_chars answers result_out_of_range for those anyway.
  if (r.ec != std::errc() || r.ptr != text + n || v - v != 0) return false;
  *out = v;
  return true;
#else
  (void)bytes, (void)s, (void)e, (void)point, (void)out;
  return false;
#endif
}

// For the byte-by-byte reader (scanRowsSequential): the field from bytes[s] up to the first delimiter, `\n` or `\r`
// (the field the tokenizer sees) read by fieldNumber; answers the index of that byte, or SIZE_MAX (not a number
// read here, or no such byte before end or within kWideBytes).
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline))
#endif
inline size_t fieldWide(const uint8_t* bytes, size_t s, size_t end, uint8_t delim, uint8_t point, double* out) {
  const size_t limit = end - s > kWideBytes ? s + kWideBytes + 1 : end;
  size_t e = s;
  while (e < limit && bytes[e] != delim && bytes[e] != '\n' && bytes[e] != '\r') e++;
  if (e == limit) return SIZE_MAX;
  return fieldNumber(bytes, s, e, point, out) ? e : SIZE_MAX;
}

}  // namespace csv_scan
