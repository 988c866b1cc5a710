// The CSV loader's native loops, shared by csv-binding.cpp (one call per piece, from a JS thread) and
// csv-parallel.cpp (a whole file on several threads):
//   scanRows       plain numeric records (see csv-binding.cpp's comment for what it reads and what it leaves)
//   blockStats     one block's convert() tail and statistics (column-stats.ts blockPartial's sums, same order)
//   histogramRows  histogramCounts (column-stats.ts) of a run of rows into one array of all columns' bins
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "csv-number.h"
#if defined(_MSC_VER) && !defined(__clang__)
#include <intrin.h>
#endif
#if defined(__SSE2__) || defined(_M_X64) || (defined(_M_IX86_FP) && _M_IX86_FP >= 2)
#include <emmintrin.h>
#define CSV_SCAN_SSE2 1
#endif

namespace csv_scan {

constexpr uint64_t kMaxExact = 9007199254740991ULL;  // 2^53 − 1
constexpr double kPow10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                               1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
constexpr uint64_t kPow10Int[9] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};

// Bytes a field's quick path may look at from its first byte: sign, 8 bytes, point, 8 bytes, `\r\n`.
constexpr size_t kQuickBytes = 24;

inline uint64_t load64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

inline unsigned lowestSetByte(uint64_t x) {
#if defined(_MSC_VER) && !defined(__clang__)
  unsigned long k;
  _BitScanForward64(&k, x);
  return static_cast<unsigned>(k) >> 3;
#else
  return static_cast<unsigned>(__builtin_ctzll(x)) >> 3;
#endif
}

// How many of the 8 bytes of w (the first in the lowest byte) are ASCII digits before the first one that is
// not (8: all are). A byte counts only if every byte before it is a digit: the additions below may carry out
// of a byte ≥ 0xFA (never a digit) into the next one, which is then past the answer.
inline unsigned digitRun(uint64_t w) {
  const uint64_t hi = 0xF0F0F0F0F0F0F0F0ULL, threes = 0x3030303030303030ULL;
  const uint64_t x = ((w & hi) ^ threes) | (((w + 0x0606060606060606ULL) & hi) ^ threes);  // byte 0 iff a digit
  const uint64_t nonzero = (((x & 0x7F7F7F7F7F7F7F7FULL) + 0x7F7F7F7F7F7F7F7FULL) | x) & 0x8080808080808080ULL;
  return nonzero == 0 ? 8 : lowestSetByte(nonzero);
}

// The value of the first n digits (1 ≤ n ≤ 8) of w, its first byte the most significant digit. Subtracting '0'
// may borrow into the bytes after the n digits, which the shift drops.
inline uint64_t digitsValue(uint64_t w, unsigned n) {
  uint64_t v = (w - 0x3030303030303030ULL) << (8 * (8 - n));
  v = v * 10 + (v >> 8);
  v = (((v & 0x000000FF000000FFULL) * (100 + (1000000ULL << 32))) + (((v >> 16) & 0x000000FF000000FFULL) * (1 + (10000ULL << 32)))) >> 32;
  return v & 0xFFFFFFFFULL;
}

inline bool littleEndian() {
  const uint16_t one = 1;
  uint8_t first;
  std::memcpy(&first, &one, 1);
  return first == 1;
}

// One field from bytes[i] (see the file comment of csv-binding.cpp), byte by byte: the value into *out and the
// index of the byte after it (its delimiter or line end), or SIZE_MAX when the field is not a plain number.
inline size_t fieldSlow(const uint8_t* bytes, size_t i, size_t end, uint8_t point, double* out) {
  const bool neg = bytes[i] == '-';
  if (neg) i++;
  const size_t intStart = i;
  uint64_t mant = 0;
  bool exact = true;
  while (i < end) {
    const unsigned d = static_cast<unsigned>(bytes[i]) - '0';
    if (d > 9) break;
    mant = mant * 10 + d;
    if (mant > kMaxExact) exact = false, mant = kMaxExact + 1;  // mant only grows: stays too big
    i++;
  }
  if (i == intStart || i >= end) return SIZE_MAX;
  size_t frac = 0;
  if (bytes[i] == point) {
    const size_t fracStart = ++i;
    while (i < end) {
      const unsigned d = static_cast<unsigned>(bytes[i]) - '0';
      if (d > 9) break;
      mant = mant * 10 + d;
      if (mant > kMaxExact) exact = false, mant = kMaxExact + 1;
      i++;
    }
    if (i >= end) return SIZE_MAX;
    frac = i - fracStart;
  }
  if (!exact || frac > 22) return SIZE_MAX;
  const double m = static_cast<double>(mant);
  const double v = frac == 0 ? m : m / kPow10[frac];
  *out = neg ? -v : v;
  return i;
}

