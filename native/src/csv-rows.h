// scanRows (csv-scan.h's scanRowsSequential, the same records and bits) in two steps per window of bytes, so that
// the fields of a window are parsed independently of one another instead of each waiting for the end of the
// one before: first the positions of every delimiter and `\n` in the window (16 bytes at a time), then each
// record's fields, whose ends are now known, checked and converted (fieldKnown). A record still open at the
// window's end starts the next window. Anything the two steps do not read quickly goes to the byte-by-byte reader
// with the same rules, so what is read, where reading stops and every value are scanRowsSequential's.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "csv-scan.h"

#if defined(__SSE2__) || defined(_M_X64) || (defined(_M_IX86_FP) && _M_IX86_FP >= 2)
#include <emmintrin.h>
#define CSV_ROWS_SSE2 1
#endif

namespace csv_scan {

// Bit k set: the byte p[k] (k < 64) is `delim` or `\n`.
inline uint64_t separatorMask64(const uint8_t* p, uint8_t delim) {
#ifdef CSV_ROWS_SSE2
  const __m128i d = _mm_set1_epi8(static_cast<char>(delim)), nl = _mm_set1_epi8('\n');
  uint64_t m = 0;
  for (int q = 0; q < 4; q++) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * q));
    const __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(v, d), _mm_cmpeq_epi8(v, nl));
    m |= static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(hit))) << (16 * q);
  }
  return m;
#else
  uint64_t m = 0;
  for (int k = 0; k < 64; k++) m |= static_cast<uint64_t>(p[k] == delim || p[k] == '\n') << k;
  return m;
#endif
}

// Bit k set (k < 16): p[k] is not an ASCII digit. Without SSE2 a bit may also be set after a byte ≥ 0xFA
// (digitRun's carries), never missing: such a field then goes to the byte-by-byte reader.
inline uint32_t nonDigitMask16(const uint8_t* p) {
#ifdef CSV_ROWS_SSE2
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  // (b − '0') as a signed byte after flipping the top bit: digits are −128…−119.
  const __m128i t = _mm_xor_si128(_mm_sub_epi8(v, _mm_set1_epi8('0')), _mm_set1_epi8(static_cast<char>(0x80)));
  return static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpgt_epi8(t, _mm_set1_epi8(static_cast<char>(-119)))));
#else
  uint32_t m = 0;
  for (int half = 0; half < 2; half++) {
    const uint64_t w = load64(p + 8 * half);
    const uint64_t hi = 0xF0F0F0F0F0F0F0F0ULL, threes = 0x3030303030303030ULL;
    const uint64_t x = ((w & hi) ^ threes) | (((w + 0x0606060606060606ULL) & hi) ^ threes);
    const uint64_t nonzero = (((x & 0x7F7F7F7F7F7F7F7FULL) + 0x7F7F7F7F7F7F7F7FULL) | x) & 0x8080808080808080ULL;
    m |= static_cast<uint32_t>(((nonzero >> 7) * 0x0102040810204080ULL) >> 56) << (8 * half);
  }
  return m;
#endif
}

inline unsigned lowestBit32(uint32_t x) {
#if defined(_MSC_VER) && !defined(__clang__)
  unsigned long k;
  _BitScanForward(&k, x);
  return static_cast<unsigned>(k);
#else
  return static_cast<unsigned>(__builtin_ctz(x));
#endif
}

inline unsigned lowestBit64(uint64_t x) {
#if defined(_MSC_VER) && !defined(__clang__)
  unsigned long k;
  _BitScanForward64(&k, x);
  return static_cast<unsigned>(k);
#else
  return static_cast<unsigned>(__builtin_ctzll(x));
#endif
}

