// The predictions export's inner loop (src-main/services/export/csv-exporter.ts, copyLines) in C++: copy each
// line of the original CSV that needs no re-quoting, byte for byte, and append that row's prediction cells,
// numbers in JavaScript's Number#toString form. Same bytes as the JavaScript path (tests/unit/native/
// native-export.test.ts compares them, and formatNumber against String(x) with fast-check); about ten times
// its speed, which makes the export's write bound by the disk rather than by formatting.
//
//   formatNumber(x)             the export's text of x (src-shared/data/number-text.ts): '' for NaN, '0', '-0',
//                               else String(x)
//   exportLines(bytes, from, to, out, outAt, cols, neutralise, row, rowEnd, rowBase, columns, result)
//                               copyLines over bytes[from, to) into out from outAt; columns: per prediction
//                               column a Float64Array (numbers) or [codes Int32Array, cells Uint8Array, starts
//                               Int32Array] (class labels: cell c is cells[starts[c], starts[c + 1])).
//                               result (Float64Array ≥ 5) ← [next byte, out length, next row, lines passed,
//                               1 if it stopped for room in out]
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>
#if defined(_MSC_VER)
#include <intrin.h>
#endif

#include "bindings.h"
#include "napi-args.h"

using namespace napi_args;

namespace {

constexpr uint8_t LF = 0x0a;
constexpr uint8_t CR = 0x0d;
constexpr uint8_t COMMA = 0x2c;
constexpr uint8_t QUOTE = 0x22;
constexpr uint8_t SPACE = 0x20;
// Longest text formatNumber writes (MAX_NUMBER_TEXT in src-shared/data/number-text.ts).
constexpr size_t kMaxNumberText = 25;

// ECMAScript's Number::toString(x) for finite x > 0 (the shortest digits that read back as x, the closest
// of them; std::to_chars gives those), laid out as the specification says.
size_t positiveToString(double x, char* out) {
  char sci[40];
  const auto r = std::to_chars(sci, sci + sizeof sci, x, std::chars_format::scientific);
  char digits[24];
  int k = 0;
  const char* p = sci;
  digits[k++] = *p++;
  if (*p == '.') {
    p++;
    while (*p != 'e') digits[k++] = *p++;
  }
  p++;  // 'e'
  const bool negative = *p == '-';
  p++;
  int e = 0;
  while (p < r.ptr) e = e * 10 + (*p++ - '0');
  if (negative) e = -e;
  const int n = e + 1;  // x = 0.d1d2…dk × 10^n
  char* o = out;
  if (k <= n && n <= 21) {
    std::memcpy(o, digits, k);
    o += k;
    for (int z = k; z < n; z++) *o++ = '0';
  } else if (0 < n && n <= 21) {
    std::memcpy(o, digits, n);
    o += n;
    *o++ = '.';
    std::memcpy(o, digits + n, k - n);
    o += k - n;
  } else if (-6 < n && n <= 0) {
    *o++ = '0';
    *o++ = '.';
    for (int z = 0; z < -n; z++) *o++ = '0';
    std::memcpy(o, digits, k);
    o += k;
  } else {
    *o++ = digits[0];
    if (k > 1) {
      *o++ = '.';
      std::memcpy(o, digits + 1, k - 1);
      o += k - 1;
    }
    *o++ = 'e';
    *o++ = e < 0 ? '-' : '+';
    const int a = e < 0 ? -e : e;
    if (a >= 100) *o++ = static_cast<char>('0' + a / 100);
    if (a >= 10) *o++ = static_cast<char>('0' + (a / 10) % 10);
    *o++ = static_cast<char>('0' + a % 10);
  }
  return static_cast<size_t>(o - out);
}

// formatNumber of src-shared/data/number-text.ts: '' for NaN, '0' / '-0', else String(x). Room for kMaxNumberText.
size_t formatNumber(double x, char* out) {
  if (x != x) return 0;
  if (x == 0) {
    if (std::signbit(x)) {
      out[0] = '-';
      out[1] = '0';
      return 2;
    }
    out[0] = '0';
    return 1;
  }
  size_t m = 0;
  if (x < 0) {
    out[m++] = '-';
    x = -x;
  }
  if (std::isinf(x)) {
    std::memcpy(out + m, "Infinity", 8);
    return m + 8;
  }
  return m + positiveToString(x, out + m);
}

// Bytes past which a SWAR step may look: the first byte (lowest address) of w below 0x2d (',' or lower: a
// comma, line end, quote, space …), as its index, or 8 if there is none. Exact for the lowest flagged byte,
// whatever the bytes (UTF-8 ones included); little-endian only (the caller checks).
inline unsigned firstAtMostComma(uint64_t w) {
  const uint64_t m = (w - 0x2d2d2d2d2d2d2d2dULL) & ~w & 0x8080808080808080ULL;
  if (m == 0) return 8;
#if defined(_MSC_VER)
  unsigned long bit;
  _BitScanForward64(&bit, m);
  return static_cast<unsigned>(bit) >> 3;
#else
  return static_cast<unsigned>(__builtin_ctzll(m)) >> 3;
#endif
}

#if defined(_MSC_VER) || (defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)
constexpr bool kSwar = true;
#else
constexpr bool kSwar = false;
#endif

bool isDigit(uint8_t b) { return b >= 0x30 && b <= 0x39; }

// isSignedPlainNumber and needsNeutralising of src-shared/data/formula-cells.ts.
bool isSignedPlainNumber(const uint8_t* bytes, size_t start, size_t end) {
  size_t i = start + 1;
  int digits = 0;
  for (; i < end; i++) {
    const uint8_t b = bytes[i];
    if (isDigit(b)) digits++;
    else if (b != '.' && b != COMMA && b != SPACE) break;
  }
  if (digits == 0) return false;
  if (i == end) return true;
  if (bytes[i] != 'e' && bytes[i] != 'E') return false;
  i++;
  if (i < end && (bytes[i] == '+' || bytes[i] == '-')) i++;
  const size_t expStart = i;
  while (i < end && isDigit(bytes[i])) i++;
  return i == end && i > expStart;
}

bool needsNeutralising(const uint8_t* bytes, size_t start, size_t end) {
  if (end - start < 2) return false;
  const uint8_t lead = bytes[start];
  if (lead == '+' || lead == '-') return !isSignedPlainNumber(bytes, start, end);
  return lead == '=' || lead == '@' || lead == '\t' || lead == CR;
}

struct Typed {
  void* data;
  size_t length;
};

Typed typed(napi_env env, napi_value v, napi_typedarray_type want, const char* name, const char* typeName) {
  bool isTyped = false;
  check(env, napi_is_typedarray(env, v, &isTyped), "napi_is_typedarray");
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  if (isTyped) check(env, napi_get_typedarray_info(env, v, &type, &length, &data, nullptr, nullptr), "napi_get_typedarray_info");
  if (!isTyped || type != want) throwType(env, std::string(name) + " must be a " + typeName);
  if (length > 0 && data == nullptr) throwType(env, std::string(name) + " has a detached buffer");
  return {data, length};
}

struct Column {
  const double* values = nullptr;  // a number column, else a class column:
  const int32_t* codes = nullptr;
  size_t length = 0;
  const uint8_t* cells = nullptr;
  const int32_t* starts = nullptr;
  size_t labels = 0;
};

std::vector<Column> columnsArg(napi_env env, napi_value list) {
  bool isArray = false;
  check(env, napi_is_array(env, list, &isArray), "napi_is_array");
  if (!isArray) throwType(env, "columns must be an array");
  uint32_t count = 0;
  check(env, napi_get_array_length(env, list, &count), "napi_get_array_length");
  std::vector<Column> columns(count);
  for (uint32_t p = 0; p < count; p++) {
    napi_value item;
    check(env, napi_get_element(env, list, p, &item), "napi_get_element");
    bool isArrayItem = false;
    check(env, napi_is_array(env, item, &isArrayItem), "napi_is_array");
    Column& c = columns[p];
    if (!isArrayItem) {
      const Typed t = typed(env, item, napi_float64_array, "a number column", "Float64Array");
      c.values = static_cast<const double*>(t.data);
      c.length = t.length;
      continue;
    }
    napi_value codes, cells, starts;
    check(env, napi_get_element(env, item, 0, &codes), "napi_get_element");
    check(env, napi_get_element(env, item, 1, &cells), "napi_get_element");
    check(env, napi_get_element(env, item, 2, &starts), "napi_get_element");
    const Typed tc = typed(env, codes, napi_int32_array, "a class column's codes", "Int32Array");
    const Typed tb = typed(env, cells, napi_uint8_array, "a class column's cells", "Uint8Array");
    const Typed ts = typed(env, starts, napi_int32_array, "a class column's starts", "Int32Array");
    c.codes = static_cast<const int32_t*>(tc.data);
    c.length = tc.length;
    c.cells = static_cast<const uint8_t*>(tb.data);
    c.starts = static_cast<const int32_t*>(ts.data);
    if (ts.length == 0) throwRange(env, "a class column's starts must not be empty");
    c.labels = ts.length - 1;
    for (size_t l = 0; l <= c.labels; l++) {
      if (c.starts[l] < 0 || static_cast<size_t>(c.starts[l]) > tb.length || (l > 0 && c.starts[l] < c.starts[l - 1])) throwRange(env, "a class column's starts are out of order or out of its cells");
    }
  }
  return columns;
}

}  // namespace