// fieldSlow's answer, eight bytes at a time when at least kQuickBytes remain (quick: little-endian CPUs): at most
// 7 digits before and 7 after the point, so the mantissa is below 10^14 and exact; the same mantissa and the same
// division (by 10^0 = 1 when there are no decimals: exact), the sign flipped as negation flips it. Anything
// else (8 digits or more on a side, a byte past the quick window) is read by fieldSlow.
inline size_t field(const uint8_t* bytes, size_t i, size_t end, uint8_t point, bool quick, double* out) {
  if (!quick || end - i < kQuickBytes) return fieldSlow(bytes, i, end, point, out);
  const uint8_t* p = bytes + i;
  const unsigned neg = p[0] == '-';
  p += neg;
  const uint64_t w = load64(p);
  const unsigned n = digitRun(w);
  if (n == 0 || n == 8) return fieldSlow(bytes, i, end, point, out);
  uint64_t mant = digitsValue(w, n);
  p += n;
  unsigned frac = 0;
  if (*p == point) {
    const uint64_t f = load64(p + 1);
    frac = digitRun(f);
    if (frac == 8) return fieldSlow(bytes, i, end, point, out);
    if (frac > 0) mant = mant * kPow10Int[frac] + digitsValue(f, frac);
    p += 1 + frac;
  }
  const double v = static_cast<double>(mant) / kPow10[frac];
  uint64_t bits;
  std::memcpy(&bits, &v, 8);
  bits ^= static_cast<uint64_t>(neg) << 63;
  std::memcpy(out, &bits, 8);
  return static_cast<size_t>(p - bytes);
}

// Reads whole plain numeric records of `cols` fields from bytes[i, end) into vals/kinds (row after row, kinds 0),
// at most maxRows; returns how many, *stop = the first byte not read (the start of the record it stopped at).
// Field after field: each field's end depends on the one before (see Scanner for the faster way).
inline size_t scanRowsSequential(const uint8_t* bytes, size_t i, size_t end, uint8_t delim, uint8_t point, size_t cols, double* vals,
                                 uint8_t* kinds, size_t maxRows, size_t* stop, bool writeKinds = true) {
  const bool quick = littleEndian();
  size_t rows = 0;
  double* row = vals;
  while (rows < maxRows) {
    const size_t recordStart = i;
    bool ok = true;
    for (size_t c = 0; c < cols; c++) {
      if (i >= end) return *stop = recordStart, rows;
      const size_t s = i;
      i = field(bytes, i, end, point, quick, row + c);
      // Not a short number, or one that goes on (an exponent …): the wider reading (csv-number.h).
      if (i == SIZE_MAX || (bytes[i] != delim && bytes[i] != '\n' && bytes[i] != '\r')) i = fieldWide(bytes, s, end, delim, point, row + c);
      if (i == SIZE_MAX) {
        ok = false;
        break;
      }
      const uint8_t b = bytes[i];
      if (c + 1 < cols) {
        if (b != delim) {
          ok = false;
          break;
        }
        i++;
      } else if (b == '\n') {
        i++;
      } else if (b == '\r' && i + 1 < end && bytes[i + 1] == '\n') {
        i += 2;
      } else {
        ok = false;
      }
    }
    if (!ok) return *stop = recordStart, rows;
    if (writeKinds) std::memset(kinds, 0, cols);
    kinds += cols;
    row += cols;
    rows++;
  }
  *stop = i;
  return rows;
}