// Bits set in x (by hand: without -mpopcnt, __builtin_popcountll is a library call).
inline unsigned popcount64(uint64_t x) {
  x = x - ((x >> 1) & 0x5555555555555555ULL);
  x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
  return static_cast<unsigned>((((x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL) * 0x0101010101010101ULL) >> 56);
}

// 0x80 in each byte of w that is not an ASCII digit, and maybe in bytes after one ≥ 0xFA (see digitRun).
inline uint64_t nonDigitBytes(uint64_t w) {
  const uint64_t hi = 0xF0F0F0F0F0F0F0F0ULL, threes = 0x3030303030303030ULL;
  const uint64_t x = ((w & hi) ^ threes) | (((w + 0x0606060606060606ULL) & hi) ^ threes);
  return (((x & 0x7F7F7F7F7F7F7F7FULL) + 0x7F7F7F7F7F7F7F7FULL) | x) & 0x8080808080808080ULL;
}

// fieldKnown for fields of at most 16 bytes after the sign: at most 8 digits on each side of the point, 15 in all.
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline))
#endif
inline bool fieldKnownLong(const uint8_t* bytes, size_t s, size_t e, size_t end, uint8_t point, double* out) {
  if (end - s >= kQuickBytes && e > s) {
    const unsigned neg = bytes[s] == '-';
    const size_t t = s + neg;
    const size_t len = e - t;
    if (len >= 1 && len <= 16) {
      const uint32_t nd = nonDigitMask16(bytes + t) & ((1U << len) - 1);
      size_t n = len;
      size_t frac = 0;
      bool plain = true;
      if (nd != 0) {
        n = lowestBit32(nd);
        plain = (nd & (nd - 1)) == 0 && n > 0 && bytes[t + n] == point;
        frac = len - n - 1;
      }
      if (plain && n <= 8 && frac <= 8 && n + frac <= 15) {
        uint64_t mant = digitsValue(load64(bytes + t), static_cast<unsigned>(n));
        if (frac > 0) mant = mant * kPow10Int[frac] + digitsValue(load64(bytes + t + n + 1), static_cast<unsigned>(frac));
        const double v = static_cast<double>(mant) / kPow10[frac];
        uint64_t bits;
        std::memcpy(&bits, &v, 8);
        bits ^= static_cast<uint64_t>(neg) << 63;
        std::memcpy(out, &bits, 8);
        return true;
      }
    }
  }
  // 16 or more digits, more than 22 decimals, an exponent: the wider reading (csv-number.h).
  return fieldSlow(bytes, s, end, point, out) == e || fieldNumber(bytes, s, e, point, out);
}

// The field bytes[s, e) (e: its delimiter, or its line end without the `\r` of `\r\n`) as fieldSlow reads it: true
// with the value in *out when fieldSlow(bytes, s, end) would read exactly up to e. Quick (one word) for at most 8
// bytes after the sign: the digits are gathered around the point into one word and converted at once (at most 8,
// an exact mantissa), value = mantissa / 10^decimals as fieldSlow divides. Longer fields: fieldKnownLong.
inline bool fieldKnown(const uint8_t* bytes, size_t s, size_t e, size_t end, uint8_t point, double* out) {
  const unsigned neg = bytes[s] == '-';
  const size_t t = s + neg;
  const size_t len = e - t;  // e ≥ s, and e = s only when bytes[s] is a separator, not '-'
  if (len - 1 >= 8 || end - s < 16) return fieldKnownLong(bytes, s, e, end, point, out);
  const uint64_t w = load64(bytes + t);
  const uint64_t inField = ~0ULL >> (64 - 8 * len);
  const uint64_t nd = nonDigitBytes(w) & inField;
  uint64_t digits = w;
  size_t count = len;
  size_t frac = 0;
  if (nd != 0) {
    const unsigned n = lowestSetByte(nd);
    // One non-digit, the point, after at least one digit.
    if ((nd & (nd - 1)) != 0 || n == 0 || ((w >> (8 * n)) & 0xFF) != point) return fieldKnownLong(bytes, s, e, end, point, out);
    const uint64_t before = (1ULL << (8 * n)) - 1;
    digits = (w & before) | ((w >> 8) & ~before);
    count = len - 1;
    frac = len - 1 - n;
  }
  const double v = static_cast<double>(digitsValue(digits, static_cast<unsigned>(count))) / kPow10[frac];
  uint64_t bits;
  std::memcpy(&bits, &v, 8);
  bits ^= static_cast<uint64_t>(neg) << 63;
  std::memcpy(out, &bits, 8);
  return true;
}

// Reads plain numeric records as scanRowsSequential does (see the file comment); holds the window's positions.
class Scanner {
 public:
  static constexpr size_t kWindow = 32 * 1024;
  static constexpr size_t kFirstWindow = 512;
  static constexpr size_t kFirstRows = 2;

  Scanner() : pos_(kWindow + 80) {}

  // Whether scan writes the kinds of the rows it reads (0, a number); a caller whose kinds are zero already
  // (fresh buffers) may leave them untouched: pages never written cost neither time nor memory.
  void writeKinds(bool write) { writeKinds_ = write; }

