// The variants of the training kernels (see train.h), one instruction set each, chosen by the caller's
// dense::Variant. Built with -ffp-contract=off (binding.gyp): a compiler allowed to contract would turn
// vmul + vadd into an FMA and change the last bit.
#include "train.h"

#include <array>
#include <cmath>
#include <cstring>
#include <utility>
#include <vector>

#include "simd.h"

namespace train {

// The training kernels per instruction set: the tile code of train-tile.inc over simd.h's operations.
#if SIMD_X86_MULTI
namespace avx512 {
using namespace simd::avx512;
#define TARGET SIMD_TARGET_AVX512
#include "train-tile.inc"
#undef TARGET
}  // namespace avx512

namespace avx2 {
using namespace simd::avx2;
#define TARGET SIMD_TARGET_AVX2
#include "train-tile.inc"
#undef TARGET
}  // namespace avx2
#endif

#if SIMD_X86
namespace sse2 {
using namespace simd::sse2;
#define TARGET
#include "train-tile.inc"
#undef TARGET
}  // namespace sse2
#endif

namespace scalar {
using namespace simd::scalar;
#define TARGET
#include "train-tile.inc"
#undef TARGET
}  // namespace scalar

// gemmColumn of a variant (C = A·B for one column, rows in the lanes; A's rows adjacent).
static void gemmColumn(dense::Variant v, const double* a, size_t sak, const double* b, double* c, const double* bias, size_t m, size_t k) {
  switch (v) {
#if SIMD_X86_MULTI
    case dense::Variant::avx512: return avx512::gemmColumn(a, sak, b, c, bias, m, k);
    case dense::Variant::avx2: return avx2::gemmColumn(a, sak, b, c, bias, m, k);
#endif
#if SIMD_X86
    case dense::Variant::sse2: return sse2::gemmColumn(a, sak, b, c, bias, m, k);
#endif
    default: return scalar::gemmColumn(a, sak, b, c, bias, m, k);
  }
}

// One column (a layer of one unit: its forward product and kernel gradient): the tiles would use one lane of each
// vec, so the rows go in the lanes instead, A's rows made adjacent first when they are not (a copy: exact; it lives
// on per thread, at most 256 Ki values, 2 MB: larger products take the tiles).
static bool byColumn(dense::Variant v, size_t sai, size_t sak, size_t m, size_t k, size_t n, size_t ld) {
  return n == 1 && ld == 8 && m >= 8 && k > 0 && v != dense::Variant::scalar && (sai == 8 || (sak == 8 && sai == k * 8 && m * k <= (size_t{1} << 18)));
}

void gemm(dense::Variant v, char* base, size_t a, size_t sai, size_t sak, size_t b, size_t c, bool hasBias, size_t bias,
          size_t m, size_t k, size_t n, size_t ld) {
  if (byColumn(v, sai, sak, m, k, n, ld)) {
    const auto* pb = reinterpret_cast<const double*>(base + b);
    auto* pc = reinterpret_cast<double*>(base + c);
    const double* pbias = hasBias ? reinterpret_cast<const double*>(base + bias) : nullptr;
    if (sai == 8) return gemmColumn(v, reinterpret_cast<const double*>(base + a), sak, pb, pc, pbias, m, k);
    thread_local std::vector<double> at;
    if (at.size() < m * k) at.resize(m * k);
    transpose(v, reinterpret_cast<const double*>(base + a), at.data(), m, k);
    return gemmColumn(v, at.data(), m * 8, pb, pc, pbias, m, k);
  }
  switch (v) {
#if SIMD_X86_MULTI
    case dense::Variant::avx512: return avx512::gemm(base, a, sai, sak, b, c, hasBias, bias, m, k, n, ld);
    case dense::Variant::avx2: return avx2::gemm(base, a, sai, sak, b, c, hasBias, bias, m, k, n, ld);
#endif
#if SIMD_X86
    case dense::Variant::sse2: return sse2::gemm(base, a, sai, sak, b, c, hasBias, bias, m, k, n, ld);
#endif
    default: return scalar::gemm(base, a, sai, sak, b, c, hasBias, bias, m, k, n, ld);
  }
}

void gemmRide(dense::Variant v, char* base, size_t a, size_t sai, size_t sak, size_t b, size_t c, bool hasBias, size_t bias,
              size_t m, size_t k, size_t n, size_t ld, AdamRide* ride) {
  // (a one-column product is quick by rows in the lanes: Adam waits for the next product)
  if (byColumn(v, sai, sak, m, k, n, ld)) return gemm(v, base, a, sai, sak, b, c, hasBias, bias, m, k, n, ld);
  switch (v) {
#if SIMD_X86_MULTI
    case dense::Variant::avx512: return avx512::gemm(base, a, sai, sak, b, c, hasBias, bias, m, k, n, ld, ride);
    case dense::Variant::avx2: return avx2::gemm(base, a, sai, sak, b, c, hasBias, bias, m, k, n, ld, ride);
#endif
#if SIMD_X86
    case dense::Variant::sse2: return sse2::gemm(base, a, sai, sak, b, c, hasBias, bias, m, k, n, ld, ride);
#endif
    default: return scalar::gemm(base, a, sai, sak, b, c, hasBias, bias, m, k, n, ld, ride);
  }
}

void rideFinish(dense::Variant v, AdamRide* ride) {
  const size_t i = ride->i, rest = ride->n - ride->i;
  if (rest > 0) {
    adam(v, ride->w + i, ride->g + i, ride->m + i, ride->v + i, rest, ride->alpha, ride->c1, ride->c2, ride->eps);
    if (ride->mirror != nullptr) std::memcpy(ride->mirror + i, ride->w + i, rest * sizeof(double));
  }
  ride->i = ride->n;
  for (; ride->next < ride->count; ride->next++) {
    const AdamSegment& s = ride->segments[ride->next];
    if (s.n == 0) continue;
    adam(v, s.w, s.g, s.m, s.v, s.n, ride->alpha, ride->c1, ride->c2, ride->eps);
    if (s.mirror != nullptr) std::memcpy(s.mirror, s.w, s.n * sizeof(double));
  }
}

void adam(dense::Variant v, double* w, const double* grad, double* m, double* vs, size_t n, double alpha, double c1, double c2,
          double eps) {
  switch (v) {
#if SIMD_X86_MULTI
    case dense::Variant::avx512: return avx512::adam(w, grad, m, vs, n, alpha, c1, c2, eps);
    case dense::Variant::avx2: return avx2::adam(w, grad, m, vs, n, alpha, c1, c2, eps);
#endif
#if SIMD_X86
    case dense::Variant::sse2: return sse2::adam(w, grad, m, vs, n, alpha, c1, c2, eps);
#endif
    default: return scalar::adam(w, grad, m, vs, n, alpha, c1, c2, eps);
  }
}

void relu(dense::Variant v, const double* z, double* a, size_t n) {
  switch (v) {
#if SIMD_X86_MULTI
    case dense::Variant::avx512: return avx512::relu(z, a, n);
    case dense::Variant::avx2: return avx2::relu(z, a, n);
#endif
#if SIMD_X86
    case dense::Variant::sse2: return sse2::relu(z, a, n);
#endif
    default: return scalar::relu(z, a, n);
  }
}

void reluBackward(dense::Variant v, const double* z, double* g, size_t n) {
  switch (v) {
#if SIMD_X86_MULTI
    case dense::Variant::avx512: return avx512::reluBackward(z, g, n);
    case dense::Variant::avx2: return avx2::reluBackward(z, g, n);
#endif
#if SIMD_X86
    case dense::Variant::sse2: return sse2::reluBackward(z, g, n);
#endif
    default: return scalar::reluBackward(z, g, n);
  }
}

void gatherRows(const double* src, size_t width, const int32_t* order, size_t n, double* dst, const int32_t* next, size_t nextCount) {
  for (size_t r = 0; r < n; r++) std::memcpy(dst + r * width, src + static_cast<size_t>(order[r]) * width, width * sizeof(double));
#if defined(__GNUC__) || defined(__clang__)
  // Rows picked at random from a large training set are cache misses; fetched now, they arrive while this batch trains.
  for (size_t r = 0; r < nextCount; r++) {
    const char* row = reinterpret_cast<const char*>(src + static_cast<size_t>(next[r]) * width);
    for (size_t b = 0; b < width * sizeof(double); b += 64) __builtin_prefetch(row + b);
    __builtin_prefetch(row + width * sizeof(double) - 1);
  }
#else
  (void)next;
  (void)nextCount;
#endif
}

#if SIMD_X86_MULTI
// 4 × 4 blocks transposed in registers (AVX, so AVX2 and AVX-512 CPUs run it), the edges one value at a time.
__attribute__((target("avx2"))) static void transpose4(const double* src, double* dst, size_t rows, size_t cols) {
  const size_t rows4 = rows - rows % 4, cols4 = cols - cols % 4;
  for (size_t i = 0; i < rows4; i += 4) {
    for (size_t j = 0; j < cols4; j += 4) {
      const __m256d r0 = _mm256_loadu_pd(src + i * cols + j), r1 = _mm256_loadu_pd(src + (i + 1) * cols + j);
      const __m256d r2 = _mm256_loadu_pd(src + (i + 2) * cols + j), r3 = _mm256_loadu_pd(src + (i + 3) * cols + j);
      const __m256d t0 = _mm256_unpacklo_pd(r0, r1), t1 = _mm256_unpackhi_pd(r0, r1);  // (00 10 02 12), (01 11 03 13)
      const __m256d t2 = _mm256_unpacklo_pd(r2, r3), t3 = _mm256_unpackhi_pd(r2, r3);  // (20 30 22 32), (21 31 23 33)
      _mm256_storeu_pd(dst + j * rows + i, _mm256_permute2f128_pd(t0, t2, 0x20));
      _mm256_storeu_pd(dst + (j + 1) * rows + i, _mm256_permute2f128_pd(t1, t3, 0x20));
      _mm256_storeu_pd(dst + (j + 2) * rows + i, _mm256_permute2f128_pd(t0, t2, 0x31));
      _mm256_storeu_pd(dst + (j + 3) * rows + i, _mm256_permute2f128_pd(t1, t3, 0x31));
    }
    for (size_t r = i; r < i + 4; r++)
      for (size_t j = cols4; j < cols; j++) dst[j * rows + r] = src[r * cols + j];
  }
  for (size_t r = rows4; r < rows; r++)
    for (size_t j = 0; j < cols; j++) dst[j * rows + r] = src[r * cols + j];
}
#endif

void transpose(dense::Variant v, const double* src, double* dst, size_t rows, size_t cols) {
#if SIMD_X86_MULTI
  if (v == dense::Variant::avx512 || v == dense::Variant::avx2) return transpose4(src, dst, rows, cols);
#endif
  (void)v;
  // 8 × 8 blocks, so both the rows read and the rows written stay in cache.
  for (size_t i0 = 0; i0 < rows; i0 += 8) {
    const size_t i1 = i0 + 8 < rows ? i0 + 8 : rows;
    for (size_t j0 = 0; j0 < cols; j0 += 8) {
      const size_t j1 = j0 + 8 < cols ? j0 + 8 : cols;
      for (size_t i = i0; i < i1; i++)
        for (size_t j = j0; j < j1; j++) dst[j * rows + i] = src[i * cols + j];
    }
  }
}

}  // namespace train
