// The variants of the training kernels (see train.h), one instruction set each, chosen by the caller's
// dense::Variant. Built with -ffp-contract=off (binding.gyp): a compiler allowed to contract would turn
// vmul + vadd into an FMA and change the last bit.
#include "train.h"

#include <array>
#include <cmath>
#include <cstring>
#include <utility>

#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__) || defined(_M_IX86)
#define TRAIN_X86 1
#include <immintrin.h>
#endif
#if TRAIN_X86 && (defined(__GNUC__) || defined(__clang__))
#define TRAIN_X86_MULTI 1
#endif

namespace train {

#if TRAIN_X86_MULTI
namespace avx512 {
#define TARGET __attribute__((target("avx512f")))
#define OP TARGET static inline __attribute__((always_inline))
typedef __m512d vec;
// Tiles of 6 rows × 4 vecs: 24 accumulators, 4 B vectors and a broadcast within 32 registers.
static constexpr int LANES = 8, VMAX = 4, RMAX = 6;
OP __mmask8 lanes(int n) { return static_cast<__mmask8>((1u << n) - 1); }
OP vec vzero() { return _mm512_setzero_pd(); }
OP vec vloadu(const double* p) { return _mm512_loadu_pd(p); }
OP vec vloadPart(const double* p, int n) { return _mm512_maskz_loadu_pd(lanes(n), p); }
OP vec vbcast(const double* p) { return _mm512_set1_pd(*p); }
OP vec vset1(double x) { return _mm512_set1_pd(x); }
OP vec vadd(vec a, vec b) { return _mm512_add_pd(a, b); }
OP vec vsub(vec a, vec b) { return _mm512_sub_pd(a, b); }
OP vec vmul(vec a, vec b) { return _mm512_mul_pd(a, b); }
OP vec vdiv(vec a, vec b) { return _mm512_div_pd(a, b); }
OP vec vsqrt(vec a) { return _mm512_sqrt_pd(a); }
OP void vstoreu(double* p, vec v) { _mm512_storeu_pd(p, v); }
OP void vstorePart(double* p, vec v, int n) { _mm512_mask_storeu_pd(p, lanes(n), v); }
// z < 0 ? 0 : z, and z > 0 ? g : 0, lane by lane (a NaN z gives NaN and 0, as the JavaScript comparisons do)
OP vec vrelu(vec z) { return _mm512_mask_mov_pd(z, _mm512_cmp_pd_mask(z, _mm512_setzero_pd(), _CMP_LT_OQ), _mm512_setzero_pd()); }
OP vec vkeepPositive(vec z, vec g) { return _mm512_maskz_mov_pd(_mm512_cmp_pd_mask(z, _mm512_setzero_pd(), _CMP_GT_OQ), g); }
#include "train-tile.inc"
#undef OP
#undef TARGET
}  // namespace avx512

namespace avx2 {
#define TARGET __attribute__((target("avx2")))
#define OP TARGET static inline __attribute__((always_inline))
typedef __m256d vec;
static constexpr int LANES = 4, VMAX = 3, RMAX = 4;
OP __m256i lanes(int n) { return _mm256_cmpgt_epi64(_mm256_set1_epi64x(n), _mm256_set_epi64x(3, 2, 1, 0)); }
OP vec vzero() { return _mm256_setzero_pd(); }
OP vec vloadu(const double* p) { return _mm256_loadu_pd(p); }
OP vec vloadPart(const double* p, int n) { return _mm256_maskload_pd(p, lanes(n)); }
OP vec vbcast(const double* p) { return _mm256_broadcast_sd(p); }
OP vec vset1(double x) { return _mm256_set1_pd(x); }
OP vec vadd(vec a, vec b) { return _mm256_add_pd(a, b); }
OP vec vsub(vec a, vec b) { return _mm256_sub_pd(a, b); }
OP vec vmul(vec a, vec b) { return _mm256_mul_pd(a, b); }
OP vec vdiv(vec a, vec b) { return _mm256_div_pd(a, b); }
OP vec vsqrt(vec a) { return _mm256_sqrt_pd(a); }
OP void vstoreu(double* p, vec v) { _mm256_storeu_pd(p, v); }
OP void vstorePart(double* p, vec v, int n) { _mm256_maskstore_pd(p, lanes(n), v); }
OP vec vrelu(vec z) { return _mm256_blendv_pd(z, _mm256_setzero_pd(), _mm256_cmp_pd(z, _mm256_setzero_pd(), _CMP_LT_OQ)); }
OP vec vkeepPositive(vec z, vec g) { return _mm256_and_pd(_mm256_cmp_pd(z, _mm256_setzero_pd(), _CMP_GT_OQ), g); }
#include "train-tile.inc"
#undef OP
#undef TARGET
}  // namespace avx2
#endif

#if TRAIN_X86
namespace sse2 {
#define TARGET
#define OP static inline
typedef __m128d vec;
static constexpr int LANES = 2, VMAX = 3, RMAX = 3;
OP vec vzero() { return _mm_setzero_pd(); }
OP vec vloadu(const double* p) { return _mm_loadu_pd(p); }
OP vec vloadPart(const double* p, int) { return _mm_load_sd(p); }
OP vec vbcast(const double* p) { return _mm_load1_pd(p); }
OP vec vset1(double x) { return _mm_set1_pd(x); }
OP vec vadd(vec a, vec b) { return _mm_add_pd(a, b); }
OP vec vsub(vec a, vec b) { return _mm_sub_pd(a, b); }
OP vec vmul(vec a, vec b) { return _mm_mul_pd(a, b); }
OP vec vdiv(vec a, vec b) { return _mm_div_pd(a, b); }
OP vec vsqrt(vec a) { return _mm_sqrt_pd(a); }
OP void vstoreu(double* p, vec v) { _mm_storeu_pd(p, v); }
OP void vstorePart(double* p, vec v, int) { _mm_store_sd(p, v); }
OP vec vrelu(vec z) { return _mm_andnot_pd(_mm_cmplt_pd(z, _mm_setzero_pd()), z); }
OP vec vkeepPositive(vec z, vec g) { return _mm_and_pd(_mm_cmpgt_pd(z, _mm_setzero_pd()), g); }
#include "train-tile.inc"
#undef OP
#undef TARGET
}  // namespace sse2
#endif

// Plain C++ for every other CPU (and the reference the SIMD variants are tested against).
namespace scalar {
#define TARGET
#define OP static inline
typedef double vec;
static constexpr int LANES = 1, VMAX = 4, RMAX = 4;
OP vec vzero() { return 0.0; }
OP vec vloadu(const double* p) { return *p; }
OP vec vloadPart(const double* p, int) { return *p; }
OP vec vbcast(const double* p) { return *p; }
OP vec vset1(double x) { return x; }
OP vec vadd(vec a, vec b) { return a + b; }
OP vec vsub(vec a, vec b) { return a - b; }
OP vec vmul(vec a, vec b) { return a * b; }
OP vec vdiv(vec a, vec b) { return a / b; }
OP vec vsqrt(vec a) { return std::sqrt(a); }
OP void vstoreu(double* p, vec v) { *p = v; }
OP void vstorePart(double* p, vec v, int) { *p = v; }
OP vec vrelu(vec z) { return z < 0 ? 0.0 : z; }
OP vec vkeepPositive(vec z, vec g) { return z > 0 ? g : 0.0; }
#include "train-tile.inc"
#undef OP
#undef TARGET
}  // namespace scalar

void gemm(dense::Variant v, char* base, size_t a, size_t sai, size_t sak, size_t b, size_t c, bool hasBias, size_t bias,
          size_t m, size_t k, size_t n, size_t ld) {
  switch (v) {
#if TRAIN_X86_MULTI
    case dense::Variant::avx512: return avx512::gemm(base, a, sai, sak, b, c, hasBias, bias, m, k, n, ld);
    case dense::Variant::avx2: return avx2::gemm(base, a, sai, sak, b, c, hasBias, bias, m, k, n, ld);
#endif
#if TRAIN_X86
    case dense::Variant::sse2: return sse2::gemm(base, a, sai, sak, b, c, hasBias, bias, m, k, n, ld);
#endif
    default: return scalar::gemm(base, a, sai, sak, b, c, hasBias, bias, m, k, n, ld);
  }
}

void adam(dense::Variant v, double* w, const double* grad, double* m, double* vs, size_t n, double alpha, double c1, double c2,
          double eps) {
  switch (v) {
#if TRAIN_X86_MULTI
    case dense::Variant::avx512: return avx512::adam(w, grad, m, vs, n, alpha, c1, c2, eps);
    case dense::Variant::avx2: return avx2::adam(w, grad, m, vs, n, alpha, c1, c2, eps);
#endif
#if TRAIN_X86
    case dense::Variant::sse2: return sse2::adam(w, grad, m, vs, n, alpha, c1, c2, eps);
#endif
    default: return scalar::adam(w, grad, m, vs, n, alpha, c1, c2, eps);
  }
}

void relu(dense::Variant v, const double* z, double* a, size_t n) {
  switch (v) {
#if TRAIN_X86_MULTI
    case dense::Variant::avx512: return avx512::relu(z, a, n);
    case dense::Variant::avx2: return avx2::relu(z, a, n);
#endif
#if TRAIN_X86
    case dense::Variant::sse2: return sse2::relu(z, a, n);
#endif
    default: return scalar::relu(z, a, n);
  }
}

void reluBackward(dense::Variant v, const double* z, double* g, size_t n) {
  switch (v) {
#if TRAIN_X86_MULTI
    case dense::Variant::avx512: return avx512::reluBackward(z, g, n);
    case dense::Variant::avx2: return avx2::reluBackward(z, g, n);
#endif
#if TRAIN_X86
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

#if TRAIN_X86_MULTI
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
#if TRAIN_X86_MULTI
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