  size_t scan(const uint8_t* bytes, size_t i, size_t end, uint8_t delim, uint8_t point, size_t cols, double* vals, uint8_t* kinds,
              size_t maxRows, size_t* stop) {
    // Separators that could be read as part of a number, or a big-endian CPU: the byte-by-byte reader.
    if (!littleEndian() || delim == point || delim == '-' || delim == '\n' || delim == '\r' || (delim >= '0' && delim <= '9') || cols == 0) {
      return scanRowsSequential(bytes, i, end, delim, point, cols, vals, kinds, maxRows, stop, writeKinds_);
    }
    // The first records byte by byte, then windows that start small and double while whole windows read cleanly:
    // a call that stops at its first records (the tokenizer offers bulk reading at every record start of a file
    // mixing plain and other records) costs what the byte-by-byte reader costs, not a window's classification.
    size_t rows = scanRowsSequential(bytes, i, end, delim, point, cols, vals, kinds, maxRows < kFirstRows ? maxRows : kFirstRows, &i, writeKinds_);
    if (rows < kFirstRows) {
      *stop = i;
      return rows;
    }
    size_t window = kFirstWindow;
    while (rows < maxRows && i < end) {
      const size_t w0 = i;
      const size_t w1 = end - w0 > window ? w0 + window : end;
      if (window < kWindow) window *= 2;
      const size_t found = separators(bytes, w0, w1, delim);
      const uint32_t* p = pos_.data();
      size_t k = 0;
      bool failed = false;
      const size_t firstRow = rows;
      while (rows < maxRows && k + cols <= found) {
        double* row = vals + rows * cols;
        size_t s = i;
        bool ok = true;
        for (size_t c = 0; c + 1 < cols; c++) {
          const size_t e = w0 + p[k + c];
          ok &= bytes[e] == delim;
          ok &= fieldKnown(bytes, s, e, end, point, row + c);
          s = e + 1;
        }
        const size_t e = w0 + p[k + cols - 1];
        ok &= bytes[e] == '\n';
        const size_t fe = e > s && bytes[e - 1] == '\r' ? e - 1 : e;
        ok &= fieldKnown(bytes, s, fe, end, point, row + cols - 1);
        if (!ok) {
          failed = true;
          break;
        }
        rows++;
        k += cols;
        i = e + 1;
      }
      if (writeKinds_) std::memset(kinds + firstRow * cols, 0, (rows - firstRow) * cols);
      if (failed || rows == maxRows) break;
      if (i == w0) {
        // Not one whole record in the window: at the end, the record runs to `end`; else a larger window, or
        // (from kWindow) the record is read byte by byte.
        if (w1 == end) break;
        if (w1 - w0 < kWindow) continue;
        size_t at = i;
        const size_t one = scanRowsSequential(bytes, i, end, delim, point, cols, vals + rows * cols, kinds + rows * cols, 1, &at, writeKinds_);
        if (one == 0) break;
        rows++;
        i = at;
      }
    }
    *stop = i;
    return rows;
  }

 private:
  std::vector<uint32_t> pos_;
  bool writeKinds_ = true;

  // Offsets (from w0) of the delimiters and line ends in bytes[w0, w1) into pos_; returns how many.
  size_t separators(const uint8_t* bytes, size_t w0, size_t w1, uint8_t delim) {
    uint32_t* out = pos_.data();
    size_t n = 0;
    size_t j = w0;
    for (; j + 64 <= w1; j += 64) {
      uint64_t m = separatorMask64(bytes + j, delim);
      const uint32_t base = static_cast<uint32_t>(j - w0);
      const unsigned count = popcount64(m);
      // Eight written whatever the count (a byte's worth of fields is typical), the rest one by one.
      for (int q = 0; q < 8; q++) {
        out[n + q] = base + lowestBit64(m | (1ULL << 63));
        m &= m - 1;
      }
      for (unsigned q = 8; q < count; q++) {
        out[n + q] = base + lowestBit64(m);
        m &= m - 1;
      }
      n += count;
    }
    for (; j < w1; j++) {
      if (bytes[j] == delim || bytes[j] == '\n') out[n++] = static_cast<uint32_t>(j - w0);
    }
    return n;
  }
};

// scanRows: a Scanner per thread (made once: calls come at every bulk attempt of the tokenizer, often for a row or two).
inline size_t scanRows(const uint8_t* bytes, size_t i, size_t end, uint8_t delim, uint8_t point, size_t cols, double* vals, uint8_t* kinds,
                       size_t maxRows, size_t* stop) {
  thread_local Scanner scanner;
  return scanner.scan(bytes, i, end, delim, point, cols, vals, kinds, maxRows, stop);
}

}  // namespace csv_scan
