// The variants of the exact dense layer (see dense.h), one instruction set each, and the choice among
// them at run time. Built with -ffp-contract=off (binding.gyp): a compiler allowed to contract would
// turn vmul + vadd into an FMA and change the last bit.
#include "dense.h"

#include <array>
#include <cstdlib>
#include <cstring>
#include <utility>

#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__) || defined(_M_IX86)
#define DENSE_X86 1
#include <immintrin.h>
#endif
#if DENSE_X86 && (defined(__GNUC__) || defined(__clang__))
// GCC and clang compile AVX code per function (target attributes), so one binary serves every x86 CPU.
#define DENSE_X86_MULTI 1
#endif

namespace dense {

// Bytes of a layer's input rows per block (see forward in dense-tile.inc): with a 256 KB weight panel, within a
// 1 MB L2. Measured on Zen 5 (1 MB L2): 96, 192, 384, 640 KB all within 5 %; 384 KB best for 1024 inputs.
#ifndef DENSE_BLOCK_BYTES
#define DENSE_BLOCK_BYTES (384 * 1024)
#endif
static constexpr size_t kBlockBytes = DENSE_BLOCK_BYTES;

#if DENSE_X86_MULTI
namespace avx512 {
#define TARGET __attribute__((target("avx512f")))
#define OP TARGET static inline __attribute__((always_inline))
typedef __m512d vec;
// Tiles of 6 rows × 4 vecs (24 accumulators of 32 registers). Measured on Zen 5, one core, GFLOP/s for
// 100×100 / 784×128 / 1024×1024 layers: 6×4 107/117/124, 4×4 105/112/120, 8×3 89/113/119, 4×6 110/115/118,
// 12×2 48/72/69 (the peak, two 8-lane multiplies and two 8-lane adds per cycle at ~4 GHz, is about 128).
static constexpr int LANES = 8, VMAX = 4, RMAX = 6;
OP vec vzero() { return _mm512_setzero_pd(); }
OP vec vload(const double* p) { return _mm512_load_pd(p); }
OP vec vbcast(const double* p) { return _mm512_set1_pd(*p); }
OP vec vadd(vec a, vec b) { return _mm512_add_pd(a, b); }
OP vec vmul(vec a, vec b) { return _mm512_mul_pd(a, b); }
// z < 0 ? 0 : z, lane by lane (NaN and −0 pass through, as in the engine's relu).
OP vec vrelu(vec z) { return _mm512_mask_mov_pd(z, _mm512_cmp_pd_mask(z, _mm512_setzero_pd(), _CMP_LT_OQ), _mm512_setzero_pd()); }
OP void vstore(double* p, vec v) { _mm512_storeu_pd(p, v); }
OP void vstorePart(double* p, vec v, int n) { _mm512_mask_storeu_pd(p, static_cast<__mmask8>((1u << n) - 1), v); }
#include "dense-tile.inc"
#undef OP
#undef TARGET
}  // namespace avx512

namespace avx2 {
#define TARGET __attribute__((target("avx2")))
#define OP TARGET static inline __attribute__((always_inline))
typedef __m256d vec;
static constexpr int LANES = 4, VMAX = 3, RMAX = 4;
OP vec vzero() { return _mm256_setzero_pd(); }
OP vec vload(const double* p) { return _mm256_load_pd(p); }
OP vec vbcast(const double* p) { return _mm256_broadcast_sd(p); }
OP vec vadd(vec a, vec b) { return _mm256_add_pd(a, b); }
OP vec vmul(vec a, vec b) { return _mm256_mul_pd(a, b); }
OP vec vrelu(vec z) { return _mm256_blendv_pd(z, _mm256_setzero_pd(), _mm256_cmp_pd(z, _mm256_setzero_pd(), _CMP_LT_OQ)); }
OP void vstore(double* p, vec v) { _mm256_storeu_pd(p, v); }
OP void vstorePart(double* p, vec v, int n) {
  const __m256i lanes = _mm256_set_epi64x(3, 2, 1, 0);
  _mm256_maskstore_pd(p, _mm256_cmpgt_epi64(_mm256_set1_epi64x(n), lanes), v);
}
#include "dense-tile.inc"
#undef OP
#undef TARGET
}  // namespace avx2
#endif

#if DENSE_X86
// SSE2 is part of every x86-64 CPU: no target attribute needed.
namespace sse2 {
#define TARGET
#define OP static inline
typedef __m128d vec;
static constexpr int LANES = 2, VMAX = 3, RMAX = 3;
OP vec vzero() { return _mm_setzero_pd(); }
OP vec vload(const double* p) { return _mm_load_pd(p); }
OP vec vbcast(const double* p) { return _mm_load1_pd(p); }
OP vec vadd(vec a, vec b) { return _mm_add_pd(a, b); }
OP vec vmul(vec a, vec b) { return _mm_mul_pd(a, b); }
OP vec vrelu(vec z) { return _mm_andnot_pd(_mm_cmplt_pd(z, _mm_setzero_pd()), z); }
OP void vstore(double* p, vec v) { _mm_storeu_pd(p, v); }
OP void vstorePart(double* p, vec v, int) { _mm_store_sd(p, v); }
#include "dense-tile.inc"
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
OP vec vload(const double* p) { return *p; }
OP vec vbcast(const double* p) { return *p; }
OP vec vadd(vec a, vec b) { return a + b; }
OP vec vmul(vec a, vec b) { return a * b; }
OP vec vrelu(vec z) { return z < 0 ? 0.0 : z; }
OP void vstore(double* p, vec v) { *p = v; }
OP void vstorePart(double* p, vec v, int) { *p = v; }
#include "dense-tile.inc"
#undef OP
#undef TARGET
}  // namespace scalar

const char* variantName(Variant v) {
  switch (v) {
    case Variant::avx512: return "avx512";
    case Variant::avx2: return "avx2";
    case Variant::sse2: return "sse2";
    case Variant::scalar: return "scalar";
  }
  return "unknown";
}

bool variantSupported(Variant v) {
  switch (v) {
#if DENSE_X86_MULTI
    case Variant::avx512: __builtin_cpu_init(); return __builtin_cpu_supports("avx512f");
    case Variant::avx2: __builtin_cpu_init(); return __builtin_cpu_supports("avx2");
#endif
#if DENSE_X86
    case Variant::sse2: return true;
#endif
    case Variant::scalar: return true;
    default: return false;
  }
}

Variant bestVariant() {
  for (Variant v : {Variant::avx512, Variant::avx2, Variant::sse2}) {
    if (variantSupported(v)) return v;
  }
  return Variant::scalar;
}

size_t panelWidth(Variant v) {
  switch (v) {
#if DENSE_X86_MULTI
    case Variant::avx512: return avx512::VMAX * avx512::LANES;
    case Variant::avx2: return avx2::VMAX * avx2::LANES;
#endif
#if DENSE_X86
    case Variant::sse2: return sse2::VMAX * sse2::LANES;
#endif
    default: return scalar::VMAX * scalar::LANES;
  }
}

static void* alignedAlloc(size_t bytes) {
#if defined(_MSC_VER)
  return _aligned_malloc(bytes, 64);
#else
  void* p = nullptr;
  return posix_memalign(&p, 64, bytes) == 0 ? p : nullptr;
#endif
}

static void alignedFree(void* p) {
#if defined(_MSC_VER)
  _aligned_free(p);
#else
  free(p);
#endif
}

bool pack(Variant v, const double* kernel, const double* bias, size_t inputs, size_t units, PackedLayer* out) {
  const size_t width = panelWidth(v);
  const size_t panels = (units + width - 1) / width;
  const size_t weightCount = panels * inputs * width;
  const size_t bytes = (weightCount + panels * width + 8) * sizeof(double);
  double* mem = static_cast<double*>(alignedAlloc(bytes));
  if (mem == nullptr) return false;
  std::memset(mem, 0, bytes);
  for (size_t p = 0; p < panels; p++) {
    const size_t first = p * width;
    const size_t here = units - first < width ? units - first : width;
    double* panel = mem + p * inputs * width;
    for (size_t i = 0; i < inputs; i++) std::memcpy(panel + i * width, kernel + i * units + first, here * sizeof(double));
  }
  double* b = mem + weightCount;
  std::memcpy(b, bias, units * sizeof(double));
  *out = PackedLayer{v, inputs, units, width, panels, mem, b, bytes};
  return true;
}

void release(PackedLayer* layer) {
  if (layer->weights != nullptr) alignedFree(layer->weights);
  layer->weights = nullptr;
  layer->bias = nullptr;
}

void forward(const PackedLayer& layer, const double* x, size_t rows, double* out, bool relu) {
  switch (layer.variant) {
#if DENSE_X86_MULTI
    case Variant::avx512: return avx512::forward(layer, x, rows, out, relu);
    case Variant::avx2: return avx2::forward(layer, x, rows, out, relu);
#endif
#if DENSE_X86
    case Variant::sse2: return sse2::forward(layer, x, rows, out, relu);
#endif
    default: return scalar::forward(layer, x, rows, out, relu);
  }
}

}  // namespace dense
