// The vector operations the exact kernels are written in (dense-tile.inc, train-tile.inc), once per
// instruction set: simd::avx512, simd::avx2, simd::sse2 and simd::scalar. Each namespace defines vec,
// LANES (doubles per vec), VMAX (vecs per column panel), RMAX (rows per register tile) and the operations
// vzero, vload (aligned), vloadu, vloadPart (first n lanes, the rest 0), vbcast, vset1, vadd, vsub, vmul, vdiv,
// vsqrt, vstoreu, vstorePart (first n lanes), vstoreF32 (each lane rounded to float, as static_cast<float>),
// vrelu (z < 0 ? 0 : z) and vkeepPositive (z > 0 ? g : 0).
// Every operation rounds each lane as scalar code does; there is no fused multiply-add (and the build's
// -ffp-contract=off keeps the compiler from making one out of vmul + vadd).
// A kernel file includes its tile code inside `namespace X { using namespace simd::X; #define TARGET SIMD_TARGET_X … }`.
#pragma once

#include <cmath>

#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__) || defined(_M_IX86)
#define SIMD_X86 1
#include <immintrin.h>
#endif
#if SIMD_X86 && (defined(__GNUC__) || defined(__clang__))
// GCC and clang compile AVX code per function (target attributes), so one binary serves every x86 CPU.
#define SIMD_X86_MULTI 1
#endif

#define SIMD_TARGET_AVX512 __attribute__((target("avx512f")))
#define SIMD_TARGET_AVX512VL __attribute__((target("avx512f,avx512vl")))
#define SIMD_TARGET_AVX2 __attribute__((target("avx2")))