// The block statistics of column-stats.ts (blockPartial's measureOne/measurePair), same order of additions: per
// column, n, Σx in row order, min/max by < and >, mean = Σx / n, M2 = Σ(x − mean)² in row order. which[c]: 0 skip,
// 1 missing count only, 2 measured. Also convert()'s last loop: a cell that is not a number becomes missing (1, NaN).
// The passes go along the rows with one accumulator per column (each column's additions still in row order, so
// the same bits as a pass down each column) instead of one pass per column across every row of the block.
inline void blockStats(double* values, uint8_t* missing, size_t cells, size_t cols, const uint8_t* which, double* absent, double* n,
                       double* mean, double* m2, double* lo, double* hi) {
  constexpr size_t kStack = 64;
  double stack[4 * kStack];
  std::vector<double> heap(cols > kStack ? 4 * cols : 0);
  double* count = cols > kStack ? heap.data() : stack;
  double* sum = count + cols;
  double* min = sum + cols;
  double* max = min + cols;
  for (size_t c = 0; c < cols; c++) count[c] = 0, sum[c] = 0, min[c] = __builtin_inf(), max[c] = -__builtin_inf();
  // A block without a missing cell (the usual one) goes two columns at a time: the same additions per column in row
  // order, min/max as `x < min ? x : min` (minpd/maxpd are exactly that), count = rows.
  uint8_t anyMissing = 0;
  for (size_t i = 0; i < cells; i++) anyMissing |= missing[i];
#ifdef CSV_SCAN_SSE2
  const bool paired = anyMissing == 0;
#else
  const bool paired = false;
#endif
  if (paired) {
#ifdef CSV_SCAN_SSE2
    for (size_t r = 0; r < cells; r += cols) {
      const double* v = values + r;
      size_t c = 0;
      for (; c + 2 <= cols; c += 2) {
        const __m128d x = _mm_loadu_pd(v + c);
        _mm_storeu_pd(sum + c, _mm_add_pd(_mm_loadu_pd(sum + c), x));
        _mm_storeu_pd(min + c, _mm_min_pd(x, _mm_loadu_pd(min + c)));
        _mm_storeu_pd(max + c, _mm_max_pd(x, _mm_loadu_pd(max + c)));
      }
      for (; c < cols; c++) {
        const double x = v[c];
        sum[c] += x;
        if (x < min[c]) min[c] = x;
        if (x > max[c]) max[c] = x;
      }
    }
    for (size_t c = 0; c < cols; c++) count[c] = static_cast<double>(cells / cols);
#endif
  } else {
    for (size_t r = 0; r < cells; r += cols) {
      double* v = values + r;
      uint8_t* m = missing + r;
      for (size_t c = 0; c < cols; c++) {
        if (m[c] != 0) {
          m[c] = 1;
          v[c] = __builtin_nan("");
          continue;
        }
        const double x = v[c];
        count[c] += 1;
        sum[c] += x;
        if (x < min[c]) min[c] = x;
        if (x > max[c]) max[c] = x;
      }
    }
  }
  const size_t rows = cells / cols;
  bool spread = false;
  for (size_t c = 0; c < cols; c++) {
    if (which[c] == 0) continue;
    absent[c] = static_cast<double>(rows) - count[c];
    if (which[c] != 2 || count[c] == 0) continue;
    // The sums become the means; min/max are stored now, M2 after the second pass.
    mean[c] = sum[c] / count[c];
    n[c] = count[c];
    lo[c] = min[c];
    hi[c] = max[c];
    spread = true;
  }
  if (!spread) return;
  double* q = sum;
  double* mu = min;
  for (size_t c = 0; c < cols; c++) {
    q[c] = 0;
    // A column not measured gets a NaN mean: its sums are never stored.
    mu[c] = which[c] == 2 && count[c] > 0 ? mean[c] : __builtin_nan("");
  }
  for (size_t r = 0; r < cells; r += cols) {
    const double* v = values + r;
    const uint8_t* m = missing + r;
    size_t c = 0;
#ifdef CSV_SCAN_SSE2
    if (paired) {
      // A product then a sum, each rounded, as `q += e * e` is (no fused multiply-add: -ffp-contract=off).
      for (; c + 2 <= cols; c += 2) {
        const __m128d e = _mm_sub_pd(_mm_loadu_pd(v + c), _mm_loadu_pd(mu + c));
        _mm_storeu_pd(q + c, _mm_add_pd(_mm_loadu_pd(q + c), _mm_mul_pd(e, e)));
      }
    }
#endif
    for (; c < cols; c++) {
      if (m[c] != 0) continue;
      const double e = v[c] - mu[c];
      q[c] += e * e;
    }
  }
  for (size_t c = 0; c < cols; c++) {
    if (which[c] == 2 && count[c] > 0) m2[c] = q[c];
  }
}