namespace bindings {

napi_value FormatNumber(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    const Args a = args(env, info);
    const double x = number(env, arg(env, a, 0), "x");
    char text[kMaxNumberText + 8];
    const size_t n = formatNumber(x, text);
    napi_value s;
    check(env, napi_create_string_latin1(env, text, n, &s), "napi_create_string_latin1");
    return s;
  });
}

napi_value ExportLines(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    const Args a = args(env, info);
    const Typed tin = typed(env, arg(env, a, 0), napi_uint8_array, "bytes", "Uint8Array");
    const uint8_t* bytes = static_cast<const uint8_t*>(tin.data);
    size_t i = count(env, arg(env, a, 1), "from");
    const size_t n = count(env, arg(env, a, 2), "to");
    if (i > n || n > tin.length) throwRange(env, "from and to must be within bytes, from ≤ to");
    const Typed tout = typed(env, arg(env, a, 3), napi_uint8_array, "out", "Uint8Array");
    uint8_t* dst = static_cast<uint8_t*>(tout.data);
    const size_t capacity = tout.length;
    size_t pos = count(env, arg(env, a, 4), "outAt");
    if (pos > capacity) throwRange(env, "outAt must be within out");
    const size_t cols = count(env, arg(env, a, 5), "cols");
    if (cols == 0) throwRange(env, "cols must be at least 1");
    const bool neutralise = boolean(env, arg(env, a, 6), "neutralise");
    size_t row = count(env, arg(env, a, 7), "row");
    const size_t rowEnd = count(env, arg(env, a, 8), "rowEnd");
    const size_t rowBase = count(env, arg(env, a, 9), "rowBase");
    const std::vector<Column> columns = columnsArg(env, arg(env, a, 10));
    const Typed tres = typed(env, arg(env, a, 11), napi_float64_array, "result", "Float64Array");
    if (tres.length < 5) throwRange(env, "result must hold 5 numbers");
    if (row < rowBase) throwRange(env, "row must be at least rowBase");
    for (const Column& c : columns) {
      if (rowEnd > rowBase && rowEnd - rowBase > c.length) throwRange(env, "a prediction column is shorter than rowEnd − rowBase");
    }
    // Most bytes one row's predictions take (each after a comma), and the line end.
    size_t room = 1;
    for (const Column& c : columns) {
      size_t widest = kMaxNumberText;
      if (c.values == nullptr) {
        widest = 0;
        for (size_t l = 0; l < c.labels; l++) widest = std::max(widest, static_cast<size_t>(c.starts[l + 1] - c.starts[l]));
      }
      room += 1 + widest;
    }
    size_t lines = 0;
    double needRoom = 0;
    while (i < n) {
      const uint8_t first = bytes[i];
      if (first == LF || (first == CR && i + 1 < n && bytes[i + 1] == LF)) {
        // A blank line: no record (as the tokenizer skips it).
        i += first == LF ? 1 : 2;
        lines++;
        continue;
      }
      if (row >= rowEnd) break;  // the tokenizer reports the extra row
      if (capacity - pos < room) {
        needRoom = 1;
        break;
      }
      // The line's bytes may fill out up to here; the predictions' room stays free.
      const size_t limit = capacity - room;
      size_t o = pos;
      size_t p = i;
      size_t start = i;
      size_t fields = 1;
      bool copied = false;
      bool full = false;
      size_t cr = 0;
      for (;;) {
        // Eight bytes at a time while none is ',' or below (digits, letters, '.', '-' … are all above).
        while (kSwar && p + 8 <= n && o + 8 <= limit) {
          uint64_t w;
          std::memcpy(&w, bytes + p, 8);
          std::memcpy(dst + o, &w, 8);  // beyond the stop, overwritten later (out is ours up to limit)
          const unsigned k = firstAtMostComma(w);
          p += k;
          o += k;
          if (k < 8) break;
        }
        if (p == n) break;
        if (o == limit) {
          full = true;
          break;
        }
        const uint8_t c = bytes[p];
        if (c > COMMA) {
          dst[o++] = c;
          p++;
          continue;
        }
        if (c != COMMA && c != LF) {
          if (c == QUOTE) break;
          if (c != CR) {
            dst[o++] = c;
            p++;
            continue;
          }
          if (p + 1 == n || bytes[p + 1] != LF) break;  // a lone \r (or one the chunk splits off its \n)
          cr = 1;
        }
        if (p > start) {
          if (bytes[start] == SPACE || bytes[p - 1] == SPACE) break;
          if (neutralise && needsNeutralising(bytes, start, p)) break;
        }
        if (c != COMMA) {
          copied = fields == cols;
          break;
        }
        dst[o++] = COMMA;
        p++;
        start = p;
        fields++;
      }
      if (full) {
        needRoom = 1;
        break;
      }
      if (!copied) break;
      const size_t r = row - rowBase;
      for (const Column& c : columns) {
        dst[o++] = COMMA;
        if (c.values != nullptr) {
          o += formatNumber(c.values[r], reinterpret_cast<char*>(dst + o));
        } else {
          const int32_t code = c.codes[r];
          if (code >= 0 && static_cast<size_t>(code) < c.labels) {
            const size_t len = static_cast<size_t>(c.starts[code + 1] - c.starts[code]);
            std::memcpy(dst + o, c.cells + c.starts[code], len);
            o += len;
          }
        }
      }
      dst[o++] = LF;
      pos = o;
      row++;
      i = p + 1 + cr;
      lines++;
    }
    double* result = static_cast<double*>(tres.data);
    result[0] = static_cast<double>(i);
    result[1] = static_cast<double>(pos);
    result[2] = static_cast<double>(row);
    result[3] = static_cast<double>(lines);
    result[4] = needRoom;
    napi_value undefined;
    check(env, napi_get_undefined(env, &undefined), "napi_get_undefined");
    return undefined;
  });
}

}  // namespace bindings