namespace simd {

#if SIMD_X86_MULTI
namespace avx512 {
#define OP SIMD_TARGET_AVX512 static inline __attribute__((always_inline))
typedef __m512d vec;
typedef double real;
// Tiles of 6 rows × 4 vecs (24 accumulators of 32 registers). Measured on Zen 5, one core, GFLOP/s for
// 100×100 / 784×128 / 1024×1024 layers: 6×4 107/117/124, 4×4 105/112/120, 8×3 89/113/119, 4×6 110/115/118,
// 12×2 48/72/69 (the peak, two 8-lane multiplies and two 8-lane adds per cycle at ~4 GHz, is about 128).
static constexpr int LANES = 8, VMAX = 4, RMAX = 6;
OP __mmask8 lanes(int n) { return static_cast<__mmask8>((1u << n) - 1); }
OP vec vzero() { return _mm512_setzero_pd(); }
OP vec vload(const double* p) { return _mm512_load_pd(p); }
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
OP void vstoreF32(float* p, vec v) { _mm256_storeu_ps(p, _mm512_cvtpd_ps(v)); }
// z < 0 ? 0 : z, and z > 0 ? g : 0, lane by lane (NaN and −0 pass through relu; a NaN z keeps no gradient,
// as the engine's JavaScript comparisons do)
OP vec vrelu(vec z) { return _mm512_mask_mov_pd(z, _mm512_cmp_pd_mask(z, _mm512_setzero_pd(), _CMP_LT_OQ), _mm512_setzero_pd()); }
OP vec vkeepPositive(vec z, vec g) { return _mm512_maskz_mov_pd(_mm512_cmp_pd_mask(z, _mm512_setzero_pd(), _CMP_GT_OQ), g); }
#undef OP
}  // namespace avx512

namespace avx2 {
#define OP SIMD_TARGET_AVX2 static inline __attribute__((always_inline))
typedef __m256d vec;
typedef double real;
static constexpr int LANES = 4, VMAX = 3, RMAX = 4;
OP __m256i lanes(int n) { return _mm256_cmpgt_epi64(_mm256_set1_epi64x(n), _mm256_set_epi64x(3, 2, 1, 0)); }
OP vec vzero() { return _mm256_setzero_pd(); }
OP vec vload(const double* p) { return _mm256_load_pd(p); }
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
OP void vstoreF32(float* p, vec v) { _mm_storeu_ps(p, _mm256_cvtpd_ps(v)); }
OP vec vrelu(vec z) { return _mm256_blendv_pd(z, _mm256_setzero_pd(), _mm256_cmp_pd(z, _mm256_setzero_pd(), _CMP_LT_OQ)); }
OP vec vkeepPositive(vec z, vec g) { return _mm256_and_pd(_mm256_cmp_pd(z, _mm256_setzero_pd(), _CMP_GT_OQ), g); }
#undef OP
}  // namespace avx2

// float32 mode (dense-tile.inc with real = float): the same tiles on 16 / 8 floats a vec; each lane computes
// acc = acc + x·w in float32 (one rounding per multiply, one per add, as Math.fround of each), no FMA.
namespace avx512f32 {
#define OP SIMD_TARGET_AVX512 static inline __attribute__((always_inline))
typedef __m512 vec;
typedef float real;
// 6 rows × 4 vecs, as float64 (same registers, twice the lanes).
static constexpr int LANES = 16, VMAX = 4, RMAX = 6;
OP __mmask16 lanes(int n) { return static_cast<__mmask16>((1u << n) - 1); }
OP vec vzero() { return _mm512_setzero_ps(); }
OP vec vload(const float* p) { return _mm512_load_ps(p); }
OP vec vbcast(const float* p) { return _mm512_set1_ps(*p); }
OP vec vadd(vec a, vec b) { return _mm512_add_ps(a, b); }
OP vec vmul(vec a, vec b) { return _mm512_mul_ps(a, b); }
OP void vstoreu(float* p, vec v) { _mm512_storeu_ps(p, v); }
OP void vstorePart(float* p, vec v, int n) { _mm512_mask_storeu_ps(p, lanes(n), v); }
OP vec vrelu(vec z) { return _mm512_mask_mov_ps(z, _mm512_cmp_ps_mask(z, _mm512_setzero_ps(), _CMP_LT_OQ), _mm512_setzero_ps()); }
#undef OP
}  // namespace avx512f32

// float64 on 256-bit vecs with AVX-512's 32 registers (AVX-512VL), for CPUs that run a 512-bit operation as two
// 256-bit halves (Zen 4: dense::prefer256(), as avx512f32y below): the same multiply then add per lane as avx512,
// so the same bits, in tiles of 6 rows × 4 vecs with the inputs broadcast first.
namespace avx512y {
#define OP SIMD_TARGET_AVX512VL static inline __attribute__((always_inline))
typedef __m256d vec;
typedef double real;
static constexpr int LANES = 4, VMAX = 4, RMAX = 6;
OP __mmask8 lanes(int n) { return static_cast<__mmask8>((1u << n) - 1); }
OP vec vzero() { return _mm256_setzero_pd(); }
OP vec vload(const double* p) { return _mm256_load_pd(p); }
OP vec vbcast(const double* p) { return _mm256_broadcast_sd(p); }
OP vec vadd(vec a, vec b) { return _mm256_add_pd(a, b); }
OP vec vmul(vec a, vec b) { return _mm256_mul_pd(a, b); }
OP void vstoreu(double* p, vec v) { _mm256_storeu_pd(p, v); }
OP void vstorePart(double* p, vec v, int n) { _mm256_mask_storeu_pd(p, lanes(n), v); }
OP vec vrelu(vec z) { return _mm256_mask_mov_pd(z, _mm256_cmp_pd_mask(z, _mm256_setzero_pd(), _CMP_LT_OQ), _mm256_setzero_pd()); }
#undef OP
}  // namespace avx512y

// The same float32 arithmetic on 256-bit vecs with AVX-512's 32 registers (AVX-512VL), for CPUs that run a 512-bit
// operation as two 256-bit halves (Zen 4: see dense::prefer256()). Measured there (784→128 float32 layer in 73-row
// chunks, one core, CPU time): 6 rows × 4 of these vecs, inputs broadcast first, 95.7 GFLOP/s; 4 × 4 94.1; 3 × 8 92.0;
// avx512f32's 6 × 4 zmm 80.1 and 3 × 8 zmm 84.5 (zmm tiles gain as they broadcast fewer inputs per multiply-add, so a
// 512-bit broadcast seems to cost Zen 4 more than a 256-bit one). With the other core's thread busy the ymm tiles
// sometimes drop to about the zmm tiles' speed.
namespace avx512f32y {
#define OP SIMD_TARGET_AVX512VL static inline __attribute__((always_inline))
typedef __m256 vec;
typedef float real;
static constexpr int LANES = 8, VMAX = 4, RMAX = 6;
OP __mmask8 lanes(int n) { return static_cast<__mmask8>((1u << n) - 1); }
OP vec vzero() { return _mm256_setzero_ps(); }
OP vec vload(const float* p) { return _mm256_load_ps(p); }
OP vec vbcast(const float* p) { return _mm256_broadcast_ss(p); }
OP vec vadd(vec a, vec b) { return _mm256_add_ps(a, b); }
OP vec vmul(vec a, vec b) { return _mm256_mul_ps(a, b); }
OP void vstoreu(float* p, vec v) { _mm256_storeu_ps(p, v); }
OP void vstorePart(float* p, vec v, int n) { _mm256_mask_storeu_ps(p, lanes(n), v); }
OP vec vrelu(vec z) { return _mm256_mask_mov_ps(z, _mm256_cmp_ps_mask(z, _mm256_setzero_ps(), _CMP_LT_OQ), _mm256_setzero_ps()); }
#undef OP
}  // namespace avx512f32y

namespace avx2f32 {
#define OP SIMD_TARGET_AVX2 static inline __attribute__((always_inline))
typedef __m256 vec;
typedef float real;
static constexpr int LANES = 8, VMAX = 3, RMAX = 4;
OP __m256i lanes(int n) { return _mm256_cmpgt_epi32(_mm256_set1_epi32(n), _mm256_set_epi32(7, 6, 5, 4, 3, 2, 1, 0)); }
OP vec vzero() { return _mm256_setzero_ps(); }
OP vec vload(const float* p) { return _mm256_load_ps(p); }
OP vec vbcast(const float* p) { return _mm256_broadcast_ss(p); }
OP vec vadd(vec a, vec b) { return _mm256_add_ps(a, b); }
OP vec vmul(vec a, vec b) { return _mm256_mul_ps(a, b); }
OP void vstoreu(float* p, vec v) { _mm256_storeu_ps(p, v); }
OP void vstorePart(float* p, vec v, int n) { _mm256_maskstore_ps(p, lanes(n), v); }
OP vec vrelu(vec z) { return _mm256_blendv_ps(z, _mm256_setzero_ps(), _mm256_cmp_ps(z, _mm256_setzero_ps(), _CMP_LT_OQ)); }
#undef OP
}  // namespace avx2f32
#endif

#if SIMD_X86
// SSE2 is part of every x86-64 CPU: no target attribute needed.
namespace sse2 {
#define OP static inline
typedef __m128d vec;
typedef double real;
static constexpr int LANES = 2, VMAX = 3, RMAX = 3;
OP vec vzero() { return _mm_setzero_pd(); }
OP vec vload(const double* p) { return _mm_load_pd(p); }
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
OP void vstoreF32(float* p, vec v) { _mm_storel_pi(reinterpret_cast<__m64*>(p), _mm_cvtpd_ps(v)); }
OP vec vrelu(vec z) { return _mm_andnot_pd(_mm_cmplt_pd(z, _mm_setzero_pd()), z); }
OP vec vkeepPositive(vec z, vec g) { return _mm_and_pd(_mm_cmpgt_pd(z, _mm_setzero_pd()), g); }
#undef OP
}  // namespace sse2
#endif

// Plain C++ for every other CPU (and the reference the SIMD variants are tested against).
namespace scalar {
#define OP static inline
typedef double vec;
typedef double real;
static constexpr int LANES = 1, VMAX = 4, RMAX = 4;
OP vec vzero() { return 0.0; }
OP vec vload(const double* p) { return *p; }
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
OP void vstoreF32(float* p, vec v) { *p = static_cast<float>(v); }
OP vec vrelu(vec z) { return z < 0 ? 0.0 : z; }
OP vec vkeepPositive(vec z, vec g) { return z > 0 ? g : 0.0; }
#undef OP
}  // namespace scalar

// float32 mode in plain C++ (every other CPU; float arithmetic in SSE registers or the like, never wider).
namespace scalarf32 {
#define OP static inline
typedef float vec;
typedef float real;
static constexpr int LANES = 1, VMAX = 4, RMAX = 4;
OP vec vzero() { return 0.0f; }
OP vec vload(const float* p) { return *p; }
OP vec vbcast(const float* p) { return *p; }
OP vec vadd(vec a, vec b) { return a + b; }
OP vec vmul(vec a, vec b) { return a * b; }
OP void vstoreu(float* p, vec v) { *p = v; }
OP void vstorePart(float* p, vec v, int) { *p = v; }
OP vec vrelu(vec z) { return z < 0 ? 0.0f : z; }
#undef OP
}  // namespace scalarf32

}  // namespace simd