// histogramCounts of rows [fromRow, toRow) (column-stats.ts) added into counts, column c's bins from Σ bins[0..c):
// k = ⌊(x − lo)·scale⌋ (JavaScript's |0: the product is NaN or infinite only when scale is, and |0 makes that 0),
// clamped to the last bin; columns with bins[c] ≤ 0 are skipped. Blocks of rows that stay in cache, as there; a
// block without missing cells goes row by row, two adjacent columns' bins found at once where SSE2 has it
// (cvttpd2dq gives INT32_MIN where the cast above gives 0: both are clamped to bin 0). Counts are whole numbers,
// so the order they are added in does not matter.
inline void histogramRows(const double* values, const uint8_t* missing, size_t fromRow, size_t toRow, size_t cols, const int32_t* bins,
                          const double* lo, const double* scale, double* counts) {
  const size_t blockRows = 65536 / cols > 0 ? 65536 / cols : 1;
#ifdef CSV_SCAN_SSE2
  std::vector<double*> first(cols, nullptr);
  {
    double* at = counts;
    for (size_t c = 0; c < cols; c++) {
      if (bins[c] > 0) first[c] = at, at += bins[c];
    }
  }
#endif
  for (size_t r0 = fromRow; r0 < toRow; r0 += blockRows) {
    const size_t r1 = r0 + blockRows < toRow ? r0 + blockRows : toRow;
    const size_t end = r1 * cols;
#ifdef CSV_SCAN_SSE2
    uint8_t anyMissing = 0;
    for (size_t i = r0 * cols; i < end; i++) anyMissing |= missing[i];
    if (anyMissing == 0) {
      for (size_t r = r0; r < r1; r++) {
        const double* v = values + r * cols;
        size_t c = 0;
        for (; c + 2 <= cols; c += 2) {
          if (bins[c] <= 0 || bins[c + 1] <= 0) {
            for (size_t d = c; d < c + 2; d++) {
              if (bins[d] <= 0) continue;
              const double t = (v[d] - lo[d]) * scale[d];
              const int32_t k = t < 2147483648.0 && t > -2147483649.0 ? static_cast<int32_t>(t) : 0;
              first[d][k > bins[d] - 1 ? bins[d] - 1 : (k < 0 ? 0 : k)] += 1;
            }
            continue;
          }
          const __m128i k = _mm_cvttpd_epi32(_mm_mul_pd(_mm_sub_pd(_mm_loadu_pd(v + c), _mm_loadu_pd(lo + c)), _mm_loadu_pd(scale + c)));
          const int32_t k0 = _mm_cvtsi128_si32(k), k1 = _mm_cvtsi128_si32(_mm_srli_si128(k, 4));
          first[c][k0 > bins[c] - 1 ? bins[c] - 1 : (k0 < 0 ? 0 : k0)] += 1;
          first[c + 1][k1 > bins[c + 1] - 1 ? bins[c + 1] - 1 : (k1 < 0 ? 0 : k1)] += 1;
        }
        for (; c < cols; c++) {
          if (bins[c] <= 0) continue;
          const double t = (v[c] - lo[c]) * scale[c];
          const int32_t k = t < 2147483648.0 && t > -2147483649.0 ? static_cast<int32_t>(t) : 0;
          first[c][k > bins[c] - 1 ? bins[c] - 1 : (k < 0 ? 0 : k)] += 1;
        }
      }
      continue;
    }
#endif
    double* cnt = counts;
    for (size_t c = 0; c < cols; c++) {
      if (bins[c] <= 0) continue;
      const double l = lo[c], s = scale[c];
      const int32_t top = bins[c] - 1;
      for (size_t i = r0 * cols + c; i < end; i += cols) {
        if (missing[i] != 0) continue;
        const double t = (values[i] - l) * s;
        const int32_t k = t < 2147483648.0 && t > -2147483649.0 ? static_cast<int32_t>(t) : 0;
        cnt[k > top ? top : (k < 0 ? 0 : k)] += 1;
      }
      cnt += bins[c];
    }
  }
}

}  // namespace csv_scan
